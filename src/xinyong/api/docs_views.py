"""The OpenAPI schema and its interactive docs (Swagger UI, served from the sidecar package).

The site's content security policy allows no inline script or style, so the docs page is the
split view (its start-up script is a separate request) with a template that has no inline style.
Swagger UI's stylesheet draws its icons as ``data:`` images, so on this page alone images may
also come from ``data:`` URLs (an image cannot run script); everything else stays as strict.
"""

from csp.constants import SELF
from csp.decorators import csp_replace
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    throttle_classes: list = []


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    throttle_classes: list = []


schema_view = SchemaView.as_view()
docs_view = csp_replace({"img-src": [SELF, "data:"]})(DocsView.as_view(url_name="api-schema"))
