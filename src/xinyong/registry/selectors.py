"""Back-office reads of associations, scoped by role (R-ACT-2, R-ACT-3, R-ACT-5).

Staff read the associations registered with their authority; the supervising bureau and
administrators read everything; an association account reads only itself; departments nothing.
"""

from django.db.models import QuerySet

from xinyong.accounts.models import Role

from .models import Association


def associations_visible_to(user) -> QuerySet[Association]:
    qs = Association.objects.select_related("authority")
    if user.reads_everything:
        return qs
    if user.role == Role.STAFF:
        return qs.filter(authority_id=user.authority_id)
    if user.role == Role.ASSOCIATION:
        return qs.filter(pk=user.association_id)
    return qs.none()
