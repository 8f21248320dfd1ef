"""The change feed API (R-QRY-3): publication changes after a cursor, so mirrors stay in sync."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import PublicationChange
from .services import ensure_synced

MAX_LIMIT = 1000


class ChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicationChange
        fields = [
            "id",
            "at",
            "effective_on",
            "subject",
            "object_id",
            "association_uscc",
            "change",
            "reason",
            "data",
        ]


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
    corrected to confidential, no evidence left, or the publication period ended). Each event
    carries the full public form after the change, so applying events in order is idempotent.
    Start from ``after=0`` or from the ``feed_cursor`` of an open-data export's manifest."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="上次收到的最后一个变更编号；从头开始为 0"),
            OpenApiParameter("limit", int, description=f"每次最多返回的变更数（1–{MAX_LIMIT}）"),
        ],
        responses=FeedSerializer,
    )
    def get(self, request):
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        after, limit = query.validated_data["after"], query.validated_data["limit"]
        ensure_synced()
        rows = list(PublicationChange.objects.filter(id__gt=after).order_by("id")[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        return Response(
            {
                "changes": ChangeSerializer(rows, many=True).data,
                "next": rows[-1].id if rows else after,
                "has_more": more,
            }
        )
