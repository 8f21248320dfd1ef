from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.open_data, name="index"),
    path("<str:name>", views.open_data_file, name="file"),
]
