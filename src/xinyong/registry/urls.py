from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.association_list, name="list"),
    path("new/", views.association_create_view, name="create"),
    path("<int:pk>/", views.association_detail, name="detail"),
    path("<int:pk>/modify/", views.association_modify_view, name="modify"),
]
