from django.urls import path

from . import views

app_name = "objections"

urlpatterns = [
    path("", views.objection_list, name="list"),
    path("new/", views.objection_create, name="create"),
    path("<int:pk>/", views.objection_detail, name="detail"),
    path("<int:pk>/withdraw/", views.objection_withdraw_view, name="withdraw"),
    path("<int:pk>/verify/", views.objection_verify_view, name="verify"),
    path("<int:pk>/conclude/", views.objection_conclude_view, name="conclude"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
