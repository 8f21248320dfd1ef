"""R-QRY-4 with R-SEC-1/2 and R-RET-*: what each version of the report prints, read back from the
PDF itself — never more than the public page (public), never a confidential value or personal
data (both)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinyong.disclosure.selectors import public_basic_info, public_profile
from xinyong.measures.models import MeasureKind
from xinyong.measures.services import measure_apply, measure_lift
from xinyong.reports.content import build_content, show
from xinyong.reports.models import IssuedReport
from xinyong.reports.services import report_issue
from xinyong.testing import factories as f

from .conftest import pdf_text, squash

pytestmark = pytest.mark.django_db


def published_values(association) -> list[str]:
    """Every value the public page shows about the association today."""
    today = timezone.localdate()
    values = [show(v) for k, v in public_basic_info(association).items() if k != "branches"]
    for items in public_profile(association, on=today).values():
        for item in items:
            values += [show(f.value) for f in item.fields]
    return values


def test_public_report_prints_what_the_page_shows_and_nothing_else(world, world_user):
    issued = report_issue(actor=None, association=world.association, version="public")
    text = pdf_text(issued.pdf)
    assert squash(world.association.name) in text and world.association.uscc in text
    for value in published_values(world.association):
        assert squash(value) in text, value
    for number in ("京东民罚〔2025〕17号", "京文明委〔2024〕8号", "京民购〔2025〕3号"):
        assert number in text  # the basis of each published record
    assert "北京市东城区民政局（登记管理机关）" in text  # the basis of the basic information
    assert "＊＊＊" in text  # personal data typed into free text is redacted, not dropped silently
    for hidden in ("过期表彰甲", "草稿表彰乙", "撤销表彰丙", "京旧〔2019〕1号", "京撤〔2024〕2号"):
        assert hidden not in text, hidden
    for value in [*world.secrets, *world.personal, world.revoked_evidence_number]:
        assert squash(value) not in text, value
    assert "（涉密/保密信息" not in text  # the public page leaves confidential fields out; so does the report
    assert "公开版" in text and issued.report.number in text and issued.report.verification_code in text


def test_full_report_shows_every_non_draft_record_with_its_state_but_no_secret(world, world_user):
    issued = report_issue(actor=world_user, association=world.association, version="full")
    text = pdf_text(issued.pdf)
    for value in published_values(world.association):
        assert squash(value) in text, value
    assert "过期表彰甲" in text and "已过公示期" in text  # kept, no longer published (R-RET-5)
    assert "撤销表彰丙" in text and "已撤销" in text
    assert "京旧〔2019〕1号" in text and "京撤〔2024〕2号" in text
    assert "草稿表彰乙" not in text  # drafts are not part of any report
    # Confidential values are replaced by words saying so — whole record, single field, basic info.
    assert "（涉密/保密信息：国家秘密，不予载明）" in text
    assert text.count("（涉密/保密信息：商业秘密，不予载明）") == 3  # penalty, address, capital
    for value in [*world.secrets, *world.personal, world.revoked_evidence_number]:
        assert squash(value) not in text, value
    assert "完整版" in text and "world-assoc（协会·北京市东城区报告测试协会）" in text
    assert "激励惩戒措施" in text


def test_public_content_is_built_from_the_publication_selector(world):
    """The same selectors as the page: the items are exactly public_profile's records."""
    today = timezone.localdate()
    data = build_content(world.association, version="public", as_of=today)
    profile = public_profile(world.association, on=today)
    for section in data["sections"]:
        expected = [i.record.get_kind_display() for i in profile[section["key"]]]
        assert [i["kind"] for i in section["items"]] == expected
    assert data["measures"] is None and data["requested_by"] is None
    assert {r["label"] for r in data["basic"]["rows"]}.isdisjoint(
        {"住所（地址）", "注册（开办或原始）资金（万元）"}
    )


def test_as_of_date_selects_what_was_public_that_day(world):
    service = world.published["service"]  # a record of 100 days ago
    before = service.event_date - timedelta(days=1)
    issued = report_issue(actor=None, association=world.association, version="public", as_of=before)
    text = pdf_text(issued.pdf)
    assert "社区养老服务项目" not in text and "首都文明社会组织" in text
    assert issued.report.as_of == before and show(before).replace(" ", "") in text


def test_a_record_entered_after_the_as_of_date_is_not_in_the_report(world, dc_staff):
    """Public today with an old event date, but entered only today: not in a report of yesterday."""
    f.record(actor=dc_staff, association_obj=world.association, kind="transferred_function")
    yesterday = timezone.localdate() - timedelta(days=1)
    for version in ("public", "full"):
        data = build_content(world.association, version=version, as_of=yesterday)
        kinds = [i["kind"] for s in data["sections"] for i in s["items"]]
        assert "承接政府转移职能信息" not in kinds and "荣誉信息" in kinds
    today = build_content(world.association, version="public", as_of=timezone.localdate())
    assert "承接政府转移职能信息" in [i["kind"] for s in today["sections"] for i in s["items"]]


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "不能晚于今天"), (None, "不能早于协会的成立登记日期")],
    ids=["future", "before-founding"],
)
def test_bad_as_of_dates_are_refused_and_nothing_is_issued(world, days, message):
    as_of = (
        timezone.localdate() + timedelta(days=days)
        if days
        else world.association.founded_on - timedelta(days=1)
    )
    with pytest.raises(ValidationError, match=message):
        report_issue(actor=None, association=world.association, version="public", as_of=as_of)
    with pytest.raises(ValidationError, match="请选择公开版或完整版"):
        report_issue(actor=None, association=world.association, version="everything")
    assert IssuedReport.objects.count() == 0


def test_measures_in_force_are_listed_in_the_full_version_only(world, world_user, dc_staff):
    basis = world.published["dishonesty"]
    today = timezone.localdate()
    measure_apply(
        actor=dc_staff,
        association=world.association,
        kind=MeasureKind.objects.get(code="restrict-purchase"),
        basis_records=[basis],
        start_on=today - timedelta(days=10),
        end_on=today + timedelta(days=355),
        decision_number="京东民惩〔2025〕4号",
        reason="存在公示中的失信信息",
    )
    lifted = measure_apply(
        actor=dc_staff,
        association=world.association,
        kind=MeasureKind.objects.get(code="key-supervision"),
        basis_records=[basis],
        start_on=today - timedelta(days=10),
        end_on=today + timedelta(days=30),
        reason="列入重点监管",
    )
    measure_lift(actor=dc_staff, measure=lifted, reason="整改完成", expected_version=lifted.version)
    full = pdf_text(report_issue(actor=world_user, association=world.association, version="full").pdf)
    assert "限制参与政府购买服务（惩戒）" in full and "京东民惩〔2025〕4号" in full
    assert "北京市东城区民政局" in full and "列为重点监管对象" not in full  # lifted: not in force
    assert f"失信信息（{show(basis.event_date)}）".replace(" ", "") in full
    public = pdf_text(report_issue(actor=None, association=world.association, version="public").pdf)
    assert "限制参与政府购买服务" not in public and "激励惩戒措施" not in public
