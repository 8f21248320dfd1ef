"""The publication selector (R-RET-*, R-SEC-*) and public search (R-QRY-1)."""

from datetime import date, timedelta

import pytest

from xinyong.disclosure.selectors import public_basic_info, public_profile, redact_personal_data
from xinyong.records import services
from xinyong.records.publication import in_window, published_counts, published_records
from xinyong.registry.search import search_associations
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f

EVENT_DATES = [
    date(2016, 2, 29),
    date(2016, 3, 1),
    date(2019, 2, 28),
    date(2019, 3, 1),
    date(2020, 2, 29),
    date(2020, 3, 1),
    date(2021, 6, 15),
    date(2024, 2, 29),
]
PROBE_DAYS = [
    date(2021, 2, 28),
    date(2021, 3, 1),
    date(2021, 3, 2),
    date(2024, 2, 28),
    date(2024, 2, 29),
    date(2024, 3, 1),
    date(2024, 3, 2),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2025, 3, 2),
    date(2026, 6, 15),
    date(2026, 6, 16),
    date(2029, 2, 28),
    date(2029, 3, 1),
]


def test_database_selector_matches_the_rule_on_every_probe_day(dc_staff, assoc):
    records = []
    for event in EVENT_DATES:
        for kind in ("annual_inspection", "dishonesty"):
            data = {"event_date": event}
            if kind == "annual_inspection":
                data["inspection_year"] = event.year - 1
            records.append(f.record(actor=dc_staff, association_obj=assoc, kind=kind, data=data))
        records.append(
            f.record(
                actor=dc_staff,
                association_obj=assoc,
                kind="honour",
                data={"event_date": event, "valid_until": event + timedelta(days=1500)},
            )
        )
    records.append(
        f.record(
            actor=dc_staff,
            association_obj=assoc,
            kind="honour",
            data={"valid_until": None, "long_term": True},
        )
    )
    for on in PROBE_DAYS:
        expected = {
            r.pk
            for r in records
            if in_window(
                category=r.category,
                event_date=r.event_date,
                valid_until=r.valid_until,
                long_term=r.long_term,
                on=on,
            )
        }
        assert set(published_records(on=on).values_list("pk", flat=True)) == expected, on


def test_only_complete_non_confidential_records_are_published(dc_staff, assoc):
    public = f.record(actor=dc_staff, association_obj=assoc)
    draft = f.record(actor=dc_staff, association_obj=assoc, draft=True, evidence=False)
    secret = f.record(actor=dc_staff, association_obj=assoc, confidentiality="state_secret")
    revoked = f.record(actor=dc_staff, association_obj=assoc)
    services.record_revoke(actor=dc_staff, record=revoked, reason="撤销", expected_version=1)
    today = date.today()
    assert set(published_records(on=today).values_list("pk", flat=True)) == {public.pk}
    assert published_counts(association_ids=[assoc.pk], on=today)[assoc.pk] == {
        "performance": 0,
        "honour": 0,
        "dishonesty": 1,
    }
    assert {draft.pk, secret.pk, revoked.pk}.isdisjoint(
        r.record.pk for rs in public_profile(assoc, on=today).values() for r in rs
    )


def test_confidential_fields_are_left_out_of_the_public_record(dc_staff, assoc):
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"penalty": "罚款人民币伍万元整（涉及商业秘密）"},
        confidential_fields={"penalty": "commercial_secret"},
    )
    [shown] = public_profile(assoc, on=date.today())["dishonesty"]
    columns = {field.column for field in shown.fields}
    assert "penalty" not in columns and {"misconduct", "legal_basis", "event_date"} <= columns
    assert "伍万元" not in repr(shown.fields)


def test_personal_data_is_redacted_from_public_text(dc_staff, assoc):
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"misconduct": "负责人张某（身份证号110101199003071234，电话13812345678）拒不整改"},
    )
    [shown] = public_profile(assoc, on=date.today())["dishonesty"]
    text = dict((fld.column, fld.value) for fld in shown.fields)["misconduct"]
    assert "110101199003071234" not in text and "13812345678" not in text and "拒不整改" in text
    assert redact_personal_data("电话010-65123456") == "电话010-65123456"  # office numbers stay


@pytest.mark.parametrize(
    "written",
    [
        "+8613812345678",
        "8613812345678",
        "+86 138 1234 5678",
        "138-1234-5678",
        "138 1234 5678",
        "１３８１２３４５６７８",
        "110101199003071234",
        "11010119900307123X",
        "110101 19900307 1234",
        "110101900307123",
        "ID110101199003071234",
        # Issue 13: separators anywhere, Chinese numerals.
        "1101 0119 9003 0712 34",
        "110101.19900307.1234",
        "138.0013.8000",
        "135/0013/5001",
        "1 3 5 0 0 1 3 5 0 0 0",
        "一三六〇〇一三六〇〇〇",
        "壹叁捌零零壹叁捌零零零",
        "幺三八 零零幺三 八零零零",
        "１３８·００１３·８０００",
        "＋86－138－0013－8000",
        "110101・19900307・123 X",
    ],
)
def test_personal_numbers_are_redacted_however_they_are_written(written):
    shown = redact_personal_data(f"联系人（{written}），已整改。")
    assert shown == f"联系人（{'ID' if written.startswith('ID') else ''}＊＊＊），已整改。"


@pytest.mark.parametrize(
    "kept",
    [
        "京民社〔2024〕12号",
        "京民社〔2024〕123号",
        "2024年3月15日",
        "2024.03.15",
        "2024.03.15—2025.03.14",
        "2024/03/15 至 2025/03/14",
        "二〇二四年三月十五日",
        "注册资金100000元",
        "罚款人民币 1,380,013.80 元",
        "第一、二、三、四、五、六、七、八、九、十条",
        "010-65123456",
        "010 6512 3456",
        "192.168.100.123",
        "账号 6222 0212 3456 7890 123",
    ],
)
def test_ordinary_numbers_are_kept(kept):
    assert redact_personal_data(kept) == kept


def test_personal_numbers_are_redacted_from_basic_information(dc_staff):
    assoc = f.association(
        actor=dc_staff,
        address="北京市东城区某街1号（联系电话13912345678）",
        branches=[{"name": "培训部", "address": "东城区2号", "head": "李四 13812345678"}],
    )
    info = public_basic_info(assoc)
    assert "13912345678" not in repr(info) and "13812345678" not in repr(info)
    assert info["address"].startswith("北京市东城区某街1号")


def test_confidential_basic_fields_are_absent(dc_staff, assoc):
    assoc = association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"confidential_fields": {"legal_representative": "personal_privacy"}},
        reason="个人隐私保护",
        expected_version=1,
    )
    info = public_basic_info(assoc)
    assert "legal_representative" not in info and info["address"] == assoc.address
    assert "张三" not in repr(info)


@pytest.mark.parametrize("query", ["东城", "餐饮", "东城区餐饮行业协会", "ＤＯＮＧ"])
def test_search_by_any_part_of_the_name(dc_staff, assoc, query):
    f.association(actor=dc_staff, name="北京DONG城科技协会")
    names = [a.name for a in search_associations(query)]
    expected = "北京DONG城科技协会" if query == "ＤＯＮＧ" else assoc.name
    assert expected in names


def test_search_ranks_exact_code_and_exact_name_first(dc_staff, assoc):
    other = f.association(actor=dc_staff, name="北京市东城区餐饮行业协会培训分会")
    assert list(search_associations(assoc.uscc.lower())) == [assoc]
    assert search_associations(assoc.name).first() == assoc
    assert list(search_associations("东城区餐饮"))[:2] == [assoc, other]


def test_search_needs_two_characters_and_ignores_confidential_content(dc_staff, assoc):
    assert list(search_associations("东")) == []
    assert list(search_associations("张三")) == []  # legal representative is not searched
    assert list(search_associations("%%")) == []


def test_dishonesty_shows_its_recording_authority_and_confidential_dates_hide_the_end(dc_staff, assoc):
    f.record(actor=dc_staff, association_obj=assoc, confidential_fields={"event_date": "legally_withheld"})
    [shown] = public_profile(assoc, on=date.today())["dishonesty"]
    values = {fld.column: fld.value for fld in shown.fields}
    assert values["recorded_by"] == "北京市东城区民政局"
    assert "event_date" not in values
    assert shown.last_public_day is None and shown.last_public_day_withheld
