"""Every API error is JSON: ``{"detail": <a sentence for people, in the active language>,
"code": <a stable word for programs>}``, with the right status code (and ``Retry-After`` on 429).

Domain errors raised by services and selectors (``xinyong.errors``) and Django's ValidationError
keep their own message, so the API says exactly what the pages say.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from xinyong.errors import DomainError


class BadRequest(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = {403: "not_allowed", 409: "conflict"}.get(exc.status_code, "invalid")
        return _error(str(exc), code, exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return _error(" ".join(exc.messages), "invalid", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404 | exceptions.NotFound):
        detail = exc.detail if isinstance(exc, exceptions.NotFound) and _custom(exc) else _("未找到。")
        return _error(str(detail), "not_found", status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = _(
            "缺少接口密钥：请在请求头 Authorization 中以 “Bearer <接口密钥>” 提供"
            "（或使用 X-API-Key 请求头）。"
        )
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        exc.wait = wait
        # The words of the pages' 429 (templates/429.html), so the catalogue has them once.
        exc.detail = " ".join(
            (
                _("查询过于频繁，请稍后再试。"),
                ngettext("请在 %(seconds)s 秒后重新查询。", "请在 %(seconds)s 秒后重新查询。", wait)
                % {"seconds": wait},
            )
        )
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = _("不支持 %(method)s 请求。") % {"method": context["request"].method}
    elif isinstance(exc, exceptions.NotAcceptable):
        exc.detail = _("只提供 JSON 格式（application/json）。")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: a server error, left to Django
    response.data = _body(exc)
    return response


def _custom(exc: exceptions.APIException) -> bool:
    return str(exc.detail) != str(exc.default_detail)


def _body(exc: exceptions.APIException) -> dict:
    detail = exc.detail
    code = getattr(exc, "default_code", "error")
    if isinstance(detail, dict | list):
        errors = exc.get_full_details()
        messages = _flatten(detail)
        return {"detail": " ".join(messages) or _("请求有误。"), "code": code, "errors": errors}
    return {"detail": str(detail), "code": getattr(detail, "code", None) or code}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _error(detail: str, code: str, status_code: int) -> Response:
    return Response({"detail": detail, "code": code}, status=status_code)


def not_found(request, path: str = ""):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return JsonResponse(
        {"detail": _("没有这个接口地址，请查阅接口文档 /api/docs/。"), "code": "not_found"},
        status=status.HTTP_404_NOT_FOUND,
        json_dumps_params={"ensure_ascii": False},
    )
