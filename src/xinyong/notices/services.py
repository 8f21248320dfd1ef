"""Telling people: an in-app notice for each user, and the same text by e-mail (Django's mail
framework) when the user has an address.

Notices are written in the caller's transaction, so they exist exactly when the change does. The
e-mail goes out only after that transaction commits: a rolled-back change sends nothing, and a
mail server that is down never undoes a change (the failure is logged; the notice stays in the app).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notice

log = logging.getLogger(__name__)


def notify(*, users: Iterable, subject: str, body: str, link: str = "") -> list[Notice]:
    recipients = [u for u in users if u.is_active]
    notices = Notice.objects.bulk_create(
        [Notice(user=u, subject=subject, body=body, link=link) for u in recipients]
    )
    addresses = sorted({u.email for u in recipients if u.email})
    if addresses:
        text = body + (f"\n\n{settings.XINYONG_SITE_URL.rstrip('/')}{link}" if link else "")
        transaction.on_commit(lambda: _send(subject, text, addresses))
    return notices


def _send(subject: str, text: str, addresses: list[str]) -> None:
    try:
        # One message per recipient: association addresses are not shown to each other.
        for address in addresses:
            send_mail(subject, text, None, [address])
    except Exception:  # the notice is in the app already; a mail outage must not surface as an error
        log.exception("could not send the e-mail %r to %d recipient(s)", subject, len(addresses))


def mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())
