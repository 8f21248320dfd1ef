"""Back-office reads of associations, scoped by role (R-ACT-2, R-ACT-3, R-ACT-5).

Staff read the associations registered with their authority; the supervising bureau and
administrators read everything; an association account reads only itself; departments nothing.
"""

from django.db.models import Q, QuerySet

from xinyong.accounts.scopes import scoped

from .models import Association


def associations_visible_to(user) -> QuerySet[Association]:
    return scoped(
        Association.objects.select_related("authority"),
        user,
        staff=Q(authority_id=user.authority_id),
        association=Q(pk=user.association_id),
    )
