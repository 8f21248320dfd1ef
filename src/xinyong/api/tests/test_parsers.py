"""The API's body parsers (issue 13, findings 5 and 6): a JSON body nested a thousand deep, larger
than the limit, or holding NUL or a lone surrogate is a 400 with a ``code``, not a
``RecursionError`` (500) or a value PostgreSQL cannot store.

No endpoint of today's API takes a JSON body (deliveries stream theirs into the import, see
``exchange/tests/test_hostile.py``), so a small view here echoes what the parser gives; the last
test makes sure every API view parses with these parsers, so a future endpoint cannot forget.
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xinyong.api import parsers


class Echo(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"data": request.data})


urlpatterns = [path("api/echo", Echo.as_view())]
pytestmark = pytest.mark.urls(__name__)


def post(client, body: bytes | str, content_type: str = "application/json"):
    return client.generic("POST", "/api/echo", body, content_type=content_type)


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_too_deep_is_400(client, db, depth):
    response = post(client, b"[" * depth + b"]" * depth)
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON 嵌套超过 32 层，不予处理。", "code": "json_too_deep"}
    # Up to the limit, JSON is parsed as before.
    assert post(client, b"[" * 32 + b"]" * 32).status_code == 200
    response = post(client, json.dumps({"名称": ["协会", {"a": 1}]}, ensure_ascii=False).encode())
    assert response.status_code == 200 and response.json() == {"data": {"名称": ["协会", {"a": 1}]}}


def test_a_json_body_over_the_size_limit_is_400(client, db, settings):
    settings.XINYONG_API_JSON_MAX_BYTES = 1024
    response = post(client, json.dumps({"a": "x" * 2000}))
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON 请求体超过 1 KB，不予处理。", "code": "json_too_large"}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"a": "x\\u0000y"}', "空字符（U+0000）"),
        ('{"a\\u0000": 1}', "空字符（U+0000）"),
        ('{"a": ["\\ud800"]}', "不成对的代理项"),
        ('{"a": "\\udfff"}', "不成对的代理项"),
    ],
)
def test_nul_and_lone_surrogates_in_json_are_400(client, db, body, words):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters" and words in response.json()["detail"]


def test_broken_json_is_400_with_where(client, db):
    response = post(client, b'{"a": \n [1, }')
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error" and body["detail"].startswith("JSON 格式有误（第 2 行第 6 列）")


def test_form_fields_with_a_nul_are_400(client, db):
    response = post(client, "a=1&b=x%00y", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "表单字段“b”含有空字符（U+0000），无法处理：请删除后重新提交。",
        "code": "invalid_characters",
    }


def _api_views():
    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls"):
                yield pattern.callback.cls

    return {view for view in walk(get_resolver("xinyong.urls")) if issubclass(view, APIView)}


def test_every_api_view_parses_with_the_limited_parsers():
    from xinyong.exchange.api import _RawBody

    views = _api_views()
    assert len(views) >= 10
    for view in views:
        for parser in view.parser_classes:
            assert issubclass(
                parser, parsers.JSONParser | parsers.FormParser | parsers.MultiPartParser | _RawBody
            ), (
                view,
                parser,
            )
