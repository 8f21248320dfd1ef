"""Public pages: search and profile show exactly what is published (R-QRY-1, R-RET-*, R-SEC-*)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xinyong.records.publication import add_years
from xinyong.records.services import record_revoke
from xinyong.testing import factories as f


def profile_url(association) -> str:
    return reverse("disclosure:profile", args=[association.uscc])


def test_home_has_search_box(client, db):
    response = client.get(reverse("disclosure:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert reverse("disclosure:search") in html
    assert "/i18n/setlang/" in html  # language switcher in the base template


def test_one_character_query_gets_friendly_message(client, assoc):
    response = client.get(reverse("disclosure:search"), {"q": "餐"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入至少两个字" in html
    assert assoc.name not in html


def test_two_character_name_search_finds_association(client, assoc, dishonesty):
    response = client.get(reverse("disclosure:search"), {"q": "餐饮"})
    assert response.status_code == 200
    html = response.content.decode()
    assert assoc.name in html
    assert assoc.uscc in html
    assert "北京市东城区民政局" in html
    assert "社会团体" in html
    assert "失信信息：1" in html
    assert profile_url(assoc) in html


def test_uscc_search_finds_association_exactly_and_first(client, dc_staff, assoc):
    # This one's name contains the code as text, so it matches by name too, but ranks below.
    other = f.association(actor=dc_staff, name=f"北京{assoc.uscc}研究会")
    f.association(actor=dc_staff, name="北京市西城区餐饮协会")
    response = client.get(reverse("disclosure:search"), {"q": assoc.uscc.lower()})
    html = response.content.decode()
    assert assoc.name in html and other.name in html
    assert html.index(profile_url(assoc)) < html.index(profile_url(other))
    assert "北京市西城区餐饮协会" not in html


def test_search_paginates_twenty_per_page(client, dc_staff):
    for n in range(21):
        f.association(actor=dc_staff, name=f"北京市分页测试协会{n:02d}")
    first = client.get(reverse("disclosure:search"), {"q": "分页测试"}).content.decode()
    second = client.get(reverse("disclosure:search"), {"q": "分页测试", "page": 2}).content.decode()
    assert first.count('<li class="card">') == 20
    assert second.count('<li class="card">') == 1
    assert "找到 21 个协会" in first


def test_profile_shows_published_record(client, assoc, dishonesty):
    response = client.get(profile_url(assoc))
    assert response.status_code == 200
    html = response.content.decode()
    assert assoc.name in html
    assert "未按规定报送年度工作报告" in html  # 失信行为
    assert "《社会团体登记管理条例》第三十条" in html  # 处理依据
    handled = dishonesty.event_date
    assert f"{handled.year}年{handled.month}月{handled.day}日" in html  # 处理日期
    last = add_years(handled, 5)
    assert f"{last.year}年{last.month}月{last.day}日" in html  # 公示截止: five years on (R-RET-4)
    assert "数据截至" in html
    assert "培训中心" in html  # branch, not confidential


def test_profile_groups_performance_by_kind_and_shows_long_term(client, dc_staff, assoc):
    f.record(actor=dc_staff, association_obj=assoc, kind="annual_inspection")
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"valid_until": None, "long_term": True, "title": "长期荣誉称号样例"},
    )
    html = client.get(profile_url(assoc)).content.decode()
    assert "年检信息" in html
    assert "合格" in html
    assert "长期荣誉称号样例" in html
    assert "长期" in html


def test_unknown_code_is_404(client, db):
    assert client.get(reverse("disclosure:profile", args=["51110000MJ0000000X"])).status_code == 404


@pytest.fixture
def hidden_records(dc_staff, assoc):
    """One published record with a confidential field, and four records that must never show."""
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"misconduct": "可公开的失信行为文本", "penalty": "罚款特征文本乙"},
        confidential_fields={"penalty": "personal_privacy"},
    )
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"misconduct": "整条保密特征文本甲"},
        confidentiality="state_secret",
    )
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"misconduct": "草稿特征文本丙"},
        draft=True,
        evidence=False,
    )
    f.record(actor=dc_staff, association_obj=assoc, data={"misconduct": "有材料的草稿特征文本"}, draft=True)
    revoked = f.record(actor=dc_staff, association_obj=assoc, data={"misconduct": "撤销特征文本丁"})
    record_revoke(actor=dc_staff, record=revoked, reason="记录有误", expected_version=revoked.version)
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"misconduct": "过期特征文本戊", "event_date": add_years(today, -6)},
    )
    return (
        "罚款特征文本乙",
        "整条保密特征文本甲",
        "草稿特征文本丙",
        "有材料的草稿特征文本",
        "撤销特征文本丁",
        "过期特征文本戊",
    )


def test_unpublished_content_never_on_profile(client, assoc, hidden_records):
    html = client.get(profile_url(assoc)).content.decode()
    assert "可公开的失信行为文本" in html  # the record itself is published…
    for text in hidden_records:  # …but nothing that is not
        assert text not in html
    assert html.count('<div class="card">') == 1


def test_unpublished_records_do_not_count_in_search(client, assoc, hidden_records):
    html = client.get(reverse("disclosure:search"), {"q": "餐饮"}).content.decode()
    assert "失信信息：1" in html
    assert "绩效信息：0" in html
    assert "荣誉信息：0" in html
    for text in hidden_records:
        assert text not in html


def test_confidential_basic_field_absent_from_profile(client, dc_staff):
    association = f.association(
        actor=dc_staff,
        name="北京市保密字段测试协会",
        legal_representative="王特征姓名",
        confidential_fields={"legal_representative": "personal_privacy"},
    )
    html = client.get(profile_url(association)).content.decode()
    assert association.name in html
    assert "王特征姓名" not in html
    assert "法定代表人" not in html
    assert "北京市东城区东四十条1号" in html  # the unmarked address stays public


def test_evidence_never_public(client, assoc, dishonesty):
    evidence = dishonesty.evidence.get()
    html = client.get(profile_url(assoc)).content.decode()
    assert evidence.document_number not in html
    assert evidence.original_name not in html
    assert reverse("records:evidence_download", args=[evidence.pk]) not in html


def test_profile_hides_end_of_publication_when_its_date_is_confidential(client, dc_staff, assoc):
    handled = timezone.localdate() - timedelta(days=400)
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"event_date": handled, "misconduct": "日期保密的失信记录"},
        confidential_fields={"event_date": "legally_withheld"},
    )
    html = client.get(profile_url(assoc)).content.decode()
    assert "日期保密的失信记录" in html  # the record itself is published
    last = add_years(handled, 5)
    assert f"{handled.year}年{handled.month}月{handled.day}日" not in html
    assert f"{last.year}年{last.month}月{last.day}日" not in html
    assert "公示截止" not in html


@pytest.mark.parametrize("path", ["/search?q=%00%00", "/search?q=ab%00", "/org/%00", "/org/5%0011"])
def test_control_characters_never_cause_a_server_error(client, assoc, path):
    response = client.get(path)
    assert response.status_code == 400  # NUL is refused at the door (security.middleware)


def _published_part(html: str) -> str:
    return html[html.index("<h2>基本信息</h2>") : html.index("</main>")]


def test_profile_is_rendered_once_per_state_then_served_from_memory(client, assoc, dishonesty):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        cold = client.get(profile_url(assoc)).content.decode()
    with CaptureQueriesContext(connection) as second:
        warm = client.get(profile_url(assoc)).content.decode()
    assert len(second) < len(first)
    assert not any("records_creditrecord" in q["sql"] for q in second.captured_queries)
    assert _published_part(warm) == _published_part(cold)
    assert "未按规定报送年度工作报告" in warm


def test_a_cached_profile_never_outlives_a_withdrawn_or_newly_confidential_record(client, dc_staff, assoc):
    from xinyong.records.services import record_modify

    shown = f.record(actor=dc_staff, association_obj=assoc, data={"misconduct": "先公示后撤销的文本"})
    secret = f.record(actor=dc_staff, association_obj=assoc, data={"misconduct": "后来保密的文本"})
    html = client.get(profile_url(assoc)).content.decode()
    assert "先公示后撤销的文本" in html and "后来保密的文本" in html
    record_revoke(actor=dc_staff, record=shown, reason="记录有误", expected_version=shown.version)
    record_modify(
        actor=dc_staff,
        record=secret,
        changes={},
        confidentiality="commercial_secret",
        reason="涉及商业秘密",
        expected_version=secret.version,
    )
    html = client.get(profile_url(assoc)).content.decode()
    assert "先公示后撤销的文本" not in html
    assert "后来保密的文本" not in html


def test_a_cached_profile_follows_the_day_and_the_language(client, dc_staff, assoc, monkeypatch):
    today = timezone.localdate()
    handled = add_years(today, -5) + timedelta(days=1)  # published through tomorrow, not after
    f.record(
        actor=dc_staff, association_obj=assoc, data={"misconduct": "明天到期的文本", "event_date": handled}
    )
    assert "明天到期的文本" in client.get(profile_url(assoc)).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(profile_url(assoc)).content.decode()
    assert "Basic information" in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=2))
    assert "明天到期的文本" not in client.get(profile_url(assoc)).content.decode()
