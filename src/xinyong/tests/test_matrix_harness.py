"""The matrix harness itself: its sign-in passes the second-factor door, and rows are complete."""

import pytest
from django.urls import reverse

from xinyong.testing.matrix import DENIED, LOGIN, OK, Case, Matrix, expect, sign_in


@pytest.mark.parametrize("who", ["dc_staff", "admin_user", "auditor", "assoc_user"])
def test_sign_in_passes_the_second_factor_when_it_is_required(client, request, settings, who):
    settings.XINYONG_REQUIRE_2FA = True
    sign_in(client, request.getfixturevalue(who))
    assert client.get(reverse("records:dashboard")).status_code == 200


def test_sign_in_passes_the_second_factor_of_an_enrolled_user(client, assoc_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=assoc_user, name="TOTP", confirmed=True)
    sign_in(client, assoc_user)
    assert client.get(reverse("records:dashboard")).status_code == 200


def test_expect_gives_every_role_a_status():
    row = expect("dc_staff", xc_staff=404)
    assert (row["dc_staff"], row["xc_staff"], row["anonymous"], row["anyone"]) == (OK, 404, LOGIN, DENIED)


def test_two_rows_of_one_url_and_method_need_labels():
    with pytest.raises(ValueError, match="labels"):
        Matrix(("anonymous",), [Case("disclosure:home", expect()), Case("disclosure:home", expect())])
