"""The English catalogue is complete, compiled, and English pages carry no Chinese chrome.

Source strings are Chinese (the regulation's own terms); English is the translation in
``locale/en/LC_MESSAGES/django.po``, refreshed by ``make messages``.

- Every string the source marks for translation has a finished (non-empty, non-fuzzy) English
  entry: the source is extracted afresh with Django's makemessages (GNU xgettext) into a copy, so a
  new untranslated string anywhere fails here, named with its file.
- The committed ``django.mo`` says what the ``.po`` says.
- Key public and back-office pages rendered in English contain no CJK character except user data
  (names, addresses, record texts, reasons … read from the database) and the switcher's 简体中文.
"""

import io
import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from xinyong.accounts.models import Role
from xinyong.history.models import HistoryEntry
from xinyong.measures.models import Measure, MeasureKind, MeasureProposal, MeasureRule
from xinyong.measures.services import measure_apply, propose_measures
from xinyong.notices.models import Notice
from xinyong.objections.models import Objection, ObjectionAttachment
from xinyong.objections.services import Attachment, objection_file, objection_verify
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import record_modify
from xinyong.registry.choices import Confidentiality
from xinyong.registry.models import Association, Authority, Department
from xinyong.registry.services import association_modify
from xinyong.reports.models import IssuedReport
from xinyong.reports.services import report_issue
from xinyong.testing import factories as f
from xinyong.workdays.models import CalendarDay, CalendarYear

PACKAGE = Path(__file__).resolve().parent.parent
PO_PATH = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# The same options as the Makefile's `messages` target (keep the two in step).
MAKEMESSAGES_OPTIONS = {
    "locale": ["en"],
    "extensions": ["html", "py"],
    "ignore_patterns": [
        "*/migrations/*",
        "*/tests/*",
        "tests/*",
        "testing/*",
        "static/*",
        ".venv/*",
        "var/*",
        "bench/*",
        "node_modules/*",
    ],
    "no_obsolete": True,
    "add_location": "file",
    "verbosity": 0,
}
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgattrib")

# Han ideographs, CJK symbols and punctuation (、。「」), full-width forms (，：（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +.\d]*[sdfrxXeEgGi]")


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _finished(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return len(entry.msgstr_plural) >= 2 and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _describe(entry: polib.POEntry) -> str:
    where = ", ".join(sorted({path for path, _ in entry.occurrences})) or "?"
    context = f" [context {entry.msgctxt!r}]" if entry.msgctxt else ""
    return f"  {entry.msgid!r}{context}  ({where})"


@pytest.fixture(scope="module")
def committed() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


# --- (a) every source string is translated ---------------------------------------------------


@pytest.fixture
def extracted(tmp_path, settings, monkeypatch) -> polib.POFile:
    """The catalogue makemessages would make from the source as it is now, with nothing translated.

    Extraction runs in a copy of the package, with LOCALE_PATHS pointing into the copy, so the
    committed catalogue is never touched.
    """
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"GNU gettext is not installed ({', '.join(missing)} missing): apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is an error)")
        pytest.skip(message)
    copy = tmp_path / "xinyong"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "*.sqlite3")
    )
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    with translation.override(None):
        call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    return polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def test_every_source_string_has_a_finished_english_translation(extracted, committed):
    # The extraction itself must work, or this test would pass on an empty catalogue.
    assert len(extracted) > 100
    assert any(e.msgid == "协会信用信息管理系统" for e in extracted)

    done = {_key(e) for e in committed if _finished(e)}
    unfinished = [e for e in extracted if _key(e) not in done]
    assert not unfinished, (
        f"{len(unfinished)} source string(s) have no finished English translation in "
        f"{PO_PATH.relative_to(PACKAGE.parent.parent)} (missing, empty or fuzzy). Run `make messages`, "
        "translate them, and commit the .po and .mo:\n" + "\n".join(_describe(e) for e in unfinished)
    )


def test_committed_catalogue_has_no_unfinished_entries(committed):
    """Holds without gettext installed: nothing untranslated or fuzzy is committed, header included."""
    assert not committed.metadata_is_fuzzy
    assert committed.metadata.get("Language") == "en"
    assert committed.metadata.get("Plural-Forms", "").startswith("nplurals=2;")
    unfinished = [e for e in committed if not e.obsolete and not _finished(e)]
    assert not unfinished, "Untranslated or fuzzy entries:\n" + "\n".join(_describe(e) for e in unfinished)


def test_translations_keep_their_placeholders(committed):
    wrong = []
    for e in committed.translated_entries():
        if e.msgid_plural:
            # The singular may leave the number out ("one association"); never add a new one.
            pairs = [(e.msgid, e.msgstr_plural[0], False), (e.msgid_plural, e.msgstr_plural[1], True)]
        else:
            pairs = [(e.msgid, e.msgstr, True)]
        for source, target, exact in pairs:
            want, got = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(target))
            if (want != got) if exact else not set(got) <= set(want):
                wrong.append(f"  {source!r} -> {target!r}: {want} vs {got}")
    assert not wrong, "Placeholders changed in translation:\n" + "\n".join(wrong)


# --- (b) the compiled catalogue is the .po ----------------------------------------------------


def _messages(entries) -> dict:
    out = {}
    for e in entries:
        if not e.msgid:
            continue  # the header
        out[_key(e)] = tuple(v for _, v in sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
    return out


def test_compiled_catalogue_is_up_to_date(committed):
    assert MO_PATH.exists(), f"{MO_PATH.name} is missing: run `make messages`"
    compiled = _messages(polib.mofile(str(MO_PATH)))
    source = _messages(e for e in committed if _finished(e))
    stale = sorted(k[1] for k in source.keys() ^ compiled.keys())
    stale += sorted(k[1] for k in source.keys() & compiled.keys() if source[k] != compiled[k])
    assert not stale, (
        "django.mo does not match django.po (run `make messages` or `xinyong compilemessages`); "
        f"differing entries: {stale[:20]}"
    )


# --- (c) English pages ------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def user_data() -> list[str]:
    """Every Chinese text stored in the database: names, addresses, record texts, reasons, snapshots.

    Choice fields are left out on purpose: their stored values are codes, and what a page shows for
    them is a label from the catalogue, which must be English.
    """
    found = set()
    stored = (Authority, Department, Association, CreditRecord, Evidence, HistoryEntry)
    stored += (Objection, ObjectionAttachment, Notice, CalendarYear, CalendarDay)
    # The catalogue of measures and rules is data an administrator keeps, in Chinese.
    stored += (MeasureKind, MeasureRule, Measure, MeasureProposal, IssuedReport)
    for model in stored:
        fields = [fl for fl in model._meta.concrete_fields if not fl.choices and not fl.is_relation]
        for row in model.objects.values_list(*[fl.attname for fl in fields]):
            found.update(s for value in row for s in _strings(value) if CJK.search(s))
    return sorted(found, key=len, reverse=True)


def chinese_left(html: str, *, also_data: tuple[str, ...] = ()) -> list[str]:
    """Snippets of the page around every CJK character that is not user data."""
    for text in sorted({*user_data(), *also_data}, key=len, reverse=True):  # longest first
        # As Django's escaping writes them (quotes, angle brackets), and as they are.
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped = escaped.replace('"', "&quot;").replace("'", "&#x27;")
        html = html.replace(escaped, "▯").replace(text, "▯")
    # The language switcher names each language in that language.
    html = html.replace(">简体中文<", "><")
    runs = re.finditer(f"{CJK.pattern}+", html)
    return [html[max(0, m.start() - 60) : m.end() + 60].replace("\n", " ") for m in runs]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def world(dc_staff, assoc, dishonesty):
    """The shared fixtures plus an honour record, a draft, a confidential mark and changes with
    before and after, so the pages show all their parts."""
    honour = f.record(actor=dc_staff, association_obj=assoc, kind="honour")
    draft = f.record(
        actor=dc_staff, association_obj=assoc, kind="annual_inspection", draft=True, evidence=False
    )
    dishonesty = record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"penalty": "警告并责令整改"},
        reason="依据复核决定更正",
        expected_version=dishonesty.version,
        confidential_fields={"legal_basis": Confidentiality.PERSONAL_PRIVACY},
    )
    assoc = association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"staff_count": 15},
        reason="年度变更",
        expected_version=assoc.version,
    )
    return {"assoc": assoc, "dishonesty": dishonesty, "honour": honour, "draft": draft}


def _get_english(client, url: str, *, status: int = 200, also_data: tuple[str, ...] = ()) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en"' in html
    left = chinese_left(html, also_data=also_data)
    assert not left, f"{url}: Chinese outside user data (untranslated?):\n" + "\n".join(left[:15])
    return html


def test_public_pages_are_english(english, world):
    assoc = world["assoc"]
    home = _get_english(english, "/")
    assert "Association credit information search" in home
    assert "Association Credit Information Management System" in home  # header and title
    assert "Searching is free for the public." in home  # footer

    results = _get_english(english, "/search?q=东城", also_data=("东城",))
    assert assoc.name in results
    assert "Found 1 association." in results
    assert "Dishonesty information: 1" in results
    assert "Registration authority" in results

    profile = _get_english(english, f"/org/{assoc.uscc}")
    for label in ("Basic information", "Unified Social Credit Code", "Dishonesty information", "Penalty"):
        assert label in profile
    assert "Published until" in profile and "Data as of" in profile
    founded = assoc.founded_on
    with translation.override("en"):
        assert date_format(founded) in profile

    _get_english(english, "/org/511000000000000000", status=404)
    login = _get_english(english, reverse("accounts:login"))
    assert "Staff sign-in" in login


def test_back_office_pages_are_english(english, world, dc_staff):
    english.force_login(dc_staff)
    assoc, record, draft = world["assoc"], world["dishonesty"], world["draft"]
    dashboard = _get_english(english, reverse("records:dashboard"))
    assert "Drafts without evidence" in dashboard and "Recent changes" in dashboard
    pages = [
        reverse("registry:list"),
        reverse("registry:detail", args=[assoc.pk]),
        reverse("registry:modify", args=[assoc.pk]),
        reverse("records:detail", args=[record.pk]),
        reverse("records:detail", args=[draft.pk]),
        reverse("records:create", args=[assoc.pk, "honour"]),
        reverse("records:revoke", args=[record.pk]),
        reverse("history:association", args=[assoc.pk]) + f"?day={timezone.localdate():%Y-%m-%d}",
        reverse("history:record", args=[record.pk]),
    ]
    for url in pages:
        _get_english(english, url)
    detail = _get_english(english, reverse("records:detail", args=[record.pk]))
    assert "Written evidence" in detail and "Recording authority" in detail

    # Forms sent back with the services' error messages.
    url = reverse("records:create", args=[assoc.pk, "honour"])
    sent = {"action": "draft", "evidence_kind": "other"}
    for extra, message in [
        ({}, "Please give a reason."),
        ({"reason": "依据文件记录"}, "“Honour received” is required."),
    ]:
        response = english.post(url, {**sent, **extra})
        assert response.status_code == 200
        html = response.content.decode()
        assert not chinese_left(html, also_data=("依据文件记录",)), chinese_left(html)[:10]
        assert "Please correct the items marked below" in html and message in html


def test_supervisor_pages_are_english(english, world, supervisor):
    english.force_login(supervisor)
    html = _get_english(english, reverse("records:oversight"))
    assert "Timely recording by registration authority" in html


def test_untranslated_label_is_caught(english, world):
    """The page check itself: a Chinese label that is not user data is reported."""
    html = english.get("/").content.decode()
    assert not chinese_left(html)
    assert chinese_left(html.replace("</h1>", "查询</h1>", 1))


def test_dates_follow_the_language():
    day = date(2026, 11, 25)
    with translation.override("zh-hans"):
        assert date_format(day) == "2026年11月25日"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-11-25"
    with translation.override("en"):
        assert not CJK.search(date_format(day)) and "2026" in date_format(day)


def test_a_role_label_is_translated():
    with translation.override("en"):
        assert str(Role.STAFF.label) == "Registration authority staff"


def test_objection_notice_and_calendar_pages_are_english(english, world, dc_staff, assoc_user, admin_user):
    objection = objection_file(
        actor=assoc_user,
        association=world["assoc"],
        records=[world["dishonesty"]],
        basic_fields=["address"],
        statement="处罚决定已撤销，附撤销决定书。",
        attachments=[Attachment(file=io.BytesIO(f.MINIMAL_PDF), name="撤销决定书.pdf")],
    )
    objection = objection_verify(actor=dc_staff, objection=objection, expected_version=1)
    detail = reverse("objections:detail", args=[objection.pk])
    english.force_login(dc_staff)
    for url in (
        reverse("objections:list"),
        reverse("objections:list") + "?show=all",
        reverse("records:modify", args=[world["dishonesty"].pk]) + f"?objection={objection.pk}",
        reverse("registry:modify", args=[world["assoc"].pk]) + f"?objection={objection.pk}",
        reverse("notices:list"),
        reverse("workdays:list"),
        reverse("workdays:year", args=[2026]),
    ):
        _get_english(english, url)
    handling = _get_english(english, detail)
    assert "Under verification" in handling and "working days left" in handling
    assert "Objection filed" in handling  # the history action, not the button
    english.force_login(assoc_user)
    _get_english(english, reverse("objections:create"))
    own = _get_english(english, detail)
    assert "Withdraw objection" in own
    _get_english(english, reverse("records:dashboard"))
    english.logout()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # logging out clears the cookies
    public = _get_english(english, f"/org/{world['assoc'].uscc}")
    assert "Objection under verification" in public
    english.force_login(admin_user)
    # The tokens a user types in the calendar file (休, 班), and the notice's title, stay Chinese.
    tokens = ("国务院办公厅关于2027年部分节假日安排的通知", "休", "班")
    _get_english(english, reverse("workdays:enter"), also_data=tokens)


def test_measure_and_report_pages_are_english(english, world, dc_staff, admin_user):
    today = timezone.localdate()
    measure = measure_apply(
        actor=dc_staff,
        association=world["assoc"],
        kind=MeasureKind.objects.get(code="restrict-purchase"),
        basis_records=[world["dishonesty"]],
        start_on=today,
        end_on=today.replace(year=today.year + 1),
        reason="存在公示中的失信信息，依规限制。",
    )
    propose_measures(on=today)
    english.force_login(dc_staff)
    for url in (
        reverse("measures:list"),
        reverse("measures:detail", args=[measure.pk]),
        reverse("measures:proposals"),
        reverse("measures:apply") + f"?association={world['assoc'].pk}",
        reverse("reports:issue", args=[world["assoc"].pk]),
    ):
        _get_english(english, url)
    english.force_login(admin_user)
    rule = MeasureRule.objects.order_by("pk").first()
    for url in (
        reverse("measures:kinds"),
        reverse("measures:kind_create"),
        reverse("measures:rules"),
        reverse("measures:rule_edit", args=[rule.pk]),
    ):
        _get_english(english, url)
    english.logout()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    issued = report_issue(actor=None, association=world["assoc"], version="public")
    _get_english(english, reverse("reports:verify_start"))
    # The page repeats the report's stored content for comparison with the paper: a Chinese
    # document (its labels included) inside an English page.
    content = issued.report.content
    printed = tuple(_strings(json.loads(content) if isinstance(content, str) else content))
    page = _get_english(
        english,
        reverse("reports:verify", args=[issued.report.number]) + f"?code={issued.report.verification_code}",
        also_data=printed,
    )
    assert "Public version" in page and "matches the verification code" in page
