"""bench/generate.py (issue 7): the national-scale generator writes valid, verifiable data that the
public search and profile read like any other."""

import importlib.util
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinyong.disclosure.selectors import public_basic_info, public_profile
from xinyong.history.choices import Action
from xinyong.history.models import HistoryEntry
from xinyong.records.choices import Kind, RecordStatus
from xinyong.records.kinds import spec_for
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.publication import published_records
from xinyong.records.validation import clean_record_data
from xinyong.registry.models import Association, Authority
from xinyong.registry.search import search_associations
from xinyong.registry.uscc import validate_uscc

_PATH = Path(__file__).resolve().parents[3] / "bench" / "generate.py"
_spec = importlib.util.spec_from_file_location("bench_generate", _PATH)
generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generator)

N_ASSOCIATIONS, N_RECORDS = 300, 3000


def test_areas_are_the_real_hierarchy():
    areas = generator.load_areas(generator.random.Random(1))
    codes = {a.code: a for a in areas}
    assert len(codes) == len(areas) > 3000
    assert len({a.bureau for a in areas}) == len(areas)
    assert codes["110108"].bureau == "北京市海淀区民政局"
    assert codes["110108"].parent == "110000"
    assert codes["440106"].parent == "440100" and codes["440100"].parent == "440000"
    assert all(a.parent is None or codes[a.parent].level != "district" for a in areas)


@pytest.mark.django_db
def test_generated_data_is_valid_verifies_and_is_searchable():
    result = generator.generate(associations=N_ASSOCIATIONS, records=N_RECORDS, seed=7)
    today = timezone.localdate()
    assert result["records"] == N_RECORDS

    associations = list(Association.objects.select_related("authority"))
    assert len(associations) == N_ASSOCIATIONS
    assert len({a.name for a in associations}) == N_ASSOCIATIONS
    assert Authority.objects.count() == result["authorities"]
    for a in associations:
        assert validate_uscc(a.uscc, registration_type=a.registration_type) == a.uscc
        assert a.uscc[2:8] == a.authority.code
        assert a.founded_on <= today

    records = list(CreditRecord.objects.select_related("association"))
    assert {r.kind for r in records} == set(Kind.values)
    statuses = Counter(r.status for r in records)
    assert statuses[RecordStatus.DRAFT] and statuses[RecordStatus.REVOKED]
    assert any(r.confidentiality for r in records) and any(r.confidential_fields for r in records)
    for r in records:
        data = {c: getattr(r, c) for c in spec_for(r.kind).columns}
        clean_record_data(kind=r.kind, data=data, today=today, founded_on=r.association.founded_on)
        assert r.recorded_by_id == r.association.authority_id
        assert timezone.localdate(r.recorded_at) >= r.event_date
    assert Evidence.objects.count() == N_RECORDS

    actions = Counter(HistoryEntry.objects.values_list("action", flat=True))
    assert actions[Action.ASSOCIATION_CREATE] == N_ASSOCIATIONS
    assert actions[Action.RECORD_CREATE] == actions[Action.EVIDENCE_ADD] == N_RECORDS
    assert actions[Action.RECORD_REVOKE] == statuses[RecordStatus.REVOKED]
    out = io.StringIO()
    call_command("verify_history", "--skip-files", stdout=out, stderr=out)
    assert "verify_history: OK" in out.getvalue()

    # Some records are public today, some are not (drafts, revoked, confidential, expired).
    public = published_records(on=today).count()
    assert 0 < public < N_RECORDS

    # The public search finds associations by a name fragment and by code; the profile reads them.
    target = max(associations, key=lambda a: a.records.count())
    fragment = target.name[-4:]
    assert target in list(search_associations(fragment))
    assert next(iter(search_associations(target.uscc))) == target
    assert public_basic_info(target)["name"] == target.name
    profile = public_profile(target, on=today)
    shown = sum(len(items) for items in profile.values())
    assert shown == published_records(on=today).filter(association=target).count()


def test_same_seed_same_names():
    def names(seed):
        rng = generator.random.Random(seed)
        area = generator.load_areas(generator.random.Random(1))[100]
        namer = generator.Namer()
        return [namer.name(rng, area, "social_group")[0] for _ in range(50)]

    assert names(3) == names(3) != names(4)
    assert len(set(names(3))) == 50
