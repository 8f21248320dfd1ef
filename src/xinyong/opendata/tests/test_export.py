"""The open-data export (R-QRY-3): complete, checkable, and never confidential (R-SEC-1)."""

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinyong.history.selectors import chain_head
from xinyong.opendata.export import FILES, export_open_data, latest
from xinyong.opendata.feed import feed_page
from xinyong.opendata.models import PublicationChange
from xinyong.records.models import CreditRecord
from xinyong.records.services import record_modify, record_revoke
from xinyong.registry.choices import Confidentiality
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(dc_staff, assoc, dishonesty):
    """Published, confidential, draft, expired and personal data, to see what leaves."""
    secret = record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"misconduct": "未按规定报送年度工作报告，联系人手机13912345678"},
        reason="补充",
        expected_version=1,
        confidential_fields={"penalty": Confidentiality.PERSONAL_PRIVACY},
    )
    whole = f.record(actor=dc_staff, association_obj=assoc, kind="purchased_service")
    record_modify(
        actor=dc_staff,
        record=whole,
        changes={},
        reason="商业秘密",
        expected_version=whole.version,
        confidentiality=Confidentiality.COMMERCIAL_SECRET,
    )
    f.record(actor=dc_staff, association_obj=assoc, kind="honour", draft=True, evidence=False)
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={
            "title": "早已过期的荣誉",
            "event_date": today - timedelta(days=800),
            "valid_until": today - timedelta(days=1),
        },
    )
    assoc = association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"confidential_fields": {"legal_representative": Confidentiality.PERSONAL_PRIVACY}},
        reason="法定代表人信息涉及个人隐私",
        expected_version=assoc.version,
    )
    return {"assoc": assoc, "published": secret, "secret_record": whole}


def test_export_holds_exactly_what_is_published(world):
    export = export_open_data()
    manifest = export.manifest
    assert manifest["counts"] == {"associations": 1, "records": 1}
    (record,) = [json.loads(line) for line in (export.directory / "records.jsonl").read_text().splitlines()]
    assert record["id"] == world["published"].pk
    assert "penalty" not in record["fields"]  # marked 个人隐私
    assert "13912345678" not in (export.directory / "records.jsonl").read_text()  # redacted
    everything = "".join(
        (export.directory / n).read_text(encoding="utf-8-sig")
        for n in ("records.csv", "associations.jsonl", "associations.csv")
    )
    assert "张三" not in everything  # the association's legal representative, marked private
    assert "早已过期的荣誉" not in everything and "商业秘密" not in everything
    (association,) = [
        json.loads(line) for line in (export.directory / "associations.jsonl").read_text().splitlines()
    ]
    assert association["uscc"] == world["assoc"].uscc and "legal_representative" not in association


def test_manifest_lets_anyone_check_the_files_and_the_chain(world):
    export = export_open_data()
    manifest = export.manifest
    for entry in manifest["files"]:
        content = (export.directory / entry["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    head_id, head_hash = chain_head()
    assert manifest["history_head"] == {"id": head_id, "hash": head_hash}
    assert manifest["feed_cursor"] == PublicationChange.objects.last().pk
    assert json.loads((export.directory / "manifest.json").read_text()) == manifest
    rows = list(
        csv.DictReader(io.StringIO((export.directory / "records.csv").read_text(encoding="utf-8-sig")))
    )
    assert (export.directory / "records.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it
    assert [r["id"] for r in rows] == [str(world["published"].pk)]
    assert manifest["columns"]["records"]["misconduct"] == "失信行为"


def test_replaying_the_feed_gives_the_export(world, dc_staff):
    """A mirror that applies every feed event holds exactly what the export holds."""
    f.record(actor=dc_staff, association_obj=world["assoc"], kind="commendation")
    mirror: dict[tuple[str, int], dict] = {}
    changes, _ = feed_page(after=0, limit=10_000, on=timezone.localdate())
    for change in changes:
        key = (change["subject"], change["object_id"])
        if change["data"] is None:
            mirror.pop(key, None)
        else:
            mirror[key] = change["data"]
    export = export_open_data()
    exported = [json.loads(x) for x in (export.directory / "records.jsonl").read_text().splitlines()]
    assert sorted(exported, key=lambda r: r["id"]) == sorted(
        (d for (s, _), d in mirror.items() if s == "record"), key=lambda r: r["id"]
    )


def test_latest_points_at_the_newest_and_old_exports_are_pruned(world):
    names = set()
    for _ in range(5):
        names.add(export_open_data().directory.name)
    assert latest().directory.name == max(names)
    kept = [p for p in latest().directory.parent.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(kept) <= 3


def test_download_page_and_files(client, world):
    assert "还没有生成公开数据" in client.get("/open-data/").content.decode()
    out = io.StringIO()
    call_command("export_open_data", stdout=out, stderr=io.StringIO())
    assert "rows/s" in out.getvalue()
    page = client.get("/open-data/").content.decode()
    assert "records.jsonl" in page and latest().manifest["files"][0]["sha256"] in page
    response = client.get("/open-data/records.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content) == (latest().directory / "records.csv").read_bytes()
    assert client.get("/open-data/..%2Fsettings.py").status_code == 404
    assert client.get("/open-data/other.txt").status_code == 404


def test_csv_cells_cannot_become_formulas(dc_staff, assoc, dishonesty):
    """Free text that would start a formula in Excel is marked in the CSV files and left as it is
    in the JSON Lines (OWASP CSV injection); numbers stay numbers."""
    formula = '=HYPERLINK("http://evil.example","点此")'
    record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"misconduct": formula, "penalty": "-2+3+cmd|' /C calc'!A0"},
        reason="测试",
        expected_version=dishonesty.version,
    )
    association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"address": "@SUM(1+1)", "business_scope": "-1+1 咨询服务"},
        reason="测试",
        expected_version=assoc.version,
    )
    # Leading tabs and line feeds are stripped on entry; written behind the services' back:
    CreditRecord.objects.filter(pk=dishonesty.pk).update(legal_basis="\r=1+1")
    export = export_open_data()

    def csv_rows(name):
        text = (export.directory / name).read_bytes().decode("utf-8-sig")  # no newline translation
        return list(csv.DictReader(io.StringIO(text, newline="")))

    (record,) = csv_rows("records.csv")
    assert record["misconduct"] == "'" + formula
    assert record["penalty"] == "'-2+3+cmd|' /C calc'!A0"
    assert record["id"] == str(dishonesty.pk) and record["legal_basis"] == "'\r=1+1"
    (association,) = csv_rows("associations.csv")
    assert association["address"] == "'@SUM(1+1)" and association["business_scope"] == "'-1+1 咨询服务"
    assert association["staff_count"] == str(assoc.staff_count)
    (line,) = (export.directory / "records.jsonl").read_text().splitlines()
    assert json.loads(line)["fields"]["misconduct"] == formula  # JSON is not a spreadsheet


def _download(client, name: str) -> bytes:
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_downloads_never_hold_content_withdrawn_since_the_export(client, dc_staff, world):
    """Finding 2: a record marked confidential, another revoked, a basic-information field marked
    personal after the export: the files already written still hold them, the downloads do not,
    and they hold exactly what a fresh export would."""
    extra = f.record(
        actor=dc_staff, association_obj=world["assoc"], kind="commendation", data={"title": "稍后撤销的表彰"}
    )
    published = record_modify(
        actor=dc_staff,
        record=world["published"],
        changes={"legal_basis": "《社会团体登记管理条例》第三十条（稍后保密）"},
        reason="补充依据",
        expected_version=world["published"].version,
    )
    export = export_open_data()
    written = (export.directory / "records.csv").read_text(encoding="utf-8-sig")
    assert "稍后撤销的表彰" in written and "稍后保密" in written
    assert "培训中心" in (export.directory / "associations.jsonl").read_text()

    record_revoke(actor=dc_staff, record=extra, reason="表彰已撤回", expected_version=extra.version)
    record_modify(
        actor=dc_staff,
        record=published,
        changes={},
        reason="整条涉及商业秘密",
        expected_version=published.version,
        confidentiality=Confidentiality.COMMERCIAL_SECRET,
    )
    assoc = world["assoc"]
    assoc.refresh_from_db()
    association_modify(
        actor=dc_staff,
        association=assoc,
        changes={
            "confidential_fields": {**assoc.confidential_fields, "branches": Confidentiality.PERSONAL_PRIVACY}
        },
        reason="分支机构负责人信息涉及个人隐私",
        expected_version=assoc.version,
    )
    newer = f.record(
        actor=dc_staff, association_obj=assoc, kind="honour", data={"title": "导出后新公示的荣誉"}
    )

    served = {name: _download(client, name) for name in FILES}
    for name, content in served.items():
        text = content.decode("utf-8-sig")
        for withdrawn in ("稍后撤销的表彰", "稍后保密", "培训中心"):
            assert withdrawn not in text, (name, withdrawn)
        assert ("导出后新公示的荣誉" in text) == name.startswith("records")
    assert served["records.csv"].startswith(b"\xef\xbb\xbf")
    fresh = export_open_data()
    for name in FILES:
        if name.endswith(".jsonl"):
            got = sorted(served[name].decode().splitlines())
            assert got == sorted((fresh.directory / name).read_text().splitlines()), name
        else:
            got_rows = sorted(csv.reader(io.StringIO(served[name].decode("utf-8-sig"))))
            want_rows = sorted(
                csv.reader(io.StringIO((fresh.directory / name).read_text(encoding="utf-8-sig")))
            )
            assert got_rows == want_rows, name
    assert newer.pk in {json.loads(x)["id"] for x in served["records.jsonl"].decode().splitlines()}


def test_the_page_and_manifest_say_what_was_patched_and_when(client, dc_staff, world):
    export = export_open_data()
    page = client.get("/open-data/").content.decode()
    as_of = timezone.localtime(datetime.fromisoformat(export.manifest["as_of"]))
    assert as_of.utcoffset() == timedelta(hours=8)  # Beijing time, stated with its offset
    assert f"{as_of.year}年{as_of.month}月{as_of.day}日 {as_of:%H:%M}" in page
    assert "变更或撤下" not in page
    manifest = json.loads(_download(client, "manifest.json"))
    assert manifest["changed_since_export"]["records"] == 0
    assert _download(client, "records.csv") == (export.directory / "records.csv").read_bytes()  # as written

    record_revoke(
        actor=dc_staff,
        record=world["published"],
        reason="记录错误",
        expected_version=world["published"].version,
    )
    page = client.get("/open-data/").content.decode()
    assert "有 1 项内容变更或撤下" in page
    manifest = json.loads(_download(client, "manifest.json"))
    assert manifest["changed_since_export"]["records"] == 1
    assert manifest["files"] == export.manifest["files"]  # the checksums of the export as written
    response = client.get("/open-data/records.csv")
    assert response["X-Patched-Since-Export"] == "1"


def test_an_expiry_since_the_export_leaves_the_downloads(client, dc_staff, world, monkeypatch):
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=world["assoc"],
        kind="honour",
        data={"title": "今天最后一天的荣誉", "valid_until": today, "event_date": today - timedelta(days=30)},
    )
    export_open_data()
    assert "今天最后一天的荣誉" in _download(client, "records.jsonl").decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today + timedelta(days=1))
    assert "今天最后一天的荣誉" not in _download(client, "records.jsonl").decode()


def test_served_files_patched_after_a_change_cannot_hand_excel_a_formula(client, dc_staff, dishonesty):
    """The downloads brought up to date after the export (``opendata.serving``) write their CSV
    rows with the same cells as the export: formulas are quoted there too."""
    export_open_data()
    record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"misconduct": '=HYPERLINK("http://evil.example")'},
        reason="测试",
        expected_version=dishonesty.version,
    )
    text = _download(client, "records.csv").decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["misconduct"] == '\'=HYPERLINK("http://evil.example")'
