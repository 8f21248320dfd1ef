"""Every account event of issue 14 is recorded: account and privilege changes in the history
chain, what happens at the door in the security log; and verify_history stays OK throughout."""

from io import StringIO

from django.core.management import call_command
from django.test import Client

from xinyong.accounts import services
from xinyong.accounts import two_factor as tf
from xinyong.accounts.models import Role
from xinyong.accounts.tests.test_two_factor import token
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.security.models import EventKind, SecurityEvent

STRONG = "海棠 鼓楼 冰糖葫芦 2026 春"


def test_a_whole_account_life_is_on_record(admin_user, dongcheng, xicheng, mailoutbox, settings):
    settings.XINYONG_LOGIN_THROTTLE = {**settings.XINYONG_LOGIN_THROTTLE, "pair": 1}
    clerk = services.user_create(
        actor=admin_user,
        username="zhou",
        full_name="周",
        email="zhou@example.cn",
        role=Role.STAFF,
        authority=dongcheng,
        reason="入职",
    )
    services.user_password_set(user=clerk, password=STRONG, via="link")
    browser = Client(REMOTE_ADDR="10.0.0.7")
    browser.post("/accounts/login/", {"username": "zhou", "password": "wrong"})  # failed
    browser.post("/accounts/login/", {"username": "zhou", "password": STRONG})  # must wait first
    desk = Client(REMOTE_ADDR="10.0.0.8")
    desk.post("/accounts/login/", {"username": "zhou", "password": STRONG})
    desk.post("/accounts/logout/")
    device = tf.second_factor_begin(user=clerk)
    tf.second_factor_confirm(user=clerk, device=device, token=token(device))
    tf.second_factor_reset(actor=admin_user, user=clerk, reason="手机丢失")
    services.user_modify(
        actor=admin_user,
        user=clerk,
        full_name="周",
        email="zhou@example.cn",
        role=Role.STAFF,
        authority=xicheng,
        reason="调往西城区",
    )
    services.user_password_reset(actor=admin_user, user=clerk, reason="本人遗忘")
    services.user_password_set(user=clerk, password=STRONG + "!", via="link")
    services.user_deactivate(actor=admin_user, user=clerk, reason="离职")
    services.user_reactivate(actor=admin_user, user=clerk, reason="返聘")

    chain = list(
        HistoryEntry.objects.filter(object_type=ObjectType.USER, object_id=clerk.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert chain == [
        Action.USER_CREATE,
        Action.USER_ACTIVATE,
        Action.USER_SECOND_FACTOR_ENROL,
        Action.USER_SECOND_FACTOR_RESET,
        Action.USER_MODIFY,
        Action.USER_PASSWORD_RESET,
        Action.USER_PASSWORD_RESET,  # the holder sets the new one through the link
        Action.USER_DEACTIVATE,
        Action.USER_REACTIVATE,
    ]
    door = list(SecurityEvent.objects.filter(username="zhou").order_by("id").values_list("kind", flat=True))
    assert door == [
        EventKind.SIGN_IN_FAILED,
        EventKind.SIGN_IN_THROTTLED,
        EventKind.SIGN_IN,
        EventKind.SIGN_OUT,
    ]
    out = StringIO()
    call_command("verify_history", "--skip-files", stdout=out, stderr=out)
    assert "verify_history: OK" in out.getvalue(), out.getvalue()
