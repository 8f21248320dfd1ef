"""An association's change log, with "as of" (R-REC-3, R-REC-5); registered under
``/office/history/`` as ``history:association``."""

from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view
from xinyong.history.selectors import entries_for_association
from xinyong.history.views import history_page
from xinyong.registry.history_types import ObjectType

from .access import association_for


@office_view
def association_history(request, pk: int):
    association = association_for(request.user, pk)
    return history_page(
        request,
        "history/association_history.html",
        entries=entries_for_association(association_id=association.pk),
        object_type=ObjectType.ASSOCIATION,
        object_id=association.pk,
        context={"association": association, "title": _("修改记录")},
    )
