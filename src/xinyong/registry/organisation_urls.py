"""Registration authorities and partner departments in the back office (R-ACT-6)."""

from django.urls import path

from .views import organisations as views

app_name = "organisations"
urlpatterns = [
    path("authorities/", views.authority_list, name="authorities"),
    path("authorities/new/", views.authority_new, name="authority_new"),
    path("authorities/<int:pk>/", views.authority_detail, name="authority"),
    path("departments/", views.department_list, name="departments"),
    path("departments/new/", views.department_new, name="department_new"),
    path("departments/<int:pk>/", views.department_detail, name="department"),
]
