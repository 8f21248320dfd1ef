from .pages import association_create_view, association_detail, association_list, association_modify_view

__all__ = ["association_create_view", "association_detail", "association_list", "association_modify_view"]
