from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "xinyong.security"
    verbose_name = "安全"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from . import receivers

        signals.user_logged_in.connect(receivers.signed_in, dispatch_uid="xinyong.security.signed_in")
        signals.user_login_failed.connect(
            receivers.sign_in_failed, dispatch_uid="xinyong.security.sign_in_failed"
        )
        signals.user_logged_out.connect(receivers.signed_out, dispatch_uid="xinyong.security.signed_out")
