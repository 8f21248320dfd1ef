"""Eligibility check for partner departments (R-MEA-3): is an association under a measure on a day?

A department query like the shared profile (``xinyong.api.shared_views.DepartmentQueryView``):
an API key with the query permission, a stated purpose, and one QueryLog row per call, naming
the association and the basis records returned.
"""

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from xinyong.api.errors import BadRequest
from xinyong.api.public_views import find_association
from xinyong.api.schema import PURPOSE, RETRY_AFTER, USCC_SCHEMA, error
from xinyong.api.shared_views import DEPARTMENT_ERRORS, DepartmentQueryView
from xinyong.records.choices import Category, Kind

from .choices import Direction
from .models import Measure, MeasureKind
from .selectors import measures_on

KIND_PATTERN = r"^[-a-zA-Z0-9_]{1,50}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class BasisRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("信用记录编号"))
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_display = serializers.CharField()
    category = serializers.ChoiceField(choices=[c for c in Category.choices if c[0] != Category.BASIC])
    category_display = serializers.CharField()
    event_date = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("记录的日期；该日期保密时为 null")
    )


class AppliedBySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("authority", "authority"), ("department", "department")])
    name = serializers.CharField(help_text=gettext_lazy("实施的登记管理机关或相关部门"))


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=gettext_lazy("措施种类代码"))
    kind_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    direction_display = serializers.CharField()
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    decision_number = serializers.CharField(help_text=gettext_lazy("决定文号，可能为空"))
    applied_by = AppliedBySerializer()
    basis = BasisRecordSerializer(many=True)


class EligibilitySerializer(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    on = serializers.DateField()
    kind = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("查询的措施种类代码；null 为任意种类")
    )
    under_measure = serializers.BooleanField(help_text=gettext_lazy("当日是否处于所查措施之下"))
    measures = MeasureSerializer(many=True)


def _day(request) -> date:
    raw = request.query_params.get("on")
    if raw is None:
        return timezone.localdate()
    try:
        if not re.fullmatch(DATE_PATTERN, raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(
            _("日期“%(value)s”无效：on 参数应为 YYYY-MM-DD 格式的日期，例如 2026-03-01。")
            % {"value": raw[:40]},
            code="invalid_date",
        ) from None


def _kind(request) -> MeasureKind | None:
    raw = request.query_params.get("kind")
    if raw is None:
        return None
    if not re.fullmatch(KIND_PATTERN, raw):
        raise BadRequest(
            _("措施种类代码“%(value)s”格式有误：应为字母、数字、连字符或下划线，至多50个字符。")
            % {"value": raw[:40]},
            code="invalid_kind",
        )
    kind = MeasureKind.objects.filter(code=raw).first()
    if kind is None:
        raise exceptions.NotFound(_("没有代码为 %(code)s 的措施种类。") % {"code": raw})
    return kind


def _basis(record) -> dict:
    hidden = bool(record.confidentiality) or "event_date" in record.confidential_fields
    return {
        "id": record.pk,
        "kind": record.kind,
        "kind_display": record.get_kind_display(),
        "category": record.category,
        "category_display": record.get_category_display(),
        "event_date": None if hidden else record.event_date,
    }


def measure_data(measure: Measure) -> dict:
    return {
        "id": measure.pk,
        "kind": measure.kind.code,
        "kind_name": measure.kind.name,
        "direction": measure.kind.direction,
        "direction_display": measure.kind.get_direction_display(),
        "start_on": measure.start_on,
        "end_on": measure.end_on,
        "decision_number": measure.decision_number,
        "applied_by": {
            "type": "authority" if measure.applied_by_authority_id else "department",
            "name": measure.applied_by_name,
        },
        "basis": [_basis(r) for r in sorted(measure.basis_records.all(), key=lambda r: r.pk)],
    }


class SharedMeasures(DepartmentQueryView):
    @extend_schema(
        operation_id="shared_measures_check",
        summary=gettext_lazy("部门共享：是否处于激励惩戒措施之下"),
        description=gettext_lazy(
            "回答协会在某一日期是否处于某种（不给 kind 时为任意种类）激励或惩戒措施之下，"
            "并列出当日实施中的每项措施、期限、实施机关或部门及所依据的信用记录。"
            "措施在起始日期和截止日期当天均有效；解除之日起不再有效。"
        ),
        parameters=[
            OpenApiParameter(
                "uscc", USCC_SCHEMA, required=True, description=gettext_lazy("统一社会信用代码")
            ),
            OpenApiParameter(
                "kind",
                {"type": "string", "pattern": KIND_PATTERN, "example": "restrict-purchase"},
                description=gettext_lazy("措施种类代码，如 restrict-purchase；不给时查询任意种类"),
            ),
            OpenApiParameter(
                "on",
                {"type": "string", "format": "date"},
                description=gettext_lazy("查询的日期（YYYY-MM-DD），默认今天"),
            ),
            PURPOSE,
            RETRY_AFTER,
        ],
        responses={
            200: EligibilitySerializer,
            404: error(gettext_lazy("没有该代码的协会，或没有该代码的措施种类")),
            **DEPARTMENT_ERRORS,
        },
        tags=["shared"],
    )
    def get(self, request):
        code = request.query_params.get("uscc")
        if not code:
            raise BadRequest(_("请在 uscc 参数中给出要查询的统一社会信用代码。"), code="uscc_required")
        day = _day(request)
        kind = _kind(request)
        association = find_association(code)
        measures = measures_on(association, on=day)
        if kind is not None:
            measures = measures.filter(kind=kind)
        data = [measure_data(m) for m in measures]
        self.returned_associations.append(association.uscc)
        self.returned_records.extend(b["id"] for m in data for b in m["basis"])
        return Response(
            {
                "uscc": association.uscc,
                "name": association.name,
                "on": day,
                "kind": kind.code if kind else None,
                "under_measure": bool(data),
                "measures": data,
            }
        )
