from .pages import association_history, record_history

__all__ = ["association_history", "record_history"]
