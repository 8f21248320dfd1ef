"""Throttles: rate limits (``Rule``) and progressive delays after failures (``Backoff``).

``Rule`` allows at most ``limit`` hits of one key within ``window`` seconds: the public rate
limits (anonymous requests per client address, ``public_rate_limit`` below), the API's limits and
failed API keys per address. The hit that reaches the limit locks the key for ``window`` seconds;
while locked, callers refuse without counting.

``Backoff`` makes each failure beyond a free allowance double the wait before the next attempt
(1 s, 2 s, 4 s, … up to a cap): the sign-in throttle (accounts.login) counts failures per
(username, client address), per client address and per username with it, so that nobody can
lock an account by failing from somewhere else.

Counts live in Django's default cache (the database cache, shared by every server process).
Times come from ``clock()`` so tests can move it. Reading and writing a count are two cache
operations, not one atomic step: requests of the same key arriving at the same instant can each
count once where they should count twice. The limits are meant to stop guessing and scraping,
for which that slack does not matter.
"""

import hashlib
import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def clock() -> float:
    return time.time()


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    window: int  # seconds

    def _key(self, ident: str) -> str:
        return _cache_key(self.scope, ident)

    def _load(self, ident: str) -> tuple[float, list[float]]:
        return cache.get(self._key(ident)) or (0.0, [])  # (locked until, [hit times])

    def retry_after(self, ident: str) -> int:
        """Seconds until ``ident`` may try again; 0 when it is not locked."""
        locked_until, _ = self._load(ident)
        return max(0, math.ceil(locked_until - clock()))

    def hit(self, ident: str) -> int:
        """Count one hit; return ``retry_after`` after it (the window when this hit locked it)."""
        now = clock()
        locked_until, hits = self._load(ident)
        if locked_until > now:
            return math.ceil(locked_until - now)
        hits = [t for t in hits if t > now - self.window]
        hits.append(now)
        if len(hits) >= self.limit:
            locked_until, hits = now + self.window, []
        cache.set(self._key(ident), (locked_until, hits), timeout=self.window + 60)
        return max(0, math.ceil(locked_until - now))

    def reset(self, ident: str) -> None:
        cache.delete(self._key(ident))


@dataclass(frozen=True)
class Backoff:
    """Progressive delay: the first ``free`` failures of a key cost nothing; from then on, after
    its n-th failure the next attempt must wait 2**(n - free) seconds (1, 2, 4, …), at most
    ``max_delay``. A key is forgotten ``forget`` seconds after its last failure, so ``forget``
    must exceed ``max_delay`` or a patient guesser would start afresh.

    The wait is worked out when asked, from the count and the time of the last failure, so a
    caller may ask with a smaller allowance than ``free`` (accounts.login does for a username
    under attack). Attempts refused for waiting are not failures and are not counted.
    """

    scope: str
    free: int
    max_delay: int
    forget: int

    def _load(self, ident: str) -> tuple[int, float]:
        failures, last = cache.get(_cache_key(self.scope, ident)) or (0, 0.0)
        if clock() - last > self.forget:
            return 0, 0.0
        return failures, last

    def failures(self, ident: str) -> int:
        """Failures of ``ident`` not yet forgotten."""
        return self._load(ident)[0]

    def delay(self, failures: int, free: int | None = None) -> int:
        """Seconds an attempt must wait after ``failures`` failures (with ``free`` allowed)."""
        free = self.free if free is None else free
        if failures < free:
            return 0
        return min(2 ** min(failures - free, 30), self.max_delay)

    def retry_after(self, ident: str, *, free: int | None = None) -> int:
        """Seconds until ``ident`` may try again; 0 when it may now."""
        failures, last = self._load(ident)
        if not failures:
            return 0
        return max(0, math.ceil(last + self.delay(failures, free) - clock()))

    def fail(self, ident: str) -> None:
        """Count one failure of ``ident``."""
        failures, _ = self._load(ident)
        cache.set(_cache_key(self.scope, ident), (failures + 1, clock()), timeout=self.forget + 60)

    def reset(self, ident: str) -> None:
        cache.delete(_cache_key(self.scope, ident))


def _cache_key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:40]
    return f"xinyong:throttle:{scope}:{digest}"


def client_ip(request) -> str:
    """The client's address; an IPv6 client counts as its /64, which one customer usually holds.

    Behind ``XINYONG_TRUSTED_PROXIES`` reverse proxies, each appending the address it was reached
    from to X-Forwarded-For, the client is that many entries from the right: anything further
    left was written by the client and may be forged.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.XINYONG_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def public_rule(scope: str) -> Rule | None:
    limits = settings.XINYONG_PUBLIC_RATE_LIMITS.get(scope)
    return Rule(f"public-{scope}", *limits) if limits else None


def public_rate_limit(scope: str) -> Callable:
    """Limit a public page per client address for anonymous visitors (signed-in users are not).

    Over the limit the visitor gets the site's 429 page, with Retry-After, instead of the page.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rule = public_rule(scope)
            if rule is None or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            ident = client_ip(request)
            wait = rule.retry_after(ident)
            if wait:
                return too_many_requests(request, wait)
            rule.hit(ident)  # the hit that reaches the limit is still served
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
