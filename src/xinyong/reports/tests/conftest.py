"""Fixtures of the report tests: one association holding every case a report must handle."""

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.records.models import Evidence
from xinyong.records.services import (
    EvidenceInput,
    evidence_add,
    evidence_revoke,
    record_create,
    record_revoke,
)
from xinyong.testing import factories as f

# The browser fixtures (a demo server and Debian's Chromium), for test_journey.py.
from xinyong.tests.browser import browser, server  # noqa: F401

# --- one association holding every case a report must handle ---------------------------------


MOBILE = "13812345678"
ID_NUMBER = "110101199003077316"


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace removed (wrapped lines join up again).

    Read with pdfium (Chromium's PDF engine): pypdf 7.1 mis-decodes the encoding CMap that fpdf2
    writes for CID-keyed OpenType fonts such as Noto Sans CJK (NULs between glyphs, some glyphs
    mapped to the wrong character), while pdfium and other viewers read it as written."""
    document = pdfium.PdfDocument(data)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    return re.sub(r"\s+", "", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def evidence(number: str, *, issuer: str = "北京市东城区民政局") -> EvidenceInput:
    return EvidenceInput(
        kind="other",
        document_number=number,
        issuer=issuer,
        issued_on=date(2024, 3, 1),
        file=io.BytesIO(f.MINIMAL_PDF),
        file_name="材料.pdf",
    )


@dataclass
class World:
    association: object
    published: dict  # name → record published today
    hidden: dict  # name → record not published today (full version only, or nowhere)
    secrets: list[str]  # values that must never be printed
    personal: list[str]  # personal data that must never be printed
    revoked_evidence_number: str


@pytest.fixture
def world(dc_staff) -> World:
    today = timezone.localdate()
    association = f.association(
        actor=dc_staff,
        name="北京市东城区报告测试协会",
        address="北京市东城区保密街99号",
        registered_capital="888.00",
        legal_representative="王五",
        business_scope=f"行业自律、交流培训；联系人手机{MOBILE}，身份证{ID_NUMBER}",
        confidential_fields={"address": "commercial_secret", "registered_capital": "commercial_secret"},
    )

    def make(kind, data, number, **kw):
        data = {**f.sample_data(kind), **data}
        # Entered the day after the event, as a timely authority would (reports as of a past day
        # only hold what had been entered by then).
        entered = timezone.make_aware(datetime.combine(data["event_date"] + timedelta(days=1), time(10)))
        return record_create(
            actor=dc_staff,
            association=association,
            kind=kind,
            data=data,
            reason="依据文件记录",
            evidence=[evidence(number)] if number else [],
            recorded_at=min(entered, timezone.now()),
            **kw,
        )

    dishonesty = make(
        "dishonesty",
        {"misconduct": "未按规定公开收费标准，举报电话 139 1234 5678", "penalty": "罚款人民币七万七千元"},
        "京东民罚〔2025〕17号",
        confidential_fields={"penalty": "commercial_secret"},
    )
    honour = make("honour", {"title": "首都文明社会组织"}, "京文明委〔2024〕8号")
    extra = evidence_add(actor=dc_staff, record=honour, item=evidence("京作废〔2024〕99号"), reason="补充")
    evidence_revoke(actor=dc_staff, evidence=extra, reason="材料有误")
    service = make(
        "purchased_service",
        {"title": "社区养老服务项目", "performance_evaluation": f"优秀；项目联系人电话{MOBILE}"},
        "京民购〔2025〕3号",
    )
    expired = make(
        "commendation",
        {"title": "过期表彰甲", "event_date": today - timedelta(days=6 * 366)},
        "京旧〔2019〕1号",
    )
    draft = make("commendation", {"title": "草稿表彰乙"}, None, draft=True)
    revoked = make("commendation", {"title": "撤销表彰丙"}, "京撤〔2024〕2号")
    revoked = record_revoke(
        actor=dc_staff, record=revoked, reason="记录有误", expected_version=revoked.version
    )
    secret = make(
        "dishonesty", {"misconduct": "绝密失信戊"}, "京密〔2024〕5号", confidentiality="state_secret"
    )
    assert Evidence.objects.filter(record=honour, revoked=True).count() == 1
    return World(
        association=association,
        published={"dishonesty": dishonesty, "honour": honour, "service": service},
        hidden={"expired": expired, "draft": draft, "revoked": revoked, "secret": secret},
        secrets=["保密街99号", "888.00", "七万七千", "绝密失信戊", "京密〔2024〕5号"],
        personal=[MOBILE, ID_NUMBER, "13912345678", "139 1234 5678"],
        revoked_evidence_number="京作废〔2024〕99号",
    )


@pytest.fixture
def world_user(world):
    """The account of the world's association."""
    return f.user(role=Role.ASSOCIATION, association=world.association, username="world-assoc")
