"""Who may enter the official working-day calendar (R-OBJ-3): administrators.

The check looks at the role only, not at ``is_active``: ``load_calendar --user`` names the
administrator account it acts as, and a deactivated one has always been accepted there (a web
request never carries a deactivated account). Kept so for issue 21, which changes no behaviour.
"""

from xinyong.accounts.models import Role


def can_enter_calendar(user) -> bool:
    return getattr(user, "role", None) == Role.ADMIN
