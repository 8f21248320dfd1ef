"""``{% association_measures association %}``: the measures section of an association's page in
the back office (staff, the supervising bureau, administrators, and the association itself)."""

from django import template
from django.utils import timezone

from ..choices import MeasureState
from ..selectors import kinds_applicable_by, measures_visible_to, pending, proposals_visible_to

register = template.Library()


@register.inclusion_tag("measures/_association_measures.html", takes_context=True)
def association_measures(context, association):
    user = context["request"].user
    today = timezone.localdate()
    measures = measures_visible_to(user).filter(association=association)
    rows = [(m, m.state_on(today)) for m in measures]
    return {
        "association": association,
        "current": [(m, s) for m, s in rows if s in (MeasureState.IN_FORCE, MeasureState.UPCOMING)],
        "past": [(m, s) for m, s in rows if s not in (MeasureState.IN_FORCE, MeasureState.UPCOMING)],
        "can_apply": kinds_applicable_by(user, association).exists(),
        "proposals": pending(proposals_visible_to(user).filter(association=association)),
    }
