"""Department query API (部门共享, R-ACT-4, R-QRY-2): shared information for partner departments.

Every call needs a key with the query permission and a stated purpose (依法查询), and every call
made with a key is logged (``QueryLog``) in the same request: the key, its department, the
purpose, the request, the status and which associations and records were returned, also when the
call was refused or failed. What is shared is what is published (R-SEC-1: never state secrets,
commercial secrets or personal privacy), in the public profile's representation.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from xinyong.registry.models import Association
from xinyong.registry.search import search_queryset
from xinyong.security.throttle import client_ip

from . import params
from .auth import ApiKeyAuthentication
from .errors import BadRequest
from .models import ApiKey
from .permissions import CanQuery
from .public_views import find_association
from .representation import association_profile, association_summaries, returned_record_ids
from .schema import PURPOSE, RETRY_AFTER, THROTTLED, USCC_PATH, USCC_SCHEMA, error
from .serializers import CursorPageSerializer, ProfileBatchSerializer, ProfileSerializer
from .services import query_log_record
from .throttles import ApiKeyRateThrottle

logger = logging.getLogger(__name__)

DEPARTMENT_ERRORS = {
    400: error(gettext_lazy("参数有误，例如缺少查询目的")),
    401: error(gettext_lazy("缺少接口密钥，或密钥无效、已吊销")),
    403: error(gettext_lazy("该密钥没有查询权限")),
    429: THROTTLED,
}


class SharedPagination(CursorPagination):
    """Cursor pages in registration order (id): stable while associations are added or renamed,
    so a department can walk all matches without repeats or gaps."""

    page_size = 50
    ordering = ("id",)


class DepartmentQueryView(APIView):
    """Base of every department query: key with the query permission, rate per key, a stated
    purpose, and one ``QueryLog`` row per call made with a key, whatever its outcome."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [CanQuery]
    throttle_classes = [ApiKeyRateThrottle]
    # A NUL in the request is refused here, after the key is known, so that the refusal is
    # logged like any other (security.middleware.RefuseBadCharactersMiddleware).
    refuses_bad_characters_itself = True

    def dispatch(self, request, *args, **kwargs):
        self.returned_associations: list[str] = []
        self.returned_records: list[int] = []
        self._logged = False
        try:
            return super().dispatch(request, *args, **kwargs)
        except Exception:
            # An unexpected failure: still log that the query was made, then let Django answer 500.
            try:
                self._log(self.request, 500)
            except Exception:
                logger.exception("could not log a failed department query")
            raise

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # key, permission, rate
        problem = getattr(request._request, "bad_characters", None)
        if problem:
            raise BadRequest(problem, code="invalid_characters")
        self.purpose = params.purpose(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        self._log(request, response.status_code)
        return response

    def _log(self, request, status_code: int) -> None:
        if self._logged:
            return
        self._logged = True
        try:
            api_key = getattr(request, "auth", None)
        except exceptions.APIException:
            api_key = None
        if not isinstance(api_key, ApiKey):
            return  # no key, or a refused one: nobody to log against
        answered = status_code < 400  # an error answer returns no data, whatever was looked up
        query_log_record(
            api_key=api_key,
            purpose=params.stated_purpose(request),
            method=request.method,
            path=request.get_full_path(),
            status_code=status_code,
            client_ip=client_ip(request),
            associations=self.returned_associations if answered else [],
            records=self.returned_records if answered else [],
        )

    def profile(self, association: Association) -> dict:
        data = association_profile(association)
        self.returned_associations.append(association.uscc)
        self.returned_records.extend(returned_record_ids(data))
        return data


class SharedSearch(DepartmentQueryView):
    @extend_schema(
        operation_id="shared_associations_search",
        summary=gettext_lazy("部门共享：查询协会"),
        description=gettext_lazy(
            "与公众查询相同的匹配规则（名称的任意部分或统一社会信用代码），按登记顺序以游标分页，"
            "每页50个；用 next 链接取下一页。"
        ),
        parameters=[
            PURPOSE,
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 2, "pattern": params.Q_PATTERN},
                required=True,
                description=gettext_lazy("协会名称的任意部分（至少两个字，不计空格），或统一社会信用代码"),
            ),
            OpenApiParameter("cursor", str, description=gettext_lazy("上一页响应中 next 链接给出的游标")),
            RETRY_AFTER,
        ],
        responses={200: CursorPageSerializer, 404: error(gettext_lazy("游标无效")), **DEPARTMENT_ERRORS},
        tags=["shared"],
    )
    def get(self, request):
        raw = params.search_query(request)
        paginator = SharedPagination()
        page = paginator.paginate_queryset(search_queryset(raw), request, view=self)
        self.returned_associations.extend(a.uscc for a in page)
        return paginator.get_paginated_response(association_summaries(page, on=timezone.localdate()))


class SharedProfile(DepartmentQueryView):
    @extend_schema(
        operation_id="shared_associations_profile",
        summary=gettext_lazy("部门共享：协会的信用信息"),
        description=gettext_lazy("共享的是公示的信息，与公示页面相同；保密内容一律不返回。"),
        parameters=[USCC_PATH, PURPOSE, RETRY_AFTER],
        responses={200: ProfileSerializer, 404: error(gettext_lazy("没有该代码的协会")), **DEPARTMENT_ERRORS},
        tags=["shared"],
    )
    def get(self, request, uscc: str):
        return Response(self.profile(find_association(uscc)))


class SharedProfiles(DepartmentQueryView):
    @extend_schema(
        operation_id="shared_profiles_batch",
        summary=gettext_lazy("部门共享：批量查询"),
        description=gettext_lazy(
            "一次给出至多100个统一社会信用代码（逗号分隔），返回找到的每个协会的信用信息，"
            "以及没有找到的代码。任何一个代码有误时整次返回 400 并指出是哪一个。"
        ),
        parameters=[
            PURPOSE,
            OpenApiParameter(
                "uscc",
                {"type": "array", "items": USCC_SCHEMA, "minItems": 1, "maxItems": params.BATCH_MAX},
                required=True,
                explode=False,
                style="form",
                description=gettext_lazy("统一社会信用代码，逗号分隔，至多100个"),
            ),
            RETRY_AFTER,
        ],
        responses={200: ProfileBatchSerializer, **DEPARTMENT_ERRORS},
        tags=["shared"],
    )
    def get(self, request):
        codes = params.uscc_list(request)
        found = {a.uscc: a for a in Association.objects.select_related("authority").filter(uscc__in=codes)}
        return Response(
            {
                "results": [self.profile(found[code]) for code in codes if code in found],
                "not_found": [code for code in codes if code not in found],
            }
        )
