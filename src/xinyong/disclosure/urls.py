from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("org/<str:uscc>", views.profile, name="profile"),
]
