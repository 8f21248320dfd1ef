"""The columns of an import file (R-EXC-1): what each header may say, and which are required.

A header cell may be the Chinese label the back office shows (the seed's terms, from
``records.kinds`` and the models' verbose names), its English translation, or the English key
(``title``, ``event_date`` …). Headers are compared after NFKC normalisation (full-width brackets
are the same as half-width ones), without spaces, case or a trailing ``*`` (the template marks
required columns that way).

Record data columns are shared by several kinds under different names: 承接项目名称 and
承接转移职能名称 are both ``title``. A kind-specific label only applies to rows of its kinds; the
English key and the generic model label (名称, 日期 …) apply to any kind.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from xinyong.records.choices import Kind
from xinyong.records.kinds import DATA_COLUMNS, KINDS
from xinyong.records.models import CreditRecord
from xinyong.registry.models import Association

from .choices import BatchTarget

# Kinds a partner department may deliver (R-INF-10): evaluations of purchased services and of
# transferred functions. Everything else is recorded by registration authorities.
DEPARTMENT_KINDS = (Kind.PURCHASED_SERVICE.value, Kind.TRANSFERRED_FUNCTION.value)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    required: bool = False
    help: Promise | str = ""
    aliases: tuple[Promise | str, ...] = ()


# Record rows: who it is about, what kind, the kind's data, then the written evidence (R-EVD-1).
RECORD_HEAD = (
    Column("association_uscc", _("统一社会信用代码"), required=True, help=_("协会的18位统一社会信用代码")),
    Column(
        "association_name",
        _("协会名称"),
        help=_("可选；填写时须与登记的名称一致，用于核对代码是否填错"),
    ),
    Column(
        "kind", _("信息类型"), required=True, help=_("如：承接政府购买服务信息；整批为同一类型时可不填此列")
    ),
)
RECORD_TAIL = (
    Column(
        "confidentiality",
        _("整条保密"),
        help=_("可选：国家秘密、商业秘密、个人隐私、依法不得公开；填写后该条记录不公示"),
    ),
    Column("evidence_kind", _("材料类型"), help=_("书面证明材料的类型；不填时按信息类别取默认值")),
    Column("evidence_number", _("文号"), required=True, help=_("证明材料的文号")),
    Column(
        "evidence_issuer",
        _("出具机关"),
        required=True,
        help=_("出具证明材料的机关；相关部门报送时可不填，默认为本部门"),
    ),
    Column("evidence_issued_on", _("出具日期"), required=True, help=_("证明材料的出具日期")),
    Column(
        "evidence_file",
        _("材料文件"),
        help=_("随批次上传的证明材料文件名；只有一份材料或不附材料时可不填"),
    ),
    Column(
        "recorded_at",
        _("记录时间"),
        help=_("可选，仅登记管理机关迁移原有记录时填写：原系统中的记录时间"),
    ),
)

ASSOCIATION_COLUMNS = (
    Column("name", _("名称"), required=True),
    Column("uscc", _("统一社会信用代码"), required=True),
    Column(
        "registration_type",
        _("登记类型"),
        required=True,
        help=_("社会团体、社会服务机构（民办非企业单位）、基金会"),
    ),
    Column("address", _("住所（地址）"), required=True, aliases=(_("住所"), _("地址"))),
    Column("legal_representative", _("法定代表人"), required=True),
    Column("staff_count", _("工作人员数"), required=True),
    Column(
        "registered_capital",
        _("注册（开办或原始）资金（万元）"),
        required=True,
        aliases=(_("注册资金"), _("注册（开办或原始）资金")),
        help=_("单位：万元"),
    ),
    Column("business_scope", _("业务范围"), required=True),
    Column(
        "branches",
        _("分支（代表）机构情况"),
        help=_("每个机构写“名称|地址|负责人”，多个机构之间用分号隔开；没有可不填"),
    ),
    Column("founded_on", _("成立登记日期"), required=True),
    Column("status", _("状态"), help=_("正常、已注销、已撤销登记；不填为正常")),
    Column("authority", _("登记管理机关"), help=_("可选；填写时须为导入人所在的登记管理机关")),
)


def normalize_header(text) -> str:
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "*\ufeff")


@dataclass(frozen=True)
class Target:
    """What a header cell means: a column key, and for record data the kinds its label is for
    (None: any kind)."""

    key: str
    kinds: frozenset[str] | None = None


def _spellings(label) -> set[str]:
    out = {normalize_header(label)}
    for language in ("zh-hans", "en"):
        with override(language):
            out.add(normalize_header(str(label)))
    return out


@cache
def header_map(target: str) -> dict[str, Target]:
    """Normalised header text → what it means, for a batch target. Computed once per process."""
    mapping: dict[str, Target] = {}
    if target == BatchTarget.ASSOCIATIONS:
        for column in ASSOCIATION_COLUMNS:
            for spelling in (
                column.key,
                *_spellings(column.label),
                *(s for a in column.aliases for s in _spellings(a)),
            ):
                mapping.setdefault(normalize_header(spelling), Target(column.key))
        return mapping
    for column in (*RECORD_HEAD, *RECORD_TAIL):
        for spelling in (column.key, *_spellings(column.label)):
            mapping.setdefault(normalize_header(spelling), Target(column.key))
    by_label: dict[str, set[str]] = {}
    label_column: dict[str, str] = {}
    for spec in KINDS.values():
        for field in spec.fields:
            for spelling in _spellings(field.label):
                by_label.setdefault(spelling, set()).add(spec.kind)
                label_column[spelling] = field.column
    for spelling, kinds in by_label.items():
        mapping.setdefault(spelling, Target(label_column[spelling], frozenset(kinds)))
    for column in DATA_COLUMNS:
        mapping.setdefault(normalize_header(column), Target(column))
        for spelling in _spellings(CreditRecord._meta.get_field(column).verbose_name):
            mapping.setdefault(spelling, Target(column))
    return mapping


def record_template_columns(kind: str | None) -> list[tuple[str, str, bool, str]]:
    """(key, Chinese label, required, help) for a record template: one kind's data columns under
    that kind's labels, or every data column under its generic label when ``kind`` is None."""
    rows = [
        (c.key, str(c.label), c.required and not (kind and c.key == "kind"), str(c.help)) for c in RECORD_HEAD
    ]
    if kind:
        for field in KINDS[kind].fields:
            required = field.required and not (
                field.column == "valid_until" and "long_term" in KINDS[kind].columns
            )
            rows.append((field.column, str(field.label), required, ""))
    else:
        for column in DATA_COLUMNS:
            rows.append((column, str(CreditRecord._meta.get_field(column).verbose_name), False, ""))
    rows += [(c.key, str(c.label), c.required, str(c.help)) for c in RECORD_TAIL]
    return rows


def association_template_columns() -> list[tuple[str, str, bool, str]]:
    return [(c.key, str(c.label), c.required, str(c.help)) for c in ASSOCIATION_COLUMNS]


def column_label(target: str, key: str, kind: str | None = None) -> str:
    """The Chinese (or active-language) label of a column, for messages and the report."""
    if target == BatchTarget.ASSOCIATIONS:
        for column in ASSOCIATION_COLUMNS:
            if column.key == key:
                return str(column.label)
        return key
    for column in (*RECORD_HEAD, *RECORD_TAIL):
        if column.key == key:
            return str(column.label)
    if kind in KINDS and key in KINDS[kind].columns:
        return str(KINDS[kind].label(key))
    if key in DATA_COLUMNS:
        return str(CreditRecord._meta.get_field(key).verbose_name)
    try:
        return str(Association._meta.get_field(key).verbose_name)
    except Exception:
        return key
