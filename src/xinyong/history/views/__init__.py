from .pages import history_page

__all__ = ["history_page"]
