"""Documentation of every response, for the OpenAPI schema (drf-spectacular).

The views build their answers from the selectors (``representation.py``); these serializers only
describe them, so the schema the docs show and schemathesis checks matches what is sent.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xinyong.records.choices import Category, Kind
from xinyong.registry.choices import AssociationStatus, RegistrationType


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("给人看的说明（当前语言）。"))
    code = serializers.CharField(help_text=_("给程序看的错误代码，如 invalid、not_found、throttled。"))
    errors = serializers.JSONField(required=False, help_text=_("逐项的错误（如有）。"))


class CountsSerializer(serializers.Serializer):
    performance = serializers.IntegerField(min_value=0, help_text=_("公示中的绩效信息条数"))
    honour = serializers.IntegerField(min_value=0, help_text=_("公示中的荣誉信息条数"))
    dishonesty = serializers.IntegerField(min_value=0, help_text=_("公示中的失信信息条数"))


class AssociationSummarySerializer(serializers.Serializer):
    uscc = serializers.CharField(help_text=_("统一社会信用代码"))
    name = serializers.CharField(help_text=_("名称"))
    registration_type = serializers.ChoiceField(choices=RegistrationType.choices)
    registration_type_display = serializers.CharField(help_text=_("登记类型"))
    authority = serializers.CharField(help_text=_("登记管理机关"))
    status = serializers.ChoiceField(choices=AssociationStatus.choices)
    status_display = serializers.CharField(help_text=_("状态"))
    published_counts = CountsSerializer()


class BranchSerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    head = serializers.CharField(required=False)


class BasicInfoSerializer(serializers.Serializer):
    """基本信息 as published: the fields marked confidential are absent (R-SEC-1)."""

    name = serializers.CharField(help_text=_("名称"))
    uscc = serializers.CharField(help_text=_("统一社会信用代码"))
    registration_type = serializers.CharField(help_text=_("登记类型"))
    authority = serializers.CharField(help_text=_("登记管理机关"))
    founded_on = serializers.DateField(help_text=_("成立登记日期"))
    status = serializers.CharField(help_text=_("状态"))
    address = serializers.CharField(required=False, help_text=_("住所（地址）"))
    legal_representative = serializers.CharField(required=False, help_text=_("法定代表人"))
    staff_count = serializers.IntegerField(required=False, help_text=_("工作人员数"))
    registered_capital = serializers.CharField(
        required=False, help_text=_("注册（开办或原始）资金（万元），十进制数字的文本")
    )
    business_scope = serializers.CharField(required=False, help_text=_("业务范围"))
    branches = BranchSerializer(many=True, required=False, help_text=_("分支（代表）机构情况"))


class ObjectionLabelSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("“异议核实中”"))
    due_on = serializers.DateField(help_text=_("登记管理机关应答复的日期"))
    explanation = serializers.CharField()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
        "description": "字段名 → 公示的值（日期为 YYYY-MM-DD，选项为当前语言的文字）；保密的字段不出现。",
    }
)
class RecordFieldsField(serializers.DictField):
    pass


class PublicRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    association = serializers.CharField(help_text=_("统一社会信用代码"))
    category = serializers.ChoiceField(choices=[c for c in Category.choices if c[0] != Category.BASIC])
    category_display = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_display = serializers.CharField()
    fields = RecordFieldsField()
    field_labels = serializers.DictField(child=serializers.CharField())
    published_until = serializers.DateField(
        allow_null=True, help_text=_("公示截止日期；null 表示长期，或因日期保密而不公开")
    )
    published_until_withheld = serializers.BooleanField()
    objection = ObjectionLabelSerializer(allow_null=True)


class RecordsByCategorySerializer(serializers.Serializer):
    performance = PublicRecordSerializer(many=True)
    honour = PublicRecordSerializer(many=True)
    dishonesty = PublicRecordSerializer(many=True)


class ProfileSerializer(serializers.Serializer):
    uscc = serializers.CharField()
    basic = BasicInfoSerializer()
    basic_objections = serializers.DictField(child=ObjectionLabelSerializer())
    records = RecordsByCategorySerializer()
    data_as_of = serializers.DateTimeField()


class PageSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=0)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AssociationSummarySerializer(many=True)


class CursorPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AssociationSummarySerializer(many=True)


class ProfileBatchSerializer(serializers.Serializer):
    results = ProfileSerializer(many=True)
    not_found = serializers.ListField(child=serializers.CharField(), help_text=_("没有找到的代码"))
