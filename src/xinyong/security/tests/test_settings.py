"""Production settings, checked in a fresh process as a server would load them."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from xinyong.settings import DEV_SECRET_KEY
from xinyong.testing.scratchdb import XINYONG


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XINYONG_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **overrides}


def production_env(**overrides: str) -> dict[str, str]:
    return _env(
        XINYONG_DEBUG="0",
        XINYONG_SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        XINYONG_ALLOWED_HOSTS="xinyong.example.cn",
        **overrides,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json, xinyong.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_has_nothing_to_say_under_production_settings():
    result = subprocess.run(
        [XINYONG, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only the HSTS-preload warning is silenced, on purpose (see settings).
    assert "System check identified no issues (1 silenced)." in result.stdout


@pytest.mark.parametrize(
    "key",
    [None, DEV_SECRET_KEY, "x" * 49, "ab" * 30, "django-insecure-" + secrets.token_urlsafe(45)],
    ids=["unset", "development key", "too short", "too few characters", "django-insecure"],
)
def test_debug_off_refuses_to_start_with_a_weak_key(key):
    env = production_env()
    if key is None:
        del env["XINYONG_SECRET_KEY"]
    else:
        env["XINYONG_SECRET_KEY"] = key
    result = subprocess.run([XINYONG, "check"], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "XINYONG_SECRET_KEY" in result.stderr


def test_development_defaults_still_start_without_any_variable():
    values = settings_in(_env(), "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT")
    assert values == {"DEBUG": True, "SECRET_KEY": DEV_SECRET_KEY, "SECURE_SSL_REDIRECT": None}


def test_production_transport_and_session_settings():
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "CSRF_TRUSTED_ORIGINS",
    )
    values = settings_in(production_env(), *names)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSRF_TRUSTED_ORIGINS": [],
    }
    behind_proxy = settings_in(
        production_env(
            XINYONG_PROXY_SSL_HEADER="1",
            XINYONG_SSL_REDIRECT="0",
            XINYONG_HSTS_PRELOAD="1",
            XINYONG_CSRF_TRUSTED_ORIGINS="https://xinyong.example.cn, https://www.xinyong.example.cn",
        ),
        *names,
    )
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind_proxy["SECURE_SSL_REDIRECT"] is False
    assert behind_proxy["SECURE_HSTS_PRELOAD"] is True
    assert behind_proxy["CSRF_TRUSTED_ORIGINS"] == [
        "https://xinyong.example.cn",
        "https://www.xinyong.example.cn",
    ]


def pages(rate: list[int]) -> dict:
    return {scope: rate for scope in ("search", "profile", "feed", "open-data")}


@pytest.mark.parametrize(
    ("public", "download", "expected"),
    [
        (None, None, {**pages([60, 60]), "download": [30, 3600]}),
        ("120/30", None, {**pages([120, 30]), "download": [30, 3600]}),
        (None, "5/60", {**pages([60, 60]), "download": [5, 60]}),
        ("off", None, {"download": [30, 3600]}),
        ("OFF", "off", {}),
    ],
)
def test_public_rate_limits_come_from_the_environment(public, download, expected):
    variables = {"XINYONG_PUBLIC_RATE_LIMIT": public, "XINYONG_DOWNLOAD_RATE_LIMIT": download}
    env = _env(**{name: value for name, value in variables.items() if value is not None})
    assert settings_in(env, "XINYONG_PUBLIC_RATE_LIMITS")["XINYONG_PUBLIC_RATE_LIMITS"] == expected


@pytest.mark.parametrize("name", ["XINYONG_PUBLIC_RATE_LIMIT", "XINYONG_DOWNLOAD_RATE_LIMIT"])
@pytest.mark.parametrize("value", ["60", "60/0", "lots/60", ""])
def test_a_malformed_rate_limit_stops_the_server_with_its_name(name, value):
    code = "import xinyong.settings"
    env = _env(**{name: value})
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert name in result.stderr
