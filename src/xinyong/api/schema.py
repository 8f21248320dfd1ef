"""OpenAPI pieces shared by the views: the key scheme, error responses, parameters."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from . import params
from .serializers import ErrorSerializer


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "xinyong.api.auth.ApiKeyAuthentication"
    name = "departmentKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "xy_<prefix>_<secret>",
            "description": str(
                _(
                    "相关部门的接口密钥，由系统管理员在管理后台签发，只显示一次。"
                    "以 Authorization: Bearer <接口密钥> 发送（也可用 X-API-Key 请求头）。"
                )
            ),
        }


def error(description) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[429],
    required=True,
    description=_("可再次请求前需等待的秒数"),
)

THROTTLED = error(_("请求过于频繁；Retry-After 给出需等待的秒数。"))

USCC_SCHEMA = {"type": "string", "format": "uscc", "example": "51110101MJ000000XK"}

USCC_PATH = OpenApiParameter(
    "uscc",
    USCC_SCHEMA,
    location=OpenApiParameter.PATH,
    description=_("统一社会信用代码（GB 32100-2015，18位）。代码有误时返回 400 并说明哪一位有误。"),
)

PURPOSE = OpenApiParameter(
    "purpose",
    {
        "type": "string",
        "minLength": params.PURPOSE_MIN,
        "maxLength": params.PURPOSE_MAX,
        "pattern": params.PURPOSE_PATTERN,
    },
    required=True,
    description=_(
        "查询目的（依法查询的事由），至少4个字、至多200个字，不含控制字符，每次查询都会记录。"
        "也可以改用 X-Purpose 请求头发送（UTF-8，可百分号编码）。"
    ),
)
