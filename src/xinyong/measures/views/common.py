"""The guard of the measures pages. Unlike the rest of the back office, partner departments may
use them: they apply the kinds their department is granted (R-MEA-1)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role

from ..models import Measure, MeasureProposal
from ..selectors import measures_visible_to, proposals_visible_to

PAGE_SIZE = 20


def measures_view(view: Callable) -> Callable:
    """Signed in; association accounts only read their own measures (detail pages)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapper


def office_only(user) -> None:
    """Lists, proposals and the catalogue are for authorities, departments, the supervising
    bureau and administrators; an association sees its measures on its own page."""
    if user.role == Role.ASSOCIATION:
        raise PermissionDenied(_("协会可以在本协会的页面查看对本协会实施的措施。"))


def visible_measure(user, pk: int) -> Measure:
    get_object_or_404(Measure, pk=pk)
    found = measures_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise PermissionDenied(_("该措施不在你的查看范围内。"))
    return found


def visible_proposal(user, pk: int) -> MeasureProposal:
    get_object_or_404(MeasureProposal, pk=pk)
    found = proposals_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise PermissionDenied(_("该措施建议不在你的查看范围内。"))
    return found
