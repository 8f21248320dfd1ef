"""Bulk delivery under /api/v1/ (R-EXC-1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("deliveries", api.DeliveryCreate.as_view(), name="api-deliveries"),
    # <str:…> so that any text reaches the view and gets its JSON 404, never the HTML page.
    path("deliveries/<str:pk>", api.DeliveryDetail.as_view(), name="api-delivery"),
    path("deliveries/<str:pk>/report", api.DeliveryReport.as_view(), name="api-delivery-report"),
]
