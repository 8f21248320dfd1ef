from django.urls import path

from . import api

urlpatterns = [
    path("feed", api.FeedView.as_view(), name="opendata-feed"),
]
