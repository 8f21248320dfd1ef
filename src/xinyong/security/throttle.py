"""Throttles: at most ``limit`` hits of one key within ``window`` seconds.

One mechanism serves the sign-in lockout (failed attempts per username and per client address,
counted by accounts.login) and the public rate limit (anonymous requests per client address,
``public_rate_limit`` below). The hit that reaches the limit locks the key for ``window``
seconds; while locked, callers refuse without counting.

Counts live in Django's default cache (the database cache, shared by every server process).
A key's value is ``(locked_until, [hit times])``; times come from ``clock()`` so tests can move
it. Reading and writing the value are two cache operations, not one atomic step: requests of
the same key arriving at the same instant can each count once where they should count twice.
The limits are meant to stop guessing and scraping, for which that slack does not matter.
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
        digest = hashlib.sha256(ident.encode()).hexdigest()[:40]
        return f"xinyong:throttle:{self.scope}:{digest}"

    def _load(self, ident: str) -> tuple[float, list[float]]:
        return cache.get(self._key(ident)) or (0.0, [])

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
