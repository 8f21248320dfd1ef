"""The eligibility check under /api/v1/ (R-MEA-3)."""

from django.urls import path

from . import api

urlpatterns = [
    path("shared/measures", api.SharedMeasures.as_view(), name="api-shared-measures"),
]
