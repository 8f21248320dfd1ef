"""What objections add to the core pages and flows (see ``xinyong.extensions``); connected in
``ObjectionsConfig.ready()``."""

from functools import partial

from django.utils import timezone

from xinyong.extensions import Correction, contributes, correction_source

from .corrections import objection_correct_basic_info, objection_correct_record
from .deadlines import countdown
from .permissions import can_file_for
from .selectors import objections_visible_to, open_objections, per_authority, under_objection
from .views import corrected, correction_objection

DASHBOARD_ROWS = 20


@contributes("records.dashboard")
def dashboard(request, *, today) -> dict:
    """R-OBJ-4: open objections, the most urgent first, with their countdown."""
    pending = open_objections(objections_visible_to(request.user))
    return {
        "objections": [(o, countdown(o, today=today)) for o in pending[:DASHBOARD_ROWS]],
        "objection_count": pending.count(),
    }


@contributes("records.oversight")
def oversight(request) -> dict:
    return {"objections": per_authority(today=timezone.localdate())}


@contributes("registry.association_detail")
def association_detail(request, *, association) -> dict:
    return {
        "can_object": can_file_for(request.user, association),
        "objections": objections_visible_to(request.user).filter(association=association)[:20],
        "under": under_objection(association.pk),
    }


@correction_source
def objection_correction(request, association_id: int) -> Correction | None:
    """``?objection=<id>`` on a record or 基本信息 page: the change answers that objection."""
    objection = correction_objection(request, association_id)
    if objection is None:
        return None
    return Correction(
        subject=objection,
        modify_record=partial(objection_correct_record, objection=objection),
        revoke_record=partial(objection_correct_record, objection=objection, revoke=True),
        modify_basic_info=partial(objection_correct_basic_info, objection=objection),
        done=lambda request: corrected(request, objection),
    )
