"""Public read API (R-QRY-1): search and profile return exactly what the public pages show."""

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xinyong.objections.services import Attachment, objection_file
from xinyong.records.publication import add_years
from xinyong.records.services import record_revoke
from xinyong.registry.models import Association
from xinyong.testing import factories as f

SEARCH = "/api/v1/associations"


def profile_path(uscc: str) -> str:
    return f"/api/v1/associations/{uscc}"


# --- search -------------------------------------------------------------------------------------


def test_search_finds_by_name_fragment_with_counts(api, assoc, dishonesty):
    response = api.get(SEARCH, {"q": "餐饮"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "uscc": assoc.uscc,
            "name": "北京市东城区餐饮行业协会",
            "registration_type": "social_group",
            "registration_type_display": "社会团体",
            "authority": "北京市东城区民政局",
            "status": "active",
            "status_display": "正常",
            "published_counts": {"performance": 0, "honour": 0, "dishonesty": 1},
        }
    ]


def test_search_ranks_exact_code_first_like_the_page(api, dc_staff, assoc):
    other = f.association(actor=dc_staff, name=f"北京{assoc.uscc}研究会")
    f.association(actor=dc_staff, name="北京市西城区餐饮协会")
    results = api.get(SEARCH, {"q": assoc.uscc.lower()}).json()["results"]
    assert [r["uscc"] for r in results] == [assoc.uscc, other.uscc]


@pytest.mark.parametrize("q", ["", "餐", "  餐  ", "\x01\x02"])
def test_too_short_query_is_400_with_the_pages_message(api, assoc, q):
    response = api.get(SEARCH, {"q": q} if q else {})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "请输入至少两个字：协会名称的任意部分，或18位统一社会信用代码。",
        "code": "query_too_short",
    }


def test_search_pages_twenty_at_a_time_in_a_stable_order(api, dc_staff):
    for n in range(21):
        f.association(actor=dc_staff, name=f"北京市分页测试协会{n:02d}")
    first = api.get(SEARCH, {"q": "分页测试"}).json()
    assert first["count"] == 21 and len(first["results"]) == 20
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    names = [r["name"] for r in first["results"] + second["results"]]
    assert names == sorted(names)  # same rank: by name, then id
    assert api.get(SEARCH, {"q": "分页测试"}).json() == first  # asked again: the same page
    missing = api.get(SEARCH, {"q": "分页测试", "page": 3})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_unpublished_records_do_not_count(api, assoc, hidden_records):
    results = api.get(SEARCH, {"q": "餐饮"}).json()["results"]
    assert results[0]["published_counts"] == {"performance": 0, "honour": 0, "dishonesty": 1}


# --- profile ------------------------------------------------------------------------------------


def test_profile_of_an_unknown_code_is_404(api, db):
    code = f.uscc()
    response = api.get(profile_path(code))
    assert response.status_code == 404
    assert response.json() == {"detail": f"没有统一社会信用代码为 {code} 的协会。", "code": "not_found"}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("123", "统一社会信用代码应为18位，实际为3位。"),
        ("51110000MJ0000000X", "统一社会信用代码第17位（组织机构代码校验码）"),
        ("a/b", "统一社会信用代码应为18位"),
        ("%20", "统一社会信用代码应为18位，实际为0位。"),
    ],
)
def test_invalid_code_is_400_with_the_validators_message(api, db, code, message):
    response = api.get(profile_path(code))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_uscc"
    assert response.json()["detail"].startswith(message)


def test_profile_accepts_the_code_as_people_write_it(api, assoc):
    response = api.get(profile_path(assoc.uscc.lower()))
    assert response.status_code == 200
    assert response.json()["uscc"] == assoc.uscc


def test_other_methods_are_405_with_allow(api, assoc):
    response = api.post(profile_path(assoc.uscc), {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["code"] == "method_not_allowed"


@pytest.fixture
def hidden_records(dc_staff, assoc):
    """One published record with a confidential field, and records that must never show."""
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


ID_NUMBER = "110101199003071234"
MOBILE = "13912345678"


@pytest.fixture
def full_picture(dc_staff):
    """An association with everything the publication rules distinguish (R-RET-*, R-SEC-1/2),
    and open objections on a published record, a public field and a confidential field."""
    today = timezone.localdate()
    association = f.association(
        actor=dc_staff,
        name="北京市全景测试协会",
        legal_representative="王保密姓名",
        business_scope=f"行业培训；联系人身份证 {ID_NUMBER}，电话 {MOBILE}",
        confidential_fields={"legal_representative": "personal_privacy"},
    )
    dishonest = f.record(
        actor=dc_staff,
        association_obj=association,
        data={"misconduct": f"负责人（身份证{ID_NUMBER}）虚报材料", "penalty": "保密处罚特征文本"},
        confidential_fields={"penalty": "commercial_secret"},
    )
    f.record(actor=dc_staff, association_obj=association, kind="annual_inspection")
    f.record(
        actor=dc_staff,
        association_obj=association,
        kind="annual_inspection",
        data={"inspection_year": today.year - 3, "event_date": today - timedelta(days=3 * 365)},
    )
    f.record(
        actor=dc_staff,
        association_obj=association,
        kind="honour",
        data={"valid_until": None, "long_term": True, "title": "长期荣誉特征文本"},
    )
    f.record(
        actor=dc_staff,
        association_obj=association,
        kind="evaluation",
        data={"event_date": today - timedelta(days=100)},
        confidential_fields={"event_date": "legally_withheld"},
    )
    f.record(
        actor=dc_staff,
        association_obj=association,
        data={"misconduct": "整条保密特征文本甲"},
        confidentiality="state_secret",
    )
    f.record(
        actor=dc_staff,
        association_obj=association,
        data={"misconduct": "草稿特征文本丙"},
        draft=True,
        evidence=False,
    )
    revoked = f.record(actor=dc_staff, association_obj=association, data={"misconduct": "撤销特征文本丁"})
    record_revoke(actor=dc_staff, record=revoked, reason="记录有误", expected_version=revoked.version)
    f.record(
        actor=dc_staff,
        association_obj=association,
        data={"misconduct": "过期特征文本戊", "event_date": add_years(today, -6)},
    )
    f.record(
        actor=dc_staff,
        association_obj=association,
        kind="honour",
        data={
            "title": "过期荣誉特征文本",
            "event_date": today - timedelta(days=900),
            "valid_until": today - timedelta(days=1),
        },
    )
    account = f.user(role="association", association=association, username="full-picture")
    objection_file(
        actor=account,
        association=association,
        records=[dishonest],
        basic_fields=["address", "legal_representative"],
        statement="该处罚已于2025年撤销，所附文件可以证明。",
        attachments=[Attachment(file=io.BytesIO(f.MINIMAL_PDF), name="说明.pdf")],
    )
    secrets = ("王保密姓名", "保密处罚特征文本", "整条保密特征文本甲", "草稿特征文本丙", "撤销特征文本丁")
    secrets += (
        "过期特征文本戊",
        "过期荣誉特征文本",
        ID_NUMBER,
        MOBILE,
        "commercial_secret",
        "personal_privacy",
    )
    return association, dishonest, secrets


def plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def test_profile_equals_the_public_page(api, client, full_picture):
    """The API says what the page says: the same basic information, the same records in the same
    order with the same fields, the same ends of publication, the same objection labels."""
    association, dishonest, secrets = full_picture
    page = client.get(reverse("disclosure:profile", args=[association.uscc]))
    response = api.get(profile_path(association.uscc))
    assert page.status_code == response.status_code == 200
    data = response.json()

    assert data["uscc"] == association.uscc
    assert data["basic"] == plain(dict(page.context["info"]))
    assert "legal_representative" not in data["basic"]
    key_of = {str(Association._meta.get_field(k).verbose_name): k for k in page.context["info"]}
    page_basic_due = {key_of[str(label)]: due for label, _, due in page.context["basic"] if due}
    assert {k: v["due_on"] for k, v in data["basic_objections"].items()} == plain(page_basic_due)
    assert set(data["basic_objections"]) == {"address"}  # not the confidential field's objection

    cards = {
        "performance": [card for _, group in page.context["performance"] for card in group],
        "honour": page.context["honour"],
        "dishonesty": page.context["dishonesty"],
    }
    for category, page_cards in cards.items():
        records = data["records"][category]
        assert len(records) == len(page_cards), category
        for record, card in zip(records, page_cards, strict=True):
            assert record["kind_display"] == card["kind"]
            assert record["fields"] == {fld.column: plain(fld.value) for fld in card["fields"]}
            assert record["field_labels"] == {fld.column: str(fld.label) for fld in card["fields"]}
            assert record["published_until_withheld"] is (not card["show_last_day"])
            assert record["published_until"] == (plain(card["last_day"]) if card["show_last_day"] else None)
            due = card["objection_due"]
            assert (record["objection"] or {}).get("due_on") == (due.isoformat() if due else None)
    assert [len(data["records"][c]) for c in ("performance", "honour", "dishonesty")] == [3, 1, 1]

    # What the page prints, the API carries: every text value appears in the page as well.
    html = page.content.decode()
    for record in (r for items in data["records"].values() for r in items):
        for value in record["fields"].values():
            if isinstance(value, str) and not value[:4].isdigit():
                assert value in html
        if record["objection"]:
            assert record["objection"]["label"] in html
            assert record["objection"]["explanation"] in html
    # Nothing that is not published, in either.
    text = json.dumps(data, ensure_ascii=False)
    for secret in secrets:
        assert secret not in text, secret
        assert secret not in html, secret
    # The ID number and the mobile in 业务范围, the ID number in 失信行为: redacted in both.
    assert text.count("＊＊＊") == html.count("＊＊＊") == 3
    assert str(dishonest.pk) in text and data["records"]["dishonesty"][0]["id"] == dishonest.pk


def test_profile_states_when_the_data_is_as_of(api, assoc):
    before = timezone.now()
    data = api.get(profile_path(assoc.uscc)).json()
    as_of = timezone.datetime.fromisoformat(data["data_as_of"])
    assert before <= as_of <= timezone.now()


def test_no_session_is_used_even_for_a_signed_in_user(api, assoc, dc_staff, hidden_records):
    """The API is the public view for everyone: staff signed in on the site see no more here."""
    api.force_login(dc_staff)
    text = api.get(profile_path(assoc.uscc)).content.decode()
    for secret in hidden_records:
        assert secret not in text
