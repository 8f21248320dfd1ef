from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("enter/", views.calendar_enter_view, name="enter"),
    path("<int:year>/", views.calendar_year, name="year"),
]
