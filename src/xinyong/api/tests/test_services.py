"""Issuing and revoking keys: administrators only, rules checked before anything is written."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xinyong.errors import InvalidState, NotAllowed
from xinyong.history.models import HistoryEntry

from .. import keys
from ..models import ApiKey
from ..services import api_key_issue, api_key_revoke
from .conftest import issue


def test_issue_stores_the_hash_and_returns_the_key_once(admin_user, department):
    issued = issue(admin_user, department, can_query=True, can_deliver=True)
    stored = ApiKey.objects.get()
    assert stored.secret_hash == keys.hash_key(issued.plaintext)
    assert keys.matches(issued.plaintext, stored.secret_hash)
    assert (stored.can_query, stored.can_deliver, stored.created_by) == (True, True, admin_user)
    assert stored.department == department and stored.label == "采购平台"
    assert not stored.is_revoked and stored.last_used_at is None


def test_two_keys_never_share_a_prefix_or_secret(admin_user, department):
    made = [issue(admin_user, department).plaintext for _ in range(20)]
    assert len(set(made)) == 20
    assert len({keys.split(k) for k in made}) == 20


@pytest.mark.parametrize("role_fixture", ["dc_staff", "supervisor", "dept_user", "assoc_user"])
def test_only_administrators_issue(request, role_fixture, department):
    with pytest.raises(NotAllowed):
        issue(request.getfixturevalue(role_fixture), department)
    assert not ApiKey.objects.exists()


def test_issue_needs_a_label_and_a_permission(admin_user, department):
    with pytest.raises(ValidationError) as exc:
        api_key_issue(actor=admin_user, department=department, label="  ", can_query=False, can_deliver=False)
    assert set(exc.value.error_dict) == {"label", "can_query"}
    with pytest.raises(ValidationError):
        api_key_issue(
            actor=admin_user, department=department, label="长" * 101, can_query=True, can_deliver=False
        )
    assert not ApiKey.objects.exists()


def test_revoke_keeps_who_when_and_why(admin_user, query_key):
    api_key = api_key_revoke(actor=admin_user, api_key=query_key[0], reason="  部门系统下线  ")
    api_key.refresh_from_db()
    assert api_key.is_revoked and api_key.revoked_by == admin_user
    assert api_key.revoke_reason == "部门系统下线"


def test_issue_and_revoke_are_in_the_history_chain_without_the_secret(admin_user, department):
    issued = issue(admin_user, department, can_query=True)
    api_key_revoke(actor=admin_user, api_key=issued.api_key, reason="部门系统下线")
    entries = list(HistoryEntry.objects.filter(object_type="api_key").order_by("id"))
    assert [e.action for e in entries] == ["api_key.issue", "api_key.revoke"]
    assert entries[0].actor_id == admin_user.pk and department.name in entries[0].reason
    assert entries[1].before["revoked"] is False and entries[1].after["revoked"] is True
    assert entries[1].reason == "部门系统下线"
    stored = ApiKey.objects.get()
    for entry in entries:
        text = json.dumps([entry.before, entry.after])
        assert stored.secret_hash not in text and issued.plaintext.split("_", 2)[2] not in text
    out, err = StringIO(), StringIO()
    call_command("verify_history", "--skip-files", stdout=out, stderr=err)  # exits 1 on any problem
    assert "api_key: 1 checked" in out.getvalue()
    # A change behind the service's back is found.
    ApiKey.objects.update(can_deliver=True)
    with pytest.raises(SystemExit):
        call_command("verify_history", "--skip-files", stdout=StringIO(), stderr=err)
    assert "differs from its last history entry in can_deliver" in err.getvalue()


def test_revoke_needs_a_reason_and_an_administrator(admin_user, supervisor, query_key):
    with pytest.raises(ValidationError):
        api_key_revoke(actor=admin_user, api_key=query_key[0], reason=" ")
    with pytest.raises(NotAllowed):
        api_key_revoke(actor=supervisor, api_key=query_key[0], reason="部门系统下线")
    assert not ApiKey.objects.get().is_revoked


def test_a_key_is_revoked_once(admin_user, query_key):
    api_key_revoke(actor=admin_user, api_key=query_key[0], reason="部门系统下线")
    with pytest.raises(InvalidState):
        api_key_revoke(actor=admin_user, api_key=query_key[0], reason="再吊销一次")


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("xy_0123abcd_secret", "0123abcd"),
        ("xy_0123abcd_sec_ret", "0123abcd"),
        ("xy_0123ABCD_secret", None),
        ("xy_0123abc_secret", None),
        ("zz_0123abcd_secret", None),
        ("xy_0123abcd_", None),
        ("", None),
    ],
)
def test_split(text, prefix):
    assert keys.split(text) == prefix
