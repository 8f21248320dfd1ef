"""The change feed API (R-QRY-3): publication changes after a cursor, so mirrors stay in sync."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xinyong.api.schema import RETRY_AFTER, THROTTLED, error
from xinyong.api.throttles import FeedRateThrottle

from .feed import feed_page
from .models import Change, Subject
from .services import ensure_synced

MAX_LIMIT = 1000


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    effective_on = serializers.DateField(help_text=_("变更生效的日期（公示期满：不再公示的第一天）"))
    subject = serializers.ChoiceField(choices=Subject.choices)
    object_id = serializers.IntegerField()
    association_uscc = serializers.CharField()
    change = serializers.ChoiceField(choices=Change.choices)
    reason = serializers.CharField(allow_blank=True)
    data = serializers.JSONField(
        allow_null=True,
        help_text=_(
            "该对象此刻的公开内容；只随该对象最新的一条变更给出，且仅在其仍在公示时。"
            "为 null 时，镜像应删除其持有的该对象内容。"
        ),
    )


class FeedSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True)
    next = serializers.IntegerField(help_text=_("下一次请求的 after 参数"))
    has_more = serializers.BooleanField()


class FeedQuery(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0, default=0, help_text=_("上次收到的最后一个变更编号；从头开始为 0")
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=500)


class FeedView(APIView):
    """Publication changes in order: 公示 (published), 变更 (changed) and 撤下 (withdrawn: revoked,
    marked confidential, no evidence left, or the publication period ended). ``data`` is the
    object's public form now, given with its latest event while it is public; otherwise null,
    and a mirror deletes its copy. Replaying from ``after=0`` (or from an open-data export's
    ``feed_cursor``) ends with exactly what is published now."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [FeedRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="上次收到的最后一个变更编号；从头开始为 0"),
            OpenApiParameter("limit", int, description=f"每次最多返回的变更数（1–{MAX_LIMIT}）"),
            RETRY_AFTER,
        ],
        responses={200: FeedSerializer, 400: error(_("参数有误")), 429: THROTTLED},
    )
    def get(self, request):
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        after, limit = query.validated_data["after"], query.validated_data["limit"]
        ensure_synced()
        changes, more = feed_page(after=after, limit=limit, on=timezone.localdate())
        return Response(
            {
                "changes": ChangeSerializer(changes, many=True).data,
                "next": changes[-1]["id"] if changes else after,
                "has_more": more,
            }
        )
