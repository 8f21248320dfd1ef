from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("org/<str:uscc>/public/", views.public_issue, name="public"),
    path("association/<int:pk>/", views.issue_form, name="issue"),
    path("verify/", views.verify_start, name="verify_start"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
