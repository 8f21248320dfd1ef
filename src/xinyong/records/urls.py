from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("oversight/", views.oversight, name="oversight"),
    # Under office/associations/ like the registry's pages; listed first in the root URLconf.
    path(
        "associations/<int:association_id>/records/new/<slug:kind>/",
        views.record_create_view,
        name="create",
    ),
    path("records/<int:pk>/", views.record_detail, name="detail"),
    path("records/<int:pk>/modify/", views.record_modify_view, name="modify"),
    path("records/<int:pk>/finalize/", views.record_finalize_view, name="finalize"),
    path("records/<int:pk>/revoke/", views.record_revoke_view, name="revoke"),
    path("records/<int:pk>/evidence/new/", views.evidence_add_view, name="evidence_add"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/revoke/", views.evidence_revoke_view, name="evidence_revoke"),
]
