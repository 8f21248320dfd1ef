"""The change-log pages the apps registered (``history.registry.HistoryPage``): this module is
imported after the apps are ready, so they all have."""

from django.urls import path
from django.utils.module_loading import import_string

from .registry import history_registry

app_name = "history"
urlpatterns = [path(p.route, import_string(p.view), name=p.name) for p in history_registry.pages]
