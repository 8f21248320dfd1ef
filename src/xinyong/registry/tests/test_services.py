"""R-INF-1 basic information: creation, 变更 kept in history, edit rights, concurrent edits."""

import pytest
from django.core.exceptions import ValidationError

from xinyong.errors import NotAllowed, StaleVersion
from xinyong.history.models import HistoryEntry
from xinyong.registry.models import Association
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f


def test_create_normalises_and_writes_history(dc_staff):
    code = f.uscc(division="110101")
    assoc = f.association(
        actor=dc_staff, name="北京市东城区 ＡＢＣ协会", uscc=code.lower(), registered_capital="3"
    )
    assert assoc.uscc == code
    assert assoc.name_normalized == "北京市东城区abc协会"
    entry = HistoryEntry.objects.get(object_type="association", object_id=assoc.pk)
    assert entry.action == "association.create" and entry.before is None
    assert entry.after["registered_capital"] == "3.00"
    assert entry.actor == dc_staff and entry.authority_name == "北京市东城区民政局"


def test_duplicate_code_names_the_holder(dc_staff, assoc):
    with pytest.raises(ValidationError) as exc:
        f.association(actor=dc_staff, uscc=assoc.uscc)
    assert assoc.name in str(exc.value)


def test_code_must_match_registration_type(dc_staff):
    with pytest.raises(ValidationError) as exc:
        f.association(
            actor=dc_staff, uscc=f.uscc(registration_type="foundation"), registration_type="social_group"
        )
    assert "第2位" in str(exc.value.message_dict["uscc"])


def test_missing_required_fields_are_reported_and_nothing_written(dc_staff):
    before = HistoryEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        f.association(actor=dc_staff, address="", legal_representative="")
    assert {"address", "legal_representative"} <= set(exc.value.message_dict)
    assert HistoryEntry.objects.count() == before
    assert not Association.objects.exists()


def test_branch_rows_need_every_part(dc_staff):
    with pytest.raises(ValidationError) as exc:
        f.association(actor=dc_staff, branches=[{"name": "分会", "address": "", "head": "王五"}])
    assert "第1个分支" in str(exc.value)


def test_change_keeps_before_and_after(dc_staff, assoc):
    changed = association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"legal_representative": "王五", "address": "北京市东城区新址8号"},
        reason="法定代表人变更（京东民社变〔2025〕3号）",
        expected_version=assoc.version,
    )
    assert changed.version == 2
    entry = HistoryEntry.objects.filter(object_type="association", object_id=assoc.pk).last()
    assert entry.action == "association.modify"
    assert entry.before["legal_representative"] == "张三" and entry.after["legal_representative"] == "王五"
    assert entry.reason.startswith("法定代表人变更")


@pytest.mark.parametrize(
    "who", ["xc_staff", "city_staff", "supervisor", "admin_user", "dept_user", "assoc_user"]
)
def test_only_the_registration_authority_changes_basic_information(request, who, assoc):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        association_modify(
            actor=actor,
            association=assoc,
            changes={"staff_count": 3},
            reason="x",
            expected_version=assoc.version,
        )
    assoc.refresh_from_db()
    assert assoc.staff_count == 12


def test_stale_version_is_refused(dc_staff, assoc):
    association_modify(
        actor=dc_staff, association=assoc, changes={"staff_count": 20}, reason="年报", expected_version=1
    )
    with pytest.raises(StaleVersion):
        association_modify(
            actor=dc_staff, association=assoc, changes={"staff_count": 30}, reason="年报", expected_version=1
        )
    assoc.refresh_from_db()
    assert assoc.staff_count == 20


def test_reason_is_required_and_no_op_is_refused(dc_staff, assoc):
    with pytest.raises(ValidationError, match="请填写原因"):
        association_modify(
            actor=dc_staff, association=assoc, changes={"staff_count": 3}, reason=" ", expected_version=1
        )
    with pytest.raises(ValidationError, match="没有任何变更"):
        association_modify(
            actor=dc_staff, association=assoc, changes={"staff_count": 12}, reason="核对", expected_version=1
        )


def test_identity_fields_cannot_be_marked_confidential(dc_staff, assoc):
    with pytest.raises(ValidationError):
        association_modify(
            actor=dc_staff,
            association=assoc,
            changes={"confidential_fields": {"name": "state_secret"}},
            reason="保密",
            expected_version=1,
        )


def test_code_taken_by_a_concurrent_registration_is_a_field_error(dc_staff, assoc, monkeypatch):
    from xinyong.registry import services

    # The pre-check passes, as it would for two registrations racing on PostgreSQL.
    monkeypatch.setattr(services, "_checked_uscc", lambda association: association.uscc)
    with pytest.raises(ValidationError) as exc:
        f.association(actor=dc_staff, uscc=assoc.uscc)
    assert "已被使用" in exc.value.message_dict["uscc"][0]
    assert Association.objects.count() == 1


def test_founding_date_has_bounds(dc_staff):
    with pytest.raises(ValidationError, match="1949年10月1日"):
        f.association(actor=dc_staff, founded_on="1900-01-01")


def test_invisible_characters_never_reach_the_stored_name_or_the_index(dc_staff):
    """Issue 13: a zero-width space made a name unfindable by any part of it; a bidi override made
    it display reversed. Both are removed when the name is stored, in every text field."""
    from xinyong.registry.search import search_associations

    assoc = f.association(
        actor=dc_staff,
        name="北京市东城\u200b区\u202e餐饮协会",
        address="东城区\ufeff和平里\u200d5号",
        business_scope="行业交流\u2066、培训\u2069\r\n咨询服务",
        branches=[{"name": "培训\u200b部", "address": "东城区1号", "head": "李\u202e四"}],
    )
    assert assoc.name == "北京市东城区餐饮协会" and assoc.name_normalized == "北京市东城区餐饮协会"
    assert assoc.address == "东城区和平里5号" and assoc.business_scope == "行业交流、培训\r\n咨询服务"
    assert assoc.branches == [{"name": "培训部", "address": "东城区1号", "head": "李四"}]
    assert list(search_associations("城区餐饮")) == [assoc]
    entry = HistoryEntry.objects.get(object_type="association", object_id=assoc.pk)
    assert "\u200b" not in str(entry.after) and "\u202e" not in str(entry.after)
    changed = association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"legal_representative": "王\u200b五"},
        reason="法定代表人变更\u202e",
        expected_version=assoc.version,
    )
    assert changed.legal_representative == "王五"
    assert HistoryEntry.objects.latest("id").reason == "法定代表人变更"
