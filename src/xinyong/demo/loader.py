"""Building the whole demo world in one transaction: all of it or nothing.

Deterministic for a given day: one seeded random generator, used in a fixed order. Dates are
relative to ``today`` so that the same records are public, expired or current on any day.
"""

import random

from django.db import transaction
from django.utils import timezone

from .associations import apply_later_changes, build_associations
from .data import SEED, SHOWCASE
from .generate import random_records
from .measures import showcase_measures
from .objections import showcase_objections
from .showcase import showcase_records
from .world import Accounts, ensure_authorities, ensure_departments
from .writer import Writer


def load_demo() -> None:
    # The services check dates against the real today, so the demo is always built for it.
    today = timezone.localdate()
    rng = random.Random(SEED)
    with transaction.atomic():
        authorities = ensure_authorities()
        departments = ensure_departments()
        accounts = Accounts()
        staff = accounts.staff(authorities)
        places = build_associations(rng=rng, today=today, authorities=authorities, staff=staff)
        writer = Writer(rng=rng, staff_by_authority=staff)
        showcase_records(writer, places, today)
        for name, place in places.items():
            if name not in SHOWCASE.values():
                random_records(writer, place, today)
        apply_later_changes(rng=rng, places=places, staff=staff)
        accounts.others(authorities, departments, {name: p.association for name, p in places.items()})
        showcase_objections(places)
        showcase_measures(places, today)
