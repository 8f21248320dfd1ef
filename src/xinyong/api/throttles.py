"""Rate limits for the API, on the same mechanism as the public pages (xinyong.security.throttle).

Anonymous calls are counted per client address (``client_ip``: behind
``XINYONG_TRUSTED_PROXIES`` proxies, the forwarded address) with the pages' limits
(``XINYONG_PUBLIC_RATE_LIMITS``), but in counters of their own, so a reader of the pages is not
slowed by an API client behind the same address. Department calls are counted per key
(``XINYONG_API_KEY_RATE``, e.g. ``"600/min"``), and refused keys per client address
(``XINYONG_API_KEY_FAILURE_LIMIT``, counted by api.auth). Counts live in the database cache shared
by every server process. As on the pages, the call that reaches the limit is still served; later
ones get 429 with ``Retry-After`` until the window has passed.
"""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from xinyong.security.throttle import Rule, client_ip

_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_PERIODS |= {"d": 86400, "day": 86400}


def key_failure_rule() -> Rule | None:
    """Refused API keys per client address (``XINYONG_API_KEY_FAILURE_LIMIT``; ``off``: none, for
    a reverse proxy that limits instead); see api.auth."""
    rate = settings.XINYONG_API_KEY_FAILURE_LIMIT
    if not rate or rate.strip().lower() == "off":
        return None
    return Rule("api-key-failure", *parse_rate(rate))


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/min"`` → (600, 60). Also ``"100/10s"`` style: a count of the unit."""
    count, _, period = rate.partition("/")
    digits = "".join(c for c in period if c.isdigit())
    unit = period[len(digits) :].strip().lower()
    if unit not in _PERIODS or not count.strip().isdigit():
        raise ValueError(f"bad rate {rate!r}: expected e.g. '600/min'")
    return int(count), int(digits or 1) * _PERIODS[unit]


class _RuleThrottle(BaseThrottle):
    def rule(self, request, view) -> Rule | None:
        raise NotImplementedError

    def ident(self, request) -> str:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        self._wait = 0
        rule = self.rule(request, view)
        if rule is None:
            return True
        ident = self.ident(request)
        self._wait = rule.retry_after(ident)
        if self._wait:
            return False
        rule.hit(ident)
        return True

    def wait(self) -> int:
        return self._wait


class PublicRateThrottle(_RuleThrottle):
    """Anonymous API calls per client address; the view names its kind: ``public_scope``."""

    public_scope: str | None = None  # or the throttle does, for views that are not PublicView's

    def rule(self, request, view) -> Rule | None:
        scope = self.public_scope or getattr(view, "public_scope", None)
        limits = settings.XINYONG_PUBLIC_RATE_LIMITS.get(scope)
        return Rule(f"api-public-{scope}", *limits) if limits else None

    def ident(self, request) -> str:
        return client_ip(request)


class FeedRateThrottle(PublicRateThrottle):
    """The change feed (``opendata.api.FeedView``): calls per client address."""

    public_scope = "feed"


class ApiKeyRateThrottle(_RuleThrottle):
    """Department calls per API key."""

    def rule(self, request, view) -> Rule | None:
        rate = getattr(settings, "XINYONG_API_KEY_RATE", None)
        if not rate or request.auth is None:
            return None
        return Rule("api-key", *parse_rate(rate))

    def ident(self, request) -> str:
        return str(request.auth.pk)
