from django.urls import path

from xinyong.security import views as security_views

from . import password_views, two_factor_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", password_views.me, name="me"),
    path("password/", password_views.password_change, name="password_change"),
    path("password/reset/", password_views.password_reset, name="password_reset"),
    path("link/<uidb64>/<token>/", password_views.PasswordFromLinkView.as_view(), name="link"),
    path("two-factor/", two_factor_views.overview, name="two_factor"),
    path("two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/reset/<int:user_id>/", two_factor_views.reset, name="two_factor_reset"),
    path("sessions/", security_views.session_list, name="sessions"),
    path("sessions/end-others/", security_views.session_end_others, name="sessions_end_others"),
]

# Mounted at /office/users/ (xinyong.urls).
office_urlpatterns = (
    [
        path("", user_views.user_list, name="list"),
        path("new/", user_views.user_create, name="create"),
        path("<int:pk>/", user_views.user_detail, name="detail"),
        path("<int:pk>/edit/", user_views.user_modify, name="modify"),
        path("<int:pk>/resend/", user_views.user_activation_resend, name="resend"),
        path("<int:pk>/<slug:action>/", user_views.user_action, name="action"),
    ],
    "users",
)
