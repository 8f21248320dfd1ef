"""The demo world: built through the services, complete, and showing every state a page must handle.

The world takes a few seconds to build, so the tests that read it share one build per class,
inside a transaction that is rolled back afterwards; each test still runs in its own savepoint.
"""

import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from xinyong.accounts.models import Role, User
from xinyong.demo.data import DEMO_PASSWORD, SHOWCASE
from xinyong.demo.files import PNG_HEIGHT, PNG_SIGNATURE, PNG_WIDTH, pdf_bytes, png_bytes
from xinyong.demo.world import demo_usernames
from xinyong.history.choices import Action
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import verify_chain
from xinyong.records.choices import Category, EvidenceKind, Kind, RecordStatus
from xinyong.records.evidence_files import file_matches
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.publication import add_years, published_records
from xinyong.registry.choices import AssociationStatus, RegistrationType
from xinyong.registry.models import Association, Authority
from xinyong.registry.uscc import validate_uscc

# The class-scoped world is built before the function-scoped settings of conftest apply.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("demo-evidence")
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(EVIDENCE_ROOT=root, PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=out)
        yield SimpleNamespace(today=timezone.localdate(), evidence_root=root, output=out.getvalue())
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        "associations": Association.objects.count(),
        "records": CreditRecord.objects.count(),
        "evidence": Evidence.objects.count(),
        "history": HistoryEntry.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
class TestDemoWorld:
    def test_associations_spread_over_all_seventeen_authorities(self, world):
        assert Association.objects.count() >= 60
        assert Authority.objects.count() == 17
        with_associations = Authority.objects.filter(associations__isnull=False).distinct()
        assert with_associations.count() == 17
        city = Authority.objects.get(code="110000")
        assert city.name == "北京市民政局" and city.parent is None
        districts = Authority.objects.exclude(pk=city.pk)
        assert all(d.parent_id == city.pk and d.name.endswith("区民政局") for d in districts)
        types = set(Association.objects.values_list("registration_type", flat=True))
        assert {
            RegistrationType.SOCIAL_GROUP,
            RegistrationType.SOCIAL_SERVICE,
            RegistrationType.FOUNDATION,
        } <= types

    def test_basic_information_is_valid_and_varied(self, world):
        for association in Association.objects.select_related("authority"):
            assert validate_uscc(association.uscc, registration_type=association.registration_type)
            # Positions 3-8 of the code are the registering authority's division code.
            assert association.uscc[2:8] == association.authority.code
            assert association.address.startswith("北京市")
            assert len(association.branches) <= 3
        assert Association.objects.filter(status=AssociationStatus.DEREGISTERED).count() >= 2
        assert Association.objects.exclude(confidential_fields={}).count() >= 2
        reasons = set(
            HistoryEntry.objects.filter(action=Action.ASSOCIATION_MODIFY).values_list("reason", flat=True)
        )
        assert "法定代表人变更" in reasons

    def test_every_kind_of_record_is_present(self, world):
        assert set(CreditRecord.objects.values_list("kind", flat=True)) == set(Kind.values)

    def test_records_in_every_state_and_only_the_right_ones_published(self, world):
        published = set(published_records(on=world.today).values_list("pk", flat=True))
        assert published
        published_categories = set(
            CreditRecord.objects.filter(pk__in=published).values_list("category", flat=True)
        )
        assert published_categories == {Category.PERFORMANCE, Category.HONOUR, Category.DISHONESTY}

        drafts = CreditRecord.objects.filter(status=RecordStatus.DRAFT)
        assert drafts.exists()
        assert not drafts.filter(pk__in=published).exists()
        assert drafts.filter(evidence__isnull=True).exists()

        revoked = CreditRecord.objects.filter(status=RecordStatus.REVOKED)
        assert revoked.exists()
        assert not revoked.filter(pk__in=published).exists()

        confidential = CreditRecord.objects.exclude(confidentiality="")
        assert confidential.exists()
        assert not confidential.filter(pk__in=published).exists()
        assert CreditRecord.objects.exclude(confidential_fields={}).filter(pk__in=published).exists()

        assert HistoryEntry.objects.filter(action=Action.RECORD_MODIFY).exists()
        assert HistoryEntry.objects.filter(action=Action.RECORD_FINALIZE).exists()

    def test_records_past_their_public_window_exist_but_are_not_published(self, world):
        published = set(published_records(on=world.today).values_list("pk", flat=True))
        # Recorded, not confidential, with evidence: only the date keeps these from the public.
        eligible = CreditRecord.objects.filter(
            status=RecordStatus.RECORDED, confidentiality="", evidence__revoked=False
        ).distinct()
        expired = eligible.exclude(pk__in=published)
        five_years_ago = add_years(world.today, -5)
        assert expired.filter(category=Category.PERFORMANCE, event_date__lt=five_years_ago).exists()
        assert expired.filter(category=Category.DISHONESTY, event_date__lt=five_years_ago).exists()
        assert expired.filter(category=Category.HONOUR, long_term=False, valid_until__lt=world.today).exists()
        assert eligible.filter(category=Category.HONOUR, long_term=True, pk__in=published).exists()
        # Nothing is missing from the public for any other reason.
        assert not expired.filter(
            event_date__gte=five_years_ago, category__in=[Category.PERFORMANCE, Category.DISHONESTY]
        ).exists()
        assert not expired.filter(category=Category.HONOUR, long_term=True).exists()
        assert not expired.filter(category=Category.HONOUR, valid_until__gte=world.today).exists()

    def test_every_role_has_a_demo_user(self, world):
        for role in Role.values:
            assert User.objects.filter(role=role).exists(), role
        for authority in Authority.objects.all():
            assert User.objects.filter(role=Role.STAFF, authority=authority).exists(), authority.name
        assert set(User.objects.values_list("username", flat=True)) == set(demo_usernames())
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            assert User.objects.get(username="staff_dongcheng").check_password(DEMO_PASSWORD)

    def test_association_accounts_see_something_the_public_does_not(self, world):
        published = published_records(on=world.today)
        for username, name in SHOWCASE.items():
            user = User.objects.get(username=username)
            assert user.role == Role.ASSOCIATION and user.association.name == name
            hidden = CreditRecord.objects.filter(association=user.association).exclude(pk__in=published)
            assert hidden.exists(), name

    def test_records_are_made_by_the_associations_own_authority(self, world):
        mismatched = CreditRecord.objects.exclude(recorded_by=F("association__authority"))
        assert not mismatched.exists()
        creates = HistoryEntry.objects.filter(action=Action.RECORD_CREATE)
        assert creates.count() == CreditRecord.objects.count()
        assert not creates.exclude(actor_name__startswith="staff_").exists()

    def test_every_object_has_history_and_the_chain_verifies(self, world):
        assert (
            HistoryEntry.objects.filter(action=Action.ASSOCIATION_CREATE).count()
            == Association.objects.count()
        )
        assert HistoryEntry.objects.filter(action=Action.EVIDENCE_ADD).count() == Evidence.objects.count()
        assert list(verify_chain()) == []

    def test_verify_history_finds_the_live_tables_equal_to_their_history(self, world):
        # Catches a snapshot that reads differently before and after the database round trip.
        out, err = io.StringIO(), io.StringIO()
        call_command("verify_history", "--skip-files", stdout=out, stderr=err)
        assert "verify_history: OK" in out.getvalue(), err.getvalue()[:2000]

    def test_evidence_files_exist_match_their_checksum_and_fit_the_record(self, world, settings):
        settings.EVIDENCE_ROOT = world.evidence_root
        evidence = list(Evidence.objects.select_related("record"))
        assert evidence
        for item in evidence:
            assert file_matches(item.file, item.sha256), item.file
            content = (world.evidence_root / item.file).read_bytes()
            if item.content_type == "application/pdf":
                assert content.startswith(b"%PDF-") and content.endswith(b"%%EOF")
            else:
                assert item.content_type == "image/png" and content.startswith(PNG_SIGNATURE)
        kinds_for = {
            Kind.ANNUAL_INSPECTION: {EvidenceKind.ADMIN_NOTICE},
            Kind.HONOUR: {EvidenceKind.COMMENDATION},
            Kind.COMMENDATION: {EvidenceKind.COMMENDATION},
            Kind.DISHONESTY: {
                EvidenceKind.LEGAL_DOCUMENT,
                EvidenceKind.ADMIN_NOTICE,
                EvidenceKind.VERIFIED_REPORT,
            },
        }
        for item in evidence:
            assert item.kind in kinds_for.get(item.record.kind, set(EvidenceKind.values))
        assert {e.content_type for e in evidence} == {"application/pdf", "image/png"}

    def test_load_demo_if_empty_creates_nothing_and_plain_load_refuses(self, world):
        before = counts()
        out = io.StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        assert "已有协会数据" in out.getvalue()
        assert counts() == before
        with pytest.raises(CommandError):
            call_command("load_demo", stdout=io.StringIO())
        assert counts() == before

    def test_load_reports_what_it_built(self, world):
        assert "协会 69 个" in world.output
        assert "demo_accounts" in world.output

    def test_demo_accounts_lists_every_account_and_the_url(self, world, monkeypatch):
        monkeypatch.setenv("PORT", "8123")
        out = io.StringIO()
        call_command("demo_accounts", stdout=out)
        text = out.getvalue()
        assert "http://127.0.0.1:8123/" in text
        for username in demo_usernames():
            assert username in text
        assert DEMO_PASSWORD in text
        assert "登记管理机关工作人员" in text and "北京市海淀区软件行业协会" in text


@pytest.mark.django_db
def test_demo_accounts_without_demo_data_says_so(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "尚未载入演示数据" in out.getvalue()
    assert "http://127.0.0.1:8000/" in out.getvalue()


def test_pdf_is_well_formed():
    content = pdf_bytes(
        title="行政处罚决定书 东民罚字〔2023〕第5号", lines=["Demo (serial 7)", "back\\slash"]
    )
    assert content.startswith(b"%PDF-1.4\n") and content.endswith(b"%%EOF")
    startxref = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert content[startxref:].startswith(b"xref\n0 7\n")
    table = content[startxref:].split(b"\n")[3:9]
    for number, line in enumerate(table, start=1):
        offset = int(line[:10])
        assert content[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Demo \\(serial 7\\)) Tj" in content
    with pytest.raises(ValueError):
        pdf_bytes(title="x", lines=["不是ASCII"])


def test_png_is_well_formed_and_differs_by_serial():
    content = png_bytes(serial=5)
    assert content.startswith(PNG_SIGNATURE)
    position, chunks = len(PNG_SIGNATURE), []
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        data = content[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", content[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + data)
        chunks.append((kind, data))
        position += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, depth, colour) == (PNG_WIDTH, PNG_HEIGHT, 8, 2)
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + 3 * width)
    assert png_bytes(serial=5) != png_bytes(serial=6)
