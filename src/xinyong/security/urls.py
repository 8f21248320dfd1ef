from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("", views.log_list, name="log"),
    path("export.csv", views.log_export, name="log_export"),
]
