"""The API under /api/: the OpenAPI schema, its interactive docs, and version 1.

Each app adds its own endpoints to /api/v1/ through its ``api_urls`` module, so this file only
lists them.
"""

from django.urls import include, path, re_path

from .docs_views import docs_view, schema_view
from .errors import not_found

urlpatterns = [
    path("schema/", schema_view, name="api-schema"),
    path("docs/", docs_view, name="api-docs"),
    path("v1/", include("xinyong.api.v1_urls")),
    path("v1/", include("xinyong.exchange.api_urls")),
    path("v1/", include("xinyong.opendata.api_urls")),
    path("v1/", include("xinyong.measures.api_urls")),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),  # last: JSON 404 for anything else under /api/
]
