"""Sign-in, and the guards every back-office page goes through.

``submit`` is the one place where a service's typed errors become what the user sees:
NotAllowed → the 403 page with its message; StaleVersion / InvalidState → the message above the
form, status 409; ValidationError → errors at the fields, with everything typed kept.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from xinyong.errors import DomainError, NotAllowed

from .forms import add_service_errors
from .login import LoginForm
from .models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); the form sits in the page header."""


def department_message() -> str:
    return _(
        "相关部门账号通过部门共享接口查询信息，并可对本部门获授权的措施种类实施激励惩戒措施；"
        "管理后台的其他页面暂未向相关部门开放。"
    )


def office_view(view: Callable) -> Callable:
    """Back-office page: sign-in required; partner departments have none but the measures pages
    (which check their grants themselves)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role == Role.DEPARTMENT:
            raise PermissionDenied(department_message())
        return view(request, *args, **kwargs)

    return wrapper


def refuse(exc: NotAllowed) -> PermissionDenied:
    return PermissionDenied(str(exc))


def submit(
    form: forms.Form, service: Callable[..., Any], *, field_map: dict[str, str] | None = None, **kwargs
) -> tuple[Any, int]:
    """Call ``service(**kwargs)``; return (result, 200), or (None, status) with the errors on ``form``."""
    try:
        return service(**kwargs), 200
    except NotAllowed as exc:
        raise refuse(exc) from exc
    except DomainError as exc:
        form.add_error(None, str(exc))
        return None, exc.status_code
    except ValidationError as exc:
        add_service_errors(form, exc, field_map)
        return None, 200
