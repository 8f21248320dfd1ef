from django.urls import path

from xinyong.security import views as security_views

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sessions/", security_views.session_list, name="sessions"),
    path("sessions/end-others/", security_views.session_end_others, name="sessions_end_others"),
]
