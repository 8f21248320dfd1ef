"""Public read API (R-ACT-1, R-QRY-1): free, anonymous, limited per client address like the pages.

Returns exactly what the public pages show, through the same selectors: search as the search page
(``registry.search``), each association as its profile page (``representation``).
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xinyong.disclosure.views import PAGE_SIZE
from xinyong.registry.models import Association
from xinyong.registry.search import search_associations

from . import params
from .errors import BadRequest
from .representation import association_profile, association_summaries
from .schema import RETRY_AFTER, THROTTLED, USCC_PATH, error
from .serializers import PageSerializer, ProfileSerializer
from .throttles import PublicRateThrottle


class SearchPageSerializer(PageSerializer):
    count_capped = serializers.BooleanField(
        help_text=gettext_lazy(
            "为真时，符合条件的协会多于 count 个，只能翻阅前 count 个；请用更长的查询词缩小范围。"
        )
    )


class SearchPagination(PageNumberPagination):
    """As the search page: 20 to a page, in the search's order (code, exact name, prefix, name, id).
    As on the page, counts stop at ``registry.search.tuning.TUNING.count_limit`` (``count_capped``)."""

    page_size = PAGE_SIZE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.object_list.capped
        return response

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param, "1")
        if not re.fullmatch(r"[1-9][0-9]{0,8}", number):
            raise BadRequest(_("页码应为正整数。"), code="invalid_page")
        return number


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]


def find_association(code: str) -> Association:
    """The association with this code; 400 for a wrong code, 404 for an unknown one."""
    code = params.uscc(code)
    association = Association.objects.select_related("authority").filter(uscc=code).first()
    if association is None:
        raise exceptions.NotFound(_("没有统一社会信用代码为 %(code)s 的协会。") % {"code": code})
    return association


class AssociationSearch(PublicView):
    public_scope = "search"

    @extend_schema(
        operation_id="associations_search",
        summary=gettext_lazy("按名称或统一社会信用代码查询协会"),
        description=gettext_lazy(
            "与公众查询页面相同：名称的任意部分（至少两个字）或18位统一社会信用代码；"
            "代码完全一致的排在最前，其次是名称完全一致、名称以查询词开头的。每页20个。"
        ),
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 2, "pattern": params.Q_PATTERN},
                required=True,
                description=gettext_lazy("协会名称的任意部分（至少两个字，不计空格），或统一社会信用代码"),
            ),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": 999_999_999},
                description=gettext_lazy("页码"),
            ),
            RETRY_AFTER,
        ],
        responses={
            200: SearchPageSerializer,
            400: error(gettext_lazy("查询词太短，或页码不是正整数")),
            404: error(gettext_lazy("没有这一页")),
            429: THROTTLED,
        },
        tags=["public"],
    )
    def get(self, request):
        raw = params.search_query(request)
        paginator = SearchPagination()
        page = paginator.paginate_queryset(search_associations(raw), request, view=self)
        return paginator.get_paginated_response(association_summaries(page, on=timezone.localdate()))


class AssociationProfile(PublicView):
    public_scope = "profile"

    @extend_schema(
        operation_id="associations_profile",
        summary=gettext_lazy("协会的公示信用信息"),
        description=gettext_lazy(
            "与协会公示页面完全相同：基本信息（保密字段除外）和在记录期限内公示的绩效、荣誉、失信信息；"
            "异议核实中的信息带有说明。草稿、已撤销、超过公示期限和保密的内容都不返回。"
        ),
        parameters=[USCC_PATH, RETRY_AFTER],
        responses={
            200: ProfileSerializer,
            400: error(gettext_lazy("统一社会信用代码有误")),
            404: error(gettext_lazy("没有该代码的协会")),
            429: THROTTLED,
        },
        tags=["public"],
    )
    def get(self, request, uscc: str):
        return Response(association_profile(find_association(uscc)))
