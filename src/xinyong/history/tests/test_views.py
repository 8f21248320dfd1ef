"""History pages: who, which authority, when, why, before → after, and "as of" (R-REC-3, R-REC-5)."""

import io
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from xinyong.measures.models import MeasureKind
from xinyong.measures.services import measure_apply
from xinyong.objections.services import Attachment, objection_file
from xinyong.records.services import record_modify
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*parts) -> mock._patch:
    return mock.patch("django.utils.timezone.now", return_value=datetime(*parts, tzinfo=SHANGHAI))


@pytest.fixture
def changed_record(dc_staff, assoc):
    with at(2025, 1, 10, 10, 0):
        record = f.record(actor=dc_staff, association_obj=assoc)
    with at(2025, 3, 1, 14, 3):
        record = record_modify(
            actor=dc_staff,
            record=record,
            changes={"penalty": "通报批评"},
            reason="复核后更正处罚结果",
            expected_version=record.version,
        )
    return record


def test_record_history_lists_entries_readably(client, dc_staff, changed_record):
    client.force_login(dc_staff)
    html = client.get(reverse("history:record", args=[changed_record.pk])).content.decode()
    assert "2025年3月1日 14:03" in html  # shown in Asia/Shanghai
    assert "修改信用记录" in html and "新增信用记录" in html and "添加证明材料" in html
    assert "复核后更正处罚结果" in html
    assert "dc-staff" in html and "北京市东城区民政局" in html
    assert "<del>警告</del>" in html and "<ins>通报批评</ins>" in html
    assert "处罚结果" in html  # the kind's label, not the column name
    assert "penalty" not in html


def test_modify_entry_shows_only_changed_keys(client, dc_staff, changed_record):
    client.force_login(dc_staff)
    html = client.get(reverse("history:record", args=[changed_record.pk])).content.decode()
    modify_card = html[html.index("复核后更正处罚结果") :]
    modify_card = modify_card[: modify_card.index('<div class="card history-entry">')]
    assert "处罚结果" in modify_card
    assert "失信行为" not in modify_card
    assert "处理依据" not in modify_card


def test_record_as_of_shows_the_state_at_that_moment(client, dc_staff, changed_record):
    client.force_login(dc_staff)
    url = reverse("history:record", args=[changed_record.pk])
    before = client.get(url, {"day": "2025-02-01", "at": "12:00"}).content.decode()
    state = before[before.index("截至 2025年2月1日 12:00 的状态") : before.index("全部修改记录")]
    assert "警告" in state and "通报批评" not in state
    after = client.get(url, {"day": "2025-03-01", "at": "14:03"}).content.decode()
    state = after[after.index("截至 2025年3月1日 14:03 的状态") : after.index("全部修改记录")]
    assert "通报批评" in state and "警告" not in state
    earlier = client.get(url, {"day": "2024-12-31"}).content.decode()
    assert "该时刻尚未记录" in earlier


def test_association_history_and_as_of(client, dc_staff):
    with at(2025, 1, 2, 9, 0):
        assoc = f.association(actor=dc_staff)
    with at(2025, 4, 2, 9, 30):
        association_modify(
            actor=dc_staff,
            association=assoc,
            changes={"legal_representative": "李新任"},
            reason="法定代表人换届",
            expected_version=assoc.version,
        )
    client.force_login(dc_staff)
    url = reverse("history:association", args=[assoc.pk])
    html = client.get(url).content.decode()
    assert "法定代表人换届" in html
    assert "<del>张三</del>" in html and "<ins>李新任</ins>" in html
    assert "变更基本信息" in html
    as_of = client.get(url, {"day": "2025-04-02", "at": "09:29"}).content.decode()
    state = as_of[as_of.index("的状态") : as_of.index("全部修改记录")]
    assert "张三" in state and "李新任" not in state
    assert "北京市东城区民政局" in state  # the authority id is shown by name


@pytest.mark.parametrize(("who", "status"), [("xc_staff", 403), ("supervisor", 200), ("assoc_user", 200)])
def test_history_readers(client, request, dishonesty, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("history:record", args=[dishonesty.pk])).status_code == status
    assert client.get(reverse("history:association", args=[dishonesty.association_id])).status_code == status


def test_as_of_before_1949_is_a_form_error(client, dc_staff, changed_record):
    client.force_login(dc_staff)
    response = client.get(
        reverse("history:record", args=[changed_record.pk]), {"day": "0001-01-01", "at": "00:00"}
    )
    assert response.status_code == 200
    assert "日期不能早于1949年10月1日" in response.content.decode()


def test_association_history_shows_objection_and_measure_entries(
    client, dc_staff, assoc_user, assoc, dishonesty
):
    """Entries of every object type display, their fields labelled from their models."""
    today = timezone.localdate()
    measure_apply(
        actor=dc_staff,
        association=assoc,
        kind=MeasureKind.objects.get(code="restrict-purchase"),
        basis_records=[dishonesty],
        start_on=today,
        end_on=today + timedelta(days=365),
        reason="存在公示中的失信信息",
    )
    objection_file(
        actor=assoc_user,
        association=assoc,
        records=[dishonesty],
        statement="该处罚已于2025年撤销，所附文件可以证明。",
        attachments=[Attachment(file=io.BytesIO(f.MINIMAL_PDF), name="说明材料.pdf")],
    )
    client.force_login(dc_staff)
    response = client.get(reverse("history:association", args=[assoc.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "提出异议" in html and "该处罚已于2025年撤销" in html
    assert "实施激励惩戒措施" in html and "存在公示中的失信信息" in html
