from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("apply/", views.measure_apply_view, name="apply"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/lift/", views.measure_lift_view, name="lift"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/run/", views.proposals_run, name="proposals_run"),
    path("proposals/<int:pk>/dismiss/", views.proposal_dismiss_view, name="dismiss"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/new/", views.kind_edit, name="kind_create"),
    path("kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
]
