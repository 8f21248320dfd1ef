"""Issuing a credit report (R-QRY-4): authorise → validate → draw the PDF with the next free
number → enter it on the register if that number is still free (see ``report_issue``), so a
number is never given twice, serials have no gaps, and nothing is half-written (a failure while
drawing leaves no row and uses no number).

Who may have which version: reports.permissions (R-ACT-2, R-SEC-1).

Issuing writes no history entry: it changes no recorded information; the append-only register is
its own log (who, when, what, and the hashes).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.registry.models import Association

from . import conf
from .choices import ReportVersion
from .codes import canonical_json, report_number, sha256_hex, verification_code
from .content import REPORT_LANGUAGE, build_content, show
from .models import IssuedReport
from .pdf import render_pdf
from .permissions import ensure_can_issue

# pg_advisory_xact_lock key of report numbering ("XYRP"); SQLite writers queue on the database
# lock, which an IMMEDIATE transaction takes at BEGIN.
PG_NUMBER_LOCK = 0x58595250
OPTIMISTIC_ATTEMPTS = 3


@dataclass(frozen=True)
class Issued:
    report: IssuedReport
    pdf: bytes


def requester_label(user) -> str:
    """Who asked, as printed on a full report: the account and the organisation it acts for."""
    with translation.override(REPORT_LANGUAGE):
        organisation = user.association or user.authority or user.department
        name = user.get_full_name() or user.get_username()
        parts = [str(user.get_role_display())] + ([organisation.name] if organisation else [])
        return f"{name}（{' · '.join(parts)}）"


def report_issue(
    *, actor: User | AnonymousUser | None, association: Association, version: str, as_of: date | None = None
) -> Issued:
    """Issue a report on ``association`` as of ``as_of`` (default today, Beijing time): R-QRY-4.

    The as-of date is not in the future and not before the association's founding. The content
    comes from the publication selector (public) or everything recorded but drafts (full), never
    with confidential values or personal data (R-SEC-1, R-SEC-2)."""
    if version not in ReportVersion.values:
        raise ValidationError({"version": _("请选择公开版或完整版。")})
    ensure_can_issue(actor, association, version)
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise ValidationError({"as_of": _("信息截至日期不能晚于今天。")})
    if as_of < association.founded_on:
        raise ValidationError(
            {
                "as_of": _("信息截至日期不能早于协会的成立登记日期（%(day)s）。")
                % {"day": show(association.founded_on)}
            }
        )
    conf.font_files()  # a missing font is refused before anything is written
    user = actor if getattr(actor, "is_authenticated", False) else None
    requested_by = requester_label(user) if user and version == ReportVersion.FULL else None
    content = build_content(association, version=version, as_of=as_of, requested_by=requested_by)
    # Drawing the PDF takes about a second (the CJK font is parsed and subset). It is done outside
    # the transaction with the next free number, and the row is entered in a short one if that
    # number is still free: on SQLite the transaction holds the database's write lock, which
    # every clerk's save waits for. Should another issuer take the number meanwhile, the report is
    # drawn again with the next; after OPTIMISTIC_ATTEMPTS such races it is drawn under the lock,
    # so every request ends with a report however busy the register is.
    for _attempt in range(OPTIMISTIC_ATTEMPTS):
        draft = _draw(content, association, version, as_of, user)
        with transaction.atomic(durable=True):
            _lock_numbering()
            if not IssuedReport.objects.filter(issued_on=draft.issued_on, serial__gte=draft.serial).exists():
                return _enter(draft)
        # Taken meanwhile: draw again with the next number.
    with transaction.atomic(durable=True):
        _lock_numbering()
        return _enter(_draw(content, association, version, as_of, user))


def _enter(draft: IssuedReport) -> Issued:
    draft.full_clean()
    draft.save(force_insert=True)
    return Issued(draft, draft.pdf)


def _draw(content: dict, association, version: str, as_of: date, user) -> IssuedReport:
    """The register row and PDF for the next free number as read now (not yet saved)."""
    issued_at = timezone.now().replace(microsecond=0)
    issued_on = timezone.localdate(issued_at)
    last = IssuedReport.objects.filter(issued_on=issued_on).aggregate(n=Max("serial"))["n"] or 0
    number = report_number(issued_on, last + 1)
    with translation.override(REPORT_LANGUAGE):
        issue = {
            "number": number,
            "issued_at": timezone.localtime(issued_at).isoformat(),
            "issued_at_display": show(issued_at),
        }
    content = {**content, "issue": issue}
    text = canonical_json(content)
    content_sha256 = sha256_hex(text)
    code = verification_code(number, content_sha256)
    pdf = render_pdf(content, code=code)
    report = IssuedReport(
        number=number,
        issued_on=issued_on,
        serial=last + 1,
        association=association,
        version=version,
        as_of=as_of,
        issued_at=issued_at,
        requested_by=user,
        content=text,
        content_sha256=content_sha256,
        pdf_sha256=sha256_hex(pdf),
        pdf_size=len(pdf),
        verification_code=code,
    )
    report.pdf = pdf
    return report


def _lock_numbering() -> None:
    """Serialise number allocation: the day's highest serial is read and the next one inserted by
    one issuer at a time. (The unique number and (day, serial) refuse a duplicate regardless.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_NUMBER_LOCK])
