"""Back-office reads of associations, within the scope of permissions.restrict_associations
(R-ACT-2, R-ACT-3, R-ACT-5)."""

from django.db.models import QuerySet

from .models import Association
from .permissions import restrict_associations


def associations_visible_to(user) -> QuerySet[Association]:
    return restrict_associations(Association.objects.select_related("authority"), user)
