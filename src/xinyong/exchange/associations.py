"""Validating rows of associations' basic information (R-INF-1), with the rules of
``registry.services.association_create``: the model's own validation, ``registry.uscc.validate_uscc``
(with the registration type), ``registry.services.clean_branches`` and the founding-date bounds.
An association is identified by its 统一社会信用代码: one already registered with the same basic
information is "already present"; one registered differently is refused (a change of basic
information is an 变更, made on the association's page, R-INF-1)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinyong.dates import EARLIEST
from xinyong.registry.choices import AssociationStatus, RegistrationType
from xinyong.registry.models import Association, normalize_text
from xinyong.registry.services import association_snapshot, clean_basic_text, clean_branches
from xinyong.registry.uscc import normalize as normalize_uscc
from xinyong.registry.uscc import validate_uscc

from . import values
from .choices import BatchTarget
from .columns import column_label, header_map
from .header import Cells, Header
from .problems import Problem, messages_of, personal_data_warning
from .record_rows import RowContext

ASSOCIATION_FIELDS = (
    "name",
    "uscc",
    "registration_type",
    "address",
    "legal_representative",
    "staff_count",
    "registered_capital",
    "business_scope",
    "branches",
    "founded_on",
    "status",
)


TEXT_FIELDS = ("name", "address", "legal_representative", "business_scope")


class StagedAssociation(NamedTuple):
    """A valid new association, ready to insert (pickled to the staging file like the records)."""

    row: int
    values: tuple  # in ``ASSOCIATION_FIELDS`` order

    def data(self) -> dict[str, Any]:
        return dict(zip(ASSOCIATION_FIELDS, self.values, strict=True))


class AssociationRows:
    def __init__(self, ctx: RowContext, header: Header, authority):
        self.ctx = ctx
        self.header = header
        self.authority = authority
        self.mapping = header_map(BatchTarget.ASSOCIATIONS)
        self.seen: dict[str, int] = {}
        self.present = 0
        self.warnings: list[Problem] = []  # of staged rows; taken by the caller after each chunk

    def read(self, cells: Cells) -> tuple[dict | None, list[Problem]]:
        problems = list(cells.problems)
        row = cells.row

        def fail(key: str, message: str) -> None:
            problems.append(
                Problem(
                    row,
                    cells.value(key)[0]
                    if key in cells.by_key
                    else column_label(BatchTarget.ASSOCIATIONS, key),
                    message,
                )
            )

        def cell(key: str, parse: Callable[[Any], Any] = values.text) -> Any:
            try:
                return parse(cells.value(key)[1])
            except values.CellError as exc:
                fail(key, str(exc))
                return None

        data = {
            "name": cell("name"),
            "uscc": normalize_uscc(cell("uscc") or ""),
            "registration_type": cell(
                "registration_type", lambda v: values.parse_choice(v, RegistrationType)
            ),
            "address": cell("address"),
            "legal_representative": cell("legal_representative"),
            "staff_count": cell("staff_count", values.parse_int),
            "registered_capital": cell("registered_capital", values.parse_decimal),
            "business_scope": cell("business_scope"),
            "branches": cell("branches", values.parse_branches),
            "founded_on": cell("founded_on", values.parse_date),
            "status": cell("status", lambda v: values.parse_choice(v, AssociationStatus))
            or AssociationStatus.ACTIVE,
        }
        for key in TEXT_FIELDS:  # as association_create stores them
            if isinstance(data[key], str):
                data[key] = clean_basic_text(key, data[key])
        authority_text = cell("authority")
        if authority_text and normalize_text(authority_text) not in (
            normalize_text(self.authority.name),
            normalize_text(self.authority.code),
        ):
            fail("authority", _("只能导入在本机关（%(name)s）登记的协会。") % {"name": self.authority.name})
        if problems:
            return None, problems
        association = Association(
            authority=self.authority, **{k: v for k, v in data.items() if v is not None}
        )
        try:
            association.full_clean(
                exclude=["name_normalized", "uscc", "branches", "confidential_fields", "authority"]
            )
        except ValidationError as exc:
            for key, messages in messages_of(exc):
                fail(key, " ".join(messages))
        try:
            data["branches"] = clean_branches(data["branches"])
        except ValidationError as exc:
            fail("branches", " ".join(m for _k, ms in messages_of(exc) for m in ms))
        if data["registration_type"]:
            try:
                data["uscc"] = validate_uscc(data["uscc"], registration_type=data["registration_type"])
            except ValidationError as exc:
                fail("uscc", " ".join(exc.messages))
        founded_on = data["founded_on"]
        if founded_on is not None and founded_on > self.ctx.today:
            fail("founded_on", _("成立登记日期不能晚于今天。"))
        elif founded_on is not None and founded_on < EARLIEST:
            fail("founded_on", _("成立登记日期不能早于1949年10月1日。"))
        if problems:
            return None, problems
        data["registered_capital"] = Decimal(data["registered_capital"]).quantize(Decimal("0.01"))
        data["row"] = row
        return data, problems

    def stage(self, chunk: list[dict], problems: list[Problem]) -> list[StagedAssociation]:
        existing = {
            a.uscc: a
            for a in Association.objects.filter(uscc__in=[d["uscc"] for d in chunk]).select_related(
                "authority"
            )
        }
        staged = []
        for data in chunk:
            first = self.seen.get(data["uscc"])
            if first is not None:
                problems.append(
                    Problem(
                        data["row"],
                        column_label(BatchTarget.ASSOCIATIONS, "uscc"),
                        _("统一社会信用代码与本批次第 %(row)d 行重复。") % {"row": first},
                    )
                )
                continue
            self.seen[data["uscc"]] = data["row"]
            current = existing.get(data["uscc"])
            if current is not None:
                if current.authority_id == self.authority.pk and same_association(current, data):
                    self.present += 1
                else:
                    problems.append(
                        Problem(
                            data["row"],
                            column_label(BatchTarget.ASSOCIATIONS, "uscc"),
                            _(
                                "统一社会信用代码 %(code)s 已被“%(name)s”使用；"
                                "基本信息的变更请在协会页面办理。"
                            )
                            % {"code": data["uscc"], "name": current.name},
                        )
                    )
                continue
            self._check_personal_data(data)
            staged.append(StagedAssociation(data["row"], tuple(data[k] for k in ASSOCIATION_FIELDS)))
        return staged

    def _check_personal_data(self, data: dict) -> None:
        texts = [(key, data[key]) for key in TEXT_FIELDS]
        texts += [("branches", value) for branch in data["branches"] for value in branch.values()]
        for key, text in texts:
            label = column_label(BatchTarget.ASSOCIATIONS, key)
            if warning := personal_data_warning(data["row"], label, text):
                self.warnings.append(warning)


def same_association(current: Association, data: dict) -> bool:
    snapshot = association_snapshot(current)
    candidate = Association(authority_id=current.authority_id, **{k: data[k] for k in ASSOCIATION_FIELDS})
    candidate.name_normalized = normalize_text(candidate.name)
    other = association_snapshot(candidate)
    ignore = {"version", "confidential_fields"}
    return all(snapshot[k] == other[k] for k in snapshot if k not in ignore)
