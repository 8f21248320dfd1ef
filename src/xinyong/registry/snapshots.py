"""What the change log keeps of an association, a registration authority and a partner department.

``verify_history`` compares every live row with the last snapshot recorded for it, and each
snapshot is hashed into the chain: a change here breaks every database written before it.
"""

from decimal import Decimal
from typing import Any

from .models import BASIC_FIELDS, Association, Authority, Department


def association_snapshot(association: Association) -> dict[str, Any]:
    snap: dict[str, Any] = {}
    for name in BASIC_FIELDS:
        value = getattr(association, "authority_id" if name == "authority" else name)
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        snap[name] = value
    # Derived, but stored: a search index changed behind the services' back must show up too.
    snap["name_normalized"] = association.name_normalized
    snap["version"] = association.version
    return snap


def authority_snapshot(authority: Authority) -> dict[str, Any]:
    return {
        "code": authority.code,
        "name": authority.name,
        "level": str(authority.level),
        "parent_id": authority.parent_id,
    }


def department_snapshot(department: Department) -> dict[str, Any]:
    return {"name": department.name}
