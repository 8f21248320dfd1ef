"""The security log page and its export: who may read it, its filters, its CSV; and the log's
rows cannot be changed or removed."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from xinyong.security.events import security_event
from xinyong.security.models import EventKind, SecurityEvent
from xinyong.testing.matrix import ANONYMOUS, Case, Matrix, expect, run

LOG = "/office/security-log/"
EXPORT = "/office/security-log/export.csv"


ROLES = (ANONYMOUS, "admin_user", "auditor", "dc_staff", "supervisor", "assoc_user", "dept_user")
MATRIX = Matrix(
    ROLES,
    [
        Case("security:log", expect("admin_user", "auditor")),
        Case("security:log_export", expect("admin_user", "auditor")),
    ],
)


@MATRIX.parametrize
def test_only_administrators_and_auditors_read_the_log(client, request, cell):
    run(client, cell, request=request)


def test_the_navigation_links_the_log_for_its_readers_only(client, admin_user, auditor, dc_staff):
    for user, shown in [(admin_user, True), (auditor, True), (dc_staff, False)]:
        client.force_login(user)
        page = client.get(reverse("accounts:sessions")).content.decode()
        assert (f'href="{LOG}"' in page) is shown, user


def test_an_auditor_signs_in_and_reaches_the_dashboard_and_the_log(client, auditor, assoc):
    response = client.post(
        reverse("accounts:login"), {"username": "auditor", "password": "pass-for-tests-1"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("records:dashboard")
    assert assoc.name not in response.content.decode()  # the auditor reads no credit records
    page = client.get(LOG).content.decode()
    assert "auditor" in page and "登录成功" in page


@pytest.fixture
def logged(admin_user, dc_staff):
    """Five events, oldest first."""
    a = security_event(kind=EventKind.SIGN_IN, user=dc_staff)
    b = security_event(kind=EventKind.SIGN_IN_FAILED, username="dc-staff-typo")
    c = security_event(kind=EventKind.SIGN_IN_FAILED, username="dc-staff")
    d = security_event(kind=EventKind.SIGN_OUT, user=admin_user)
    e = security_event(kind=EventKind.SIGN_IN, user=admin_user, detail="=HYPERLINK(1)")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def shown_ids(response) -> list[int]:
    return [e.pk for e in response.context["page"].object_list]


def test_the_log_lists_newest_first(client, admin_user, logged):
    client.force_login(admin_user)
    ids = shown_ids(client.get(LOG))
    # Signing in the reader was logged too, on top.
    assert ids[1:] == [logged[k].pk for k in "edcba"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "sign_in_failed"}, "cb"),
        ({"username": "dc-staff"}, "cba"),
        ({"username": "dc-staff", "match": "exact"}, "ca"),
        ({"username": "DC-STAFF-T"}, "b"),
        ({"kind": "sign_in", "username": "admin", "match": "exact"}, "e"),
    ],
)
def test_filters(client, auditor, logged, query, expected):
    client.force_login(auditor)
    assert shown_ids(client.get(LOG, query)) == [logged[k].pk for k in expected]


def test_filter_by_address_and_by_date(client, auditor, logged, rf):
    client.force_login(auditor)
    request = rf.get("/", REMOTE_ADDR="203.0.113.45")
    far = security_event(kind=EventKind.SIGN_IN_FAILED, username="x", request=request)
    assert shown_ids(client.get(LOG, {"client_ip": "203.0.113."})) == [far.pk]
    today = timezone.localdate()
    assert shown_ids(client.get(LOG, {"date_to": str(today - timedelta(days=1))})) == []
    dated = shown_ids(client.get(LOG, {"date_from": str(today), "date_to": str(today)}))
    assert far.pk in dated and logged["a"].pk in dated


def test_an_invalid_filter_shows_its_error_and_no_rows(client, auditor, logged):
    client.force_login(auditor)
    today = timezone.localdate()
    response = client.get(LOG, {"date_from": str(today), "date_to": str(today - timedelta(days=2))})
    assert shown_ids(response) == []
    assert "截止日期不能早于起始日期。" in response.content.decode()
    assert client.get(EXPORT, {"date_from": str(today), "date_to": "2000-01-01"}).status_code == 400


def test_pages_of_fifty(client, auditor, dc_staff):
    for _ in range(60):
        security_event(kind=EventKind.SIGN_IN_FAILED, username="guess")
    client.force_login(auditor)
    first = client.get(LOG, {"username": "guess"})
    assert len(shown_ids(first)) == 50 and first.context["page"].paginator.count == 60
    second = client.get(LOG, {"username": "guess", "page": 2})
    assert len(shown_ids(second)) == 10
    assert "username=guess&amp;page=2" in first.content.decode()


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    assert response.streaming
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_export_has_the_filtered_rows_only_with_a_bom(client, auditor, logged):
    client.force_login(auditor)
    response = client.get(EXPORT, {"kind": "sign_in_failed"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="security-log-')
    body, rows = read_csv(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0][:5] == ["编号", "时间", "事件", "事件代码", "用户名"]
    assert [(r[0], r[2], r[3], r[4]) for r in rows[1:]] == [
        (str(logged["c"].pk), "登录失败", "sign_in_failed", "dc-staff"),
        (str(logged["b"].pk), "登录失败", "sign_in_failed", "dc-staff-typo"),
    ]


def test_the_export_is_formula_safe_and_is_itself_logged(client, admin_user, logged):
    client.force_login(admin_user)
    _, rows = read_csv(client.get(EXPORT, {"username": "admin", "match": "exact", "kind": "sign_in"}))
    details = [r[8] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in details
    exported = SecurityEvent.objects.filter(kind=EventKind.SECURITY_LOG_EXPORTED).get()
    assert exported.user == admin_user
    assert exported.detail == "username=admin match=exact kind=sign_in"


def test_security_events_cannot_be_updated_or_deleted(db, dc_staff):
    event = security_event(kind=EventKind.SIGN_IN, user=dc_staff)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_securityevent")
    event.refresh_from_db()
    assert event.detail == "" and SecurityEvent.objects.count() == 1
