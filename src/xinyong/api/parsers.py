"""The API's request-body parsers: DRF's, with limits (issue 13).

A JSON body larger than ``XINYONG_API_JSON_MAX_BYTES``, nested deeper than
``XINYONG_JSON_MAX_DEPTH``, or holding NUL or a lone surrogate in any key or string is refused
with 400 and a ``code`` (``json_too_large``, ``json_too_deep``, ``invalid_characters``) before a
view sees it — DRF's own parser reads any size and ends deep nesting in ``RecursionError``, a 500.
Form and multipart fields are held to the same characters; the pages
get the same rule from ``security.middleware.RefuseBadCharactersMiddleware``.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from xinyong import untrusted
from xinyong.security.middleware import form_problem


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = int(settings.XINYONG_API_JSON_MAX_BYTES)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(
                _("JSON 请求体超过 %(kb)s KB，不予处理。") % {"kb": f"{limit // 1024:,}"},
                code="json_too_large",
            )
        try:
            return untrusted.loads(raw.decode("utf-8"))
        except untrusted.JsonProblem as exc:
            raise ParseError(str(exc), code=exc.code) from None
        except UnicodeDecodeError:
            raise ParseError(_("JSON 请求体必须是 UTF-8 编码。"), code="parse_error") from None
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("JSON 格式有误（第 %(line)d 行第 %(column)d 列）：%(error)s")
                % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
                code="parse_error",
            ) from None


def _checked(result):
    data = result.data if isinstance(result, parsers.DataAndFiles) else result
    problem = form_problem(data)
    if problem is not None:
        raise ParseError(problem, code="invalid_characters")
    return result


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))
