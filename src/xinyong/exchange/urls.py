from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/report.csv", views.batch_report, name="report"),
    path("templates/<slug:name>.<str:ext>", views.template_download, name="template"),
]
