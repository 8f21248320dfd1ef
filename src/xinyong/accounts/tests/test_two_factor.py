"""Two-factor sign-in (issue 14): enrolment, recovery codes, reset, and the door that keeps an
unverified session out of the back office."""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinyong.accounts import two_factor as tf
from xinyong.errors import InvalidState, NotAllowed
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.records.choices import RecordStatus
from xinyong.security.models import EventKind, SecurityEvent
from xinyong.testing import factories as f

CODE = re.compile(r"^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def token(device, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or a step later: a code is accepted once only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = tf.second_factor_begin(user=user)
    codes = tf.second_factor_confirm(user=user, device=device, token=token(device))
    device.refresh_from_db()
    return device, codes


def entries(user, action):
    return HistoryEntry.objects.filter(object_type=ObjectType.USER, object_id=user.pk, action=action)


def events(user, kind):
    return SecurityEvent.objects.filter(user=user, kind=kind)


@pytest.fixture
def required(settings):
    settings.XINYONG_REQUIRE_2FA = True


# --- enrolment --------------------------------------------------------------------------------


def test_enrolment_through_the_pages(client, dc_staff):
    client.force_login(dc_staff)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=dc_staff)
    assert not device.confirmed and device.name == "TOTP"
    assert "<svg" in html and 'class="qr"' in html
    assert tf.secret_groups(device) in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert client.get(SETUP).status_code == 200
    assert TOTPDevice.objects.filter(user=dc_staff).count() == 1  # the unconfirmed one is reused

    done = client.post(SETUP, {"token": token(device)})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    shown = re.findall(r"<code>([^<]+)</code>", done.content.decode())
    assert len(shown) == 10 and all(CODE.match(c) for c in shown)
    assert sorted(
        StaticToken.objects.filter(device__user=dc_staff).values_list("token", flat=True)
    ) == sorted(shown)
    device.refresh_from_db()
    assert device.confirmed
    [entry] = entries(dc_staff, Action.USER_SECOND_FACTOR_ENROL)
    assert entry.actor == dc_staff
    assert entry.before["second_factor"] is False and entry.after["second_factor"] is True
    assert not any(code in str(entry.after) for code in shown)
    # Confirming proved the app, so this session is verified: the office is open.
    assert client.get(reverse("records:dashboard")).status_code == 200
    assert client.get(SETUP).status_code == 302  # enrolled: setup sends to the status page


def test_wrong_code_at_enrolment(client, dc_staff):
    client.force_login(dc_staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=dc_staff)
    wrong = f"{(int(token(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    assert not StaticDevice.objects.filter(user=dc_staff).exists()
    assert not entries(dc_staff, Action.USER_SECOND_FACTOR_ENROL).exists()


def test_confirm_service_refuses_a_wrong_code_in_chinese(dc_staff):
    device = tf.second_factor_begin(user=dc_staff)
    with pytest.raises(ValidationError) as caught:
        tf.second_factor_confirm(user=dc_staff, device=device, token="abc")
    assert "验证码不正确" in caught.value.message_dict["token"][0]
    # django-otp's throttle counted it, and the next attempt must wait.
    with pytest.raises(ValidationError) as caught:
        tf.second_factor_confirm(user=dc_staff, device=device, token=token(device))
    assert "尝试次数过多" in caught.value.message_dict["token"][0]
    assert not entries(dc_staff, Action.USER_SECOND_FACTOR_ENROL).exists()


def test_begin_after_enrolment_is_refused(dc_staff):
    enrol(dc_staff)
    with pytest.raises(InvalidState):
        tf.second_factor_begin(user=dc_staff)


# --- sign-in check ----------------------------------------------------------------------------


def test_verify_with_the_app_and_the_security_log(client, dc_staff, required):
    device, _codes = enrol(dc_staff)
    client.force_login(dc_staff)
    office = reverse("records:dashboard")
    sent = client.get(office)
    assert sent.status_code == 302 and sent.url == f"{VERIFY}?next=%2Foffice%2F"

    wrong = client.post(VERIFY, {"token": "000000" if token(device, steps_ahead=1) != "000000" else "111111"})
    assert wrong.status_code == 200 and "不正确" in wrong.content.decode()
    assert events(dc_staff, EventKind.SECOND_FACTOR_FAILED).count() == 1
    # Throttled (django-otp): even the right code waits now, and says so.
    waited = client.post(VERIFY, {"token": token(device, steps_ahead=1), "next": office})
    assert waited.status_code == 429 and "尝试次数过多" in waited.content.decode()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    ok = client.post(VERIFY, {"token": token(device, steps_ahead=1), "next": office})
    assert ok.status_code == 302 and ok.url == office
    assert events(dc_staff, EventKind.SECOND_FACTOR_OK).count() == 1
    assert client.get(office).status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing left to verify


def test_recovery_codes_are_single_use(client, dc_staff):
    _device, codes = enrol(dc_staff)
    client.force_login(dc_staff)
    typed = codes[0].upper().replace("-", " ")  # as someone may type it off the paper
    assert client.post(VERIFY, {"token": typed}).status_code == 302
    ok = events(dc_staff, EventKind.SECOND_FACTOR_OK).get()
    assert "恢复码" in ok.detail and "9" in ok.detail
    assert StaticToken.objects.filter(device__user=dc_staff).count() == 9

    client.logout()
    client.force_login(dc_staff)
    again = client.post(VERIFY, {"token": codes[0]})
    assert again.status_code == 200
    assert events(dc_staff, EventKind.SECOND_FACTOR_FAILED).count() == 1
    assert client.get(reverse("records:dashboard")).status_code == 302


def test_unverified_session_reaches_nothing_behind_the_door(client, dc_staff, dishonesty):
    enrol(dc_staff)
    evidence = dishonesty.evidence.first()
    client.force_login(dc_staff)

    office = client.get(reverse("records:detail", args=[dishonesty.pk]))
    assert office.status_code == 302 and office.url.startswith(VERIFY)
    download = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    assert download.status_code == 302 and download.url.startswith(VERIFY)
    assert not getattr(download, "streaming", False)
    history_before = HistoryEntry.objects.count()
    post = client.post(
        reverse("records:revoke", args=[dishonesty.pk]), {"reason": "记录错误", "version": 1, "confirm": "on"}
    )
    assert post.status_code == 302 and post.url == VERIFY
    dishonesty.refresh_from_db()
    assert dishonesty.status == RecordStatus.RECORDED
    assert HistoryEntry.objects.count() == history_before
    # A signed-in page outside /office/ is closed too (served as to an anonymous visitor, whose
    # sign-in redirect becomes the verify page).
    report = client.get(reverse("reports:issue", args=[dishonesty.association_id]))
    assert report.status_code == 302 and report.url.startswith(VERIFY)
    assert client.get(reverse("accounts:two_factor")).url.startswith(VERIFY)
    # The public site is served as to anyone.
    home = client.get(reverse("disclosure:home"))
    assert home.status_code == 200
    assert reverse("accounts:login") in home.content.decode()


# --- who must enrol ---------------------------------------------------------------------------


def test_required_roles_are_sent_to_setup(client, dc_staff, required):
    client.force_login(dc_staff)
    response = client.get(reverse("records:dashboard"))
    assert response.status_code == 302 and response.url == f"{SETUP}?next=%2Foffice%2F"
    assert client.get(SETUP).status_code == 200
    assert client.get(VERIFY).url.startswith(SETUP)  # nothing to verify with yet


@pytest.mark.parametrize("who", ["assoc_user", "dept_user"])
def test_associations_and_departments_are_not_forced(client, who, request, required):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("records:dashboard"))
    assert response.status_code == 200
    assert SETUP not in response.get("Location", "")


def test_nobody_is_forced_without_the_setting(client, dc_staff, settings):
    assert settings.XINYONG_REQUIRE_2FA is False  # the development default the other tests run with
    client.force_login(dc_staff)
    assert client.get(reverse("records:dashboard")).status_code == 200


def test_an_association_may_enrol_and_then_must_verify(client, assoc_user):
    enrol(assoc_user)
    client.force_login(assoc_user)
    assert client.get(reverse("records:dashboard")).url.startswith(VERIFY)


# --- recovery codes ---------------------------------------------------------------------------


def test_regenerate_recovery_codes(client, dc_staff):
    _device, old = enrol(dc_staff)
    client.force_login(dc_staff)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 302  # enrolled, so the session must verify first
    client.post(VERIFY, {"token": old[0]})
    overview = client.get(reverse("accounts:two_factor")).content.decode()
    assert "已启用" in overview and "9 个" in overview

    response = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new = re.findall(r"<code>([^<]+)</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=dc_staff).values_list("token", flat=True)) == set(new)
    [entry] = entries(dc_staff, Action.USER_RECOVERY_CODES)
    assert entry.actor == dc_staff and entry.after["second_factor"] is True
    assert client.get(reverse("accounts:two_factor_recovery_codes")).status_code == 405


def test_regenerate_needs_enrolment(dc_staff):
    with pytest.raises(InvalidState):
        tf.recovery_codes_regenerate(user=dc_staff)
    assert not entries(dc_staff, Action.USER_RECOVERY_CODES).exists()


# --- reset by an administrator ----------------------------------------------------------------


def test_admin_resets_a_second_factor(client, admin_user, dc_staff):
    enrol(dc_staff)
    staff_client = client.__class__()
    staff_client.force_login(dc_staff)
    epoch = dc_staff.session_epoch
    client.force_login(admin_user)
    url = reverse("accounts:two_factor_reset", args=[dc_staff.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()

    response = client.post(url, {"reason": "手机丢失，本人电话核实"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=dc_staff).exists()
    assert not StaticDevice.objects.filter(user=dc_staff).exists()
    dc_staff.refresh_from_db()
    assert dc_staff.session_epoch == epoch + 1
    # The staff member's session has ended.
    assert staff_client.get(reverse("records:dashboard")).url.startswith(reverse("accounts:login"))
    [entry] = entries(dc_staff, Action.USER_SECOND_FACTOR_RESET)
    assert entry.actor == admin_user and entry.reason == "手机丢失，本人电话核实"
    assert entry.before["second_factor"] is True and entry.after["second_factor"] is False


def test_reset_needs_a_reason(client, admin_user, dc_staff):
    enrol(dc_staff)
    client.force_login(admin_user)
    response = client.post(reverse("accounts:two_factor_reset", args=[dc_staff.pk]), {"reason": " "})
    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    assert TOTPDevice.objects.filter(user=dc_staff, confirmed=True).exists()
    assert not entries(dc_staff, Action.USER_SECOND_FACTOR_RESET).exists()


def test_account_administrator_of_another_authority_is_refused(client, dc_staff, xicheng):
    enrol(dc_staff)
    other = f.staff(xicheng, username="xc-accounts", manages_accounts=True)
    with pytest.raises(NotAllowed):
        tf.second_factor_reset(actor=other, user=dc_staff, reason="试图重置")
    client.force_login(other)
    url = reverse("accounts:two_factor_reset", args=[dc_staff.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "试图重置"}).status_code == 403
    assert TOTPDevice.objects.filter(user=dc_staff, confirmed=True).exists()
    assert not entries(dc_staff, Action.USER_SECOND_FACTOR_RESET).exists()


def test_account_administrator_of_the_same_authority_resets(dongcheng, dc_staff):
    enrol(dc_staff)
    manager = f.staff(dongcheng, username="dc-accounts", manages_accounts=True)
    tf.second_factor_reset(actor=manager, user=dc_staff, reason="换手机")
    [entry] = entries(dc_staff, Action.USER_SECOND_FACTOR_RESET)
    assert entry.actor == manager and entry.after["second_factor"] is False


@pytest.mark.parametrize("who", ["self", "plain_staff", "supervisor"])
def test_reset_refused_to_others(who, admin_user, dc_staff, supervisor, dongcheng):
    enrol(admin_user)
    actor = {"self": admin_user, "plain_staff": dc_staff, "supervisor": supervisor}[who]
    with pytest.raises(NotAllowed):
        tf.second_factor_reset(actor=actor, user=admin_user, reason="重置")
    assert not entries(admin_user, Action.USER_SECOND_FACTOR_RESET).exists()


def test_reset_of_an_account_without_second_factor(admin_user, dc_staff):
    with pytest.raises(InvalidState):
        tf.second_factor_reset(actor=admin_user, user=dc_staff, reason="重置")
    assert not entries(dc_staff, Action.USER_SECOND_FACTOR_RESET).exists()
