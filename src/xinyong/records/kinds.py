"""The seven record kinds and their fields, exactly as the seed lists them (R-INF-2..8).

All kinds share one table (see models.CreditRecord); this spec says which columns a kind uses,
under which label, and which are required. Forms, validation, history snapshots and the public
page all read it, so a kind's fields are defined in this one place.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Category, Kind


@dataclass(frozen=True)
class FieldSpec:
    column: str
    label: Promise
    required: bool = True


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    category: Category
    fields: tuple[FieldSpec, ...]

    @cached_property  # read for every row of a bulk import
    def columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields)

    def label(self, column: str) -> Promise:
        return next(f.label for f in self.fields if f.column == column)


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            Kind.ANNUAL_INSPECTION,
            Category.PERFORMANCE,
            (
                FieldSpec("inspection_year", _("年检年度")),
                FieldSpec("event_date", _("年检时间")),
                FieldSpec("conclusion", _("年检结论")),
            ),
        ),
        KindSpec(
            Kind.EVALUATION,
            Category.PERFORMANCE,
            (
                FieldSpec("event_date", _("评估时间")),
                FieldSpec("grade", _("评估等级")),
                FieldSpec("valid_until", _("有效期至"), required=False),
            ),
        ),
        KindSpec(
            Kind.COMMENDATION,
            Category.PERFORMANCE,
            (
                FieldSpec("title", _("评比达标表彰名称")),
                FieldSpec("counterpart", _("批准机关")),
                FieldSpec("event_date", _("批准日期")),
            ),
        ),
        KindSpec(
            Kind.PURCHASED_SERVICE,
            Category.PERFORMANCE,
            (
                FieldSpec("title", _("承接项目名称")),
                FieldSpec("counterpart", _("委托政府部门")),
                FieldSpec("performance_evaluation", _("绩效评价情况")),
                FieldSpec("event_date", _("评价日期")),
            ),
        ),
        KindSpec(
            Kind.TRANSFERRED_FUNCTION,
            Category.PERFORMANCE,
            (
                FieldSpec("title", _("承接转移职能名称")),
                FieldSpec("counterpart", _("转移职能部门")),
                FieldSpec("performance_evaluation", _("绩效评价情况")),
                FieldSpec("event_date", _("评价日期")),
            ),
        ),
        KindSpec(
            Kind.HONOUR,
            Category.HONOUR,
            (
                FieldSpec("title", _("获得荣誉名称")),
                FieldSpec("counterpart", _("荣誉授予机构")),
                FieldSpec("event_date", _("荣誉授予日期")),
                # 有效期: a last valid day, or 长期 (long_term) instead.
                FieldSpec("valid_until", _("有效期至")),
                FieldSpec("long_term", _("长期有效"), required=False),
                FieldSpec("honour_level", _("荣誉级别")),
            ),
        ),
        KindSpec(
            Kind.DISHONESTY,
            Category.DISHONESTY,
            (
                FieldSpec("misconduct", _("失信行为")),
                FieldSpec("penalty", _("处罚结果")),
                FieldSpec("legal_basis", _("处理依据")),
                FieldSpec("event_date", _("处理日期")),
            ),
        ),
    )
}

# Every kind-specific column of CreditRecord; the record's data is exactly these plus bookkeeping.
DATA_COLUMNS = (
    "event_date",
    "inspection_year",
    "conclusion",
    "grade",
    "valid_until",
    "long_term",
    "title",
    "counterpart",
    "performance_evaluation",
    "honour_level",
    "misconduct",
    "penalty",
    "legal_basis",
)


def spec_for(kind: str) -> KindSpec:
    return KINDS[kind]
