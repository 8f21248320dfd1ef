from django.urls import path

from . import office_views

app_name = "api"
urlpatterns = [
    path("", office_views.key_list, name="keys"),
    path("new/", office_views.key_issue, name="issue"),
    path("<int:pk>/revoke/", office_views.key_revoke, name="revoke"),
    path("log/", office_views.log_list, name="log"),
]
