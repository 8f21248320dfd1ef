"""The export reads plain rows (issue 7) and must write exactly what the per-object path writes:
model instances through ``public_record`` / ``public_basic_data``, ``json.dumps`` per line and
``csv.DictWriter`` (the export before issue 7) with every text cell through
``spreadsheet.safe_cell`` (issue 13), byte for byte, and nothing confidential."""

import csv
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from xinyong.disclosure.selectors import (
    public_basic_data,
    public_basic_rows,
    public_record,
    public_record_data,
    public_record_rows,
)
from xinyong.opendata.export import ASSOCIATION_COLUMNS, FILES, RECORD_COLUMNS, export_open_data
from xinyong.records.publication import published_records
from xinyong.records.services import record_modify, record_revoke
from xinyong.registry.choices import Confidentiality, RegistrationType
from xinyong.registry.models import Association
from xinyong.spreadsheet import safe_cell
from xinyong.testing import factories as f

pytestmark = pytest.mark.django_db

# Words that are only in confidential places: none may leave.
SECRETS = ("国家秘密甲地址", "商业秘密乙分支", "隐私丙代表人", "商业秘密丁评价", "隐私戊处罚", "依法不公开己")
PERSONAL = ("13912345678", "110101199003071234", "１３８００１３８０００")


@pytest.fixture
def varied(dc_staff, assoc):
    """Every kind, every way of not being public, English and Chinese labels, personal data."""
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    marked = f.association(
        actor=dc_staff,
        name="北京市东城区保密测试基金会",
        registration_type=RegistrationType.FOUNDATION,
        address=SECRETS[0],
        legal_representative=SECRETS[2],
        business_scope="资助公益项目；咨询电话 13912345678",
        branches=[
            {"name": SECRETS[1], "address": "北京市东城区1号", "head": "王五"},
        ],
        confidential_fields={
            "address": Confidentiality.STATE_SECRET,
            "branches": Confidentiality.COMMERCIAL_SECRET,
            "legal_representative": Confidentiality.PERSONAL_PRIVACY,
        },
    )
    plain = f.association(
        actor=dc_staff,
        name="北京市东城区公开测试协会",
        address='=HYPERLINK("http://evil.example")',  # a formula for Excel: escaped in the CSV
        branches=[
            {"name": "一分会", "address": "东四十条3号", "head": "赵六 110101199003071234"},
            {"name": "二分会", "address": "东四十条4号", "head": "钱七"},
        ],
    )
    public, hidden = [], []

    def record(association, kind, data=None, **kw):
        item = f.record(actor=dc_staff, association_obj=association, kind=kind, data=data or {}, **kw)
        public.append(item)
        return item

    for association in (assoc, plain):
        for kind in (
            "annual_inspection",
            "evaluation",
            "commendation",
            "purchased_service",
            "transferred_function",
            "honour",
            "dishonesty",
        ):
            record(association, kind)
    record(plain, "annual_inspection", {"conclusion": "basically_qualified", "event_date": ago(30)})
    record(plain, "evaluation", {"valid_until": None})  # optional date left empty
    record(plain, "commendation", {"title": "-2+3+cmd|' /C calc'!A0", "counterpart": "@SUM(1)"})
    record(plain, "honour", {"valid_until": None, "long_term": True, "honour_level": "other"})
    record(
        plain,
        "honour",
        {"valid_until": today + timedelta(days=30)},
        confidential_fields={"valid_until": Confidentiality.LEGALLY_WITHHELD},
    )
    record(
        assoc,
        "purchased_service",
        {"performance_evaluation": SECRETS[3]},
        confidential_fields={"performance_evaluation": Confidentiality.COMMERCIAL_SECRET},
    )
    record(
        assoc,
        "dishonesty",
        {"misconduct": "联系人手机１３８００１３８０００，身份证110101199003071234", "penalty": SECRETS[4]},
        confidential_fields={"penalty": Confidentiality.PERSONAL_PRIVACY},
    )
    record(
        marked,
        "dishonesty",
        {"legal_basis": "《条例》第三十条"},
        confidential_fields={"event_date": Confidentiality.LEGALLY_WITHHELD},
    )
    hidden.append(
        f.record(
            actor=dc_staff,
            association_obj=marked,
            kind="commendation",
            data={"title": SECRETS[5]},
            confidentiality=Confidentiality.STATE_SECRET,
        )
    )
    hidden.append(f.record(actor=dc_staff, association_obj=plain, kind="honour", draft=True, evidence=False))
    revoked = f.record(actor=dc_staff, association_obj=plain, kind="commendation")
    hidden.append(
        record_revoke(actor=dc_staff, record=revoked, reason="错误记录", expected_version=revoked.version)
    )
    hidden.append(
        f.record(
            actor=dc_staff,
            association_obj=assoc,
            kind="honour",
            data={"event_date": ago(800), "valid_until": ago(1)},  # expired yesterday
        )
    )
    hidden.append(
        f.record(actor=dc_staff, association_obj=plain, kind="dishonesty", data={"event_date": ago(6 * 366)})
    )
    # Made confidential after it was published: the export must drop it.
    late = record(assoc, "transferred_function")
    hidden.append(
        record_modify(
            actor=dc_staff,
            record=late,
            changes={},
            reason="商业秘密",
            expected_version=late.version,
            confidentiality=Confidentiality.COMMERCIAL_SECRET,
        )
    )
    public.remove(late)
    return {"public": public, "hidden": hidden, "marked": marked}


def per_object_export(directory, today) -> None:
    """The export's four files as written before issue 7, from model instances."""
    associations = (
        public_basic_data(a) for a in Association.objects.select_related("authority").order_by("uscc")
    )
    records = (
        public_record_data(public_record(r))
        for r in published_records(on=today).select_related("association", "recorded_by").order_by("id")
    )
    for stem, rows, columns in (
        ("associations", associations, ASSOCIATION_COLUMNS),
        ("records", records, RECORD_COLUMNS),
    ):
        with (
            open(directory / f"{stem}.jsonl", "w", encoding="utf-8", newline="\n") as jsonl,
            open(directory / f"{stem}.csv", "w", encoding="utf-8-sig", newline="") as text,
        ):
            writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for data in rows:
                jsonl.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
                flat = data
                if "fields" in data:
                    flat = {**{k: v for k, v in data.items() if k != "fields"}, **data["fields"]}
                writer.writerow({k: cell(flat.get(k)) for k in columns})


def cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_export_files_are_byte_identical_to_the_per_object_path(varied, tmp_path, language):
    """Whatever language the caller has active, the export is written in zh-Hans."""
    with translation.override(language):
        export = export_open_data()
    reference = tmp_path / "reference"
    reference.mkdir()
    with translation.override(settings.LANGUAGE_CODE):
        per_object_export(reference, timezone.localdate())
    for name in FILES:
        assert (export.directory / name).read_bytes() == (reference / name).read_bytes(), name
    assert export.manifest["counts"] == {"associations": 3, "records": len(varied["public"])}
    records = [json.loads(x) for x in (export.directory / "records.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == sorted(r.pk for r in varied["public"])
    csv_text = "".join(
        (export.directory / f"{s}.csv").read_text("utf-8-sig") for s in ("records", "associations")
    )
    assert "'-2+3+cmd" in csv_text and "'@SUM(1)" in csv_text and "'=HYPERLINK" in csv_text
    text = (export.directory / "records.jsonl").read_text()
    assert "基本合格" in text and "长期" in text and "国家级" in text  # labels, in Chinese
    assert "Basically qualified" not in text and "Long-term" not in text


def test_nothing_confidential_or_personal_leaves(varied):
    export = export_open_data()
    everything = "".join(
        (export.directory / name).read_text(encoding="utf-8-sig") for name in (*FILES, "manifest.json")
    )
    for secret in (*SECRETS, *PERSONAL):
        assert secret not in everything
    assert "＊＊＊" in everything  # the personal numbers were redacted, not dropped
    exported = {json.loads(x)["id"] for x in (export.directory / "records.jsonl").read_text().splitlines()}
    assert exported.isdisjoint(r.pk for r in varied["hidden"])
    (marked,) = [
        json.loads(x)
        for x in (export.directory / "associations.jsonl").read_text().splitlines()
        if json.loads(x)["uscc"] == varied["marked"].uscc
    ]
    assert not {"address", "branches", "legal_representative"} & set(marked)
    withheld = [r for r in map(json.loads, (export.directory / "records.jsonl").read_text().splitlines())]
    withheld = [r for r in withheld if r["published_until_withheld"]]
    assert len(withheld) == 2 and all(r["published_until"] is None for r in withheld)
    assert all("event_date" not in r["fields"] or "valid_until" not in r["fields"] for r in withheld)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_give_the_public_form_of_each_object_in_the_active_language(varied, language):
    today = timezone.localdate()
    with translation.override(language):
        records = published_records(on=today).order_by("id")
        expected = [
            public_record_data(public_record(r)) for r in records.select_related("association", "recorded_by")
        ]
        assert list(public_record_rows(records, chunk_size=7)) == expected
        associations = Association.objects.order_by("uscc")
        assert list(public_basic_rows(associations, chunk_size=2)) == [
            public_basic_data(a) for a in associations.select_related("authority")
        ]
    shown = json.dumps(expected, ensure_ascii=False)
    assert ("Basically qualified" in shown) == (language == "en")
    assert ("基本合格" in shown) == (language == "zh-hans")
