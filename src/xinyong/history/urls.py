from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("associations/<int:pk>/", views.association_history, name="association"),
    path("records/<int:pk>/", views.record_history, name="record"),
]
