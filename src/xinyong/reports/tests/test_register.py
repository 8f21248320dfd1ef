"""R-QRY-4: the issue register — numbers, codes, hashes, append-only at the database level."""

import hashlib
import io
import json
import subprocess
import sys

import pytest
from django.db import DatabaseError, connection, transaction
from pypdf import PdfReader

from xinyong.reports import codes, services
from xinyong.reports.models import IssuedReport
from xinyong.reports.pdf import render_pdf, verify_url
from xinyong.reports.services import report_issue
from xinyong.reports.verification import claimed_number, stored_content
from xinyong.testing.scratchdb import scratch_database

TABLE = IssuedReport._meta.db_table


@pytest.fixture
def issued(db, assoc):
    return report_issue(actor=None, association=assoc, version="public")


def test_register_row_matches_what_was_issued(issued, assoc):
    report = issued.report
    assert codes.NUMBER_RE.fullmatch(report.number) and report.number.endswith("-000001")
    assert report.number[2:10] == f"{report.issued_on:%Y%m%d}"
    assert report.pdf_sha256 == hashlib.sha256(issued.pdf).hexdigest() and report.pdf_size == len(issued.pdf)
    assert report.content_sha256 == hashlib.sha256(report.content.encode()).hexdigest()
    assert report.verification_code == codes.verification_code(report.number, report.content_sha256)
    assert len(report.verification_code) == 14 and set(report.verification_code) <= set(codes.ALPHABET + "-")
    content = stored_content(report)
    assert content["issue"]["number"] == report.number and content["association"]["uscc"] == assoc.uscc
    assert report.requested_by is None


def test_a_number_taken_while_the_pdf_is_drawn_is_drawn_again(db, assoc, monkeypatch):
    """The PDF is drawn outside the lock; another issuer taking its number meanwhile costs a
    second drawing with the next number, never a duplicate or a report carrying a wrong number."""
    original, raced = services._draw, []

    def racing(*args):
        draft = original(*args)
        if not raced:  # another issuer enters the same number before this one does
            raced.append(None)  # (its own drawing must not race again)
            raced[0] = report_issue(actor=None, association=assoc, version="public").report
        return draft

    monkeypatch.setattr(services, "_draw", racing)
    mine = report_issue(actor=None, association=assoc, version="public")
    assert raced[0].serial == 1 and mine.report.serial == 2
    assert claimed_number(mine.pdf) == mine.report.number
    assert mine.report.pdf_sha256 == hashlib.sha256(mine.pdf).hexdigest()


def test_numbers_count_up_within_the_day(issued, assoc):
    second = report_issue(actor=None, association=assoc, version="public").report
    assert second.serial == issued.report.serial + 1 and second.number.endswith("-000002")
    assert second.verification_code != issued.report.verification_code


def test_pdf_metadata_names_the_report_and_the_qr_link_opens_its_verify_page(issued):
    report = issued.report
    reader = PdfReader(io.BytesIO(issued.pdf))
    assert report.number in reader.metadata.subject and report.number in reader.metadata.keywords
    assert claimed_number(issued.pdf) == report.number
    links = [
        annot.get_object()["/A"]["/URI"]
        for annot in reader.pages[0].get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert verify_url(report.number, report.verification_code) in links
    assert "信用报告" in reader.metadata.title and len(reader.pages) >= 2


def test_same_content_gives_the_same_bytes(issued):
    """The PDF is a function of the stored content and code: it can be re-drawn identically."""
    report = issued.report
    assert render_pdf(stored_content(report), code=report.verification_code) == issued.pdf


def test_code_normalisation_accepts_what_people_type():
    code = codes.verification_code("XY20260101-000001", "0" * 64)
    assert codes.codes_match(code, code.lower().replace("-", " "))
    assert not codes.codes_match(code, code[:-1] + ("A" if code[-1] != "A" else "B"))
    assert not codes.codes_match(code, "")


@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET pdf_sha256 = 'forged' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],
    ids=["update", "delete"],
)
def test_database_refuses_update_and_delete(issued, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [issued.report.pk])
    assert IssuedReport.objects.get(pk=issued.report.pk).pdf_sha256 == issued.report.pdf_sha256


def test_orm_update_and_delete_are_refused_too(issued):
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedReport.objects.filter(pk=issued.report.pk).update(version="full")
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedReport.objects.all().delete()
    assert IssuedReport.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(issued):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
    assert IssuedReport.objects.count() == 1


def test_a_failure_while_drawing_leaves_no_row_and_uses_no_number(db, assoc, monkeypatch):
    def broken(content, *, code):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("xinyong.reports.services.render_pdf", broken)
    with pytest.raises(RuntimeError):
        report_issue(actor=None, association=assoc, version="public")
    monkeypatch.undo()
    assert IssuedReport.objects.count() == 0
    assert report_issue(actor=None, association=assoc, version="public").report.number.endswith("-000001")


def _issuer(env, *args) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "xinyong.reports.tests.concurrent_issuer", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_concurrent_issuers_never_share_a_number(tmp_path):
    """Processes issuing at once on a real database of the engine under test (PostgreSQL: the
    advisory lock; SQLite: the write lock an IMMEDIATE transaction takes at BEGIN) get distinct,
    gapless serials and none is refused."""
    issuers, each = 4, 3
    with scratch_database(tmp_path, label="reports") as env:
        _issuer(env, "setup")
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "xinyong.reports.tests.concurrent_issuer", "run", str(each)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(issuers)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
        numbers = _issuer(env, "report")["numbers"]
    assert len(numbers) == len(set(numbers)) == issuers * each
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, issuers * each + 1))
