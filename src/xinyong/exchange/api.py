"""Bulk delivery through the API (R-EXC-1, R-INF-10): a partner department's key with the deliver
permission posts a file; the answer is the batch, its status and counts, and, when it is
rejected, where to get the per-row report. Thin: the work is ``services.batch_import``.

    POST /api/v1/deliveries?kind=purchased_service      (raw body: text/csv, application/json,
                                                          application/x-ndjson or XLSX)
    POST /api/v1/deliveries                              (multipart: file, evidence…, kind, reason)
    GET  /api/v1/deliveries/{id}
    GET  /api/v1/deliveries/{id}/report                  (text/csv, UTF-8 with BOM)
"""

import os

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from xinyong.api.auth import ApiKeyAuthentication
from xinyong.api.parsers import MultiPartParser
from xinyong.api.permissions import CanDeliver
from xinyong.api.schema import RETRY_AFTER, THROTTLED, error
from xinyong.api.throttles import ApiKeyRateThrottle

from . import storage
from .choices import BatchChannel, BatchStatus
from .columns import DEPARTMENT_KINDS
from .models import ImportBatch
from .selectors import batches_of_department
from .services import Attachment, Outcome, batch_import, report_path
from .submitter import Submitter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RAW_TYPES = ("text/csv", "application/json", "application/x-ndjson", XLSX, "application/octet-stream")
NAMES = {
    "text/csv": "delivery.csv",
    "application/json": "delivery.json",
    "application/x-ndjson": "delivery.jsonl",
}
NAMES[XLSX] = "delivery.xlsx"
MAX_ID = 2**63 - 1


class _RawBody(BaseParser):
    """Declares the raw body types (for the schema); the view streams the body itself."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):  # pragma: no cover - never called
        return stream


def _raw_parser(kind: str) -> type[BaseParser]:
    return type(f"Raw{kind.split('/')[-1].title()}", (_RawBody,), {"media_type": kind})


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("行号（表头为第1行）；整个文件的问题为 null")
    )
    column = serializers.CharField(allow_blank=True, help_text=gettext_lazy("列名"))
    message = serializers.CharField(help_text=gettext_lazy("错误信息"))


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("批次编号"))
    status = serializers.ChoiceField(choices=BatchStatus.choices, help_text=gettext_lazy("批次状态"))
    status_display = serializers.CharField()
    duplicate = serializers.BooleanField(
        help_text=gettext_lazy("同一文件此前已经导入：返回的是那个批次，本次没有写入任何数据")
    )
    kind = serializers.CharField(allow_blank=True, help_text=gettext_lazy("批次的信息类型；空：每行自带"))
    file_name = serializers.CharField()
    file_format = serializers.CharField(allow_blank=True)
    encoding = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField(min_value=0)
    sha256 = serializers.CharField(help_text=gettext_lazy("文件的 SHA-256"))
    received_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    rows_total = serializers.IntegerField(min_value=0, help_text=gettext_lazy("数据行数"))
    rows_created = serializers.IntegerField(min_value=0, help_text=gettext_lazy("新增的记录数"))
    rows_present = serializers.IntegerField(min_value=0, help_text=gettext_lazy("已存在、未重复导入的行数"))
    rows_rejected = serializers.IntegerField(min_value=0, help_text=gettext_lazy("有误的行数"))
    error_count = serializers.IntegerField(min_value=0, help_text=gettext_lazy("错误数"))
    message = serializers.CharField(allow_blank=True)
    errors = ProblemSerializer(many=True, help_text=gettext_lazy("前50处错误；全部错误见 report_url"))
    report_url = serializers.URLField(
        allow_null=True, help_text=gettext_lazy("逐行错误报告（CSV）；没有错误时为 null")
    )
    url = serializers.URLField()


def _body(request, batch: ImportBatch, *, duplicate: bool = False) -> dict:
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_display": str(batch.get_status_display()),
        "duplicate": duplicate,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "file_format": batch.file_format,
        "encoding": batch.encoding,
        "size": batch.size,
        "sha256": batch.sha256,
        "received_at": serializers.DateTimeField().to_representation(batch.received_at),
        "finished_at": serializers.DateTimeField().to_representation(batch.finished_at)
        if batch.finished_at
        else None,
        "rows_total": batch.rows_total,
        "rows_created": batch.rows_created,
        "rows_present": batch.rows_present,
        "rows_rejected": batch.rows_rejected,
        "error_count": batch.error_count,
        "message": batch.message,
        "errors": batch.errors_preview,
        "report_url": request.build_absolute_uri(reverse("api-delivery-report", args=[batch.pk]))
        if batch.report_file
        else None,
        "url": request.build_absolute_uri(reverse("api-delivery", args=[batch.pk])),
    }


def _status(outcome: Outcome) -> int:
    if outcome.duplicate:
        return 200
    return {BatchStatus.APPLIED: 201, BatchStatus.REJECTED: 422, BatchStatus.FAILED: 409}.get(
        outcome.status, 500
    )


class TooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"


class CsvPassthrough(BaseRenderer):
    """Lets a client ask for ``Accept: text/csv``; the report itself is a file response."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # pragma: no cover
        return data


class DeliveryView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [CanDeliver]
    throttle_classes = [ApiKeyRateThrottle]


DELIVERY_ERRORS = {
    401: error(gettext_lazy("缺少接口密钥，或密钥无效、已吊销")),
    403: error(gettext_lazy("该密钥没有报送权限，或相关部门不能报送该类信息")),
    429: THROTTLED,
}
FILE_SCHEMA = {"type": "string", "format": "binary"}
# Any request: a NUL in the address, a parameter or a header (security.middleware).
BAD_CHARACTERS = error(gettext_lazy("地址、参数或请求头中含有空字符（code：invalid_characters）"))


class DeliveryCreate(DeliveryView):
    parser_classes = [MultiPartParser, *(_raw_parser(t) for t in RAW_TYPES)]

    @extend_schema(
        operation_id="deliveries_create",
        summary=gettext_lazy("报送数据（承接政府购买服务、承接政府转移职能的绩效评价）"),
        description=gettext_lazy(
            "上传一个文件：CSV（UTF-8 或 GB18030）、XLSX（第一个工作表）、JSON 数组或 JSON Lines，"
            "第一行（或每个对象的键）为列名，中文列名或英文列名均可：统一社会信用代码 association_uscc、"
            "信息类型 kind（purchased_service 或 transferred_function；整批同一类型时可用参数 kind 代替）、"
            "承接项目名称或承接转移职能名称 title、委托政府部门或转移职能部门 counterpart、绩效评价情况 "
            "performance_evaluation、评价日期 event_date、文号 evidence_number、出具日期 evidence_issued_on，"
            "可选：出具机关 evidence_issuer（默认为本部门）、材料类型 evidence_kind、协会名称 "
            "association_name（填写时核对）、整条保密 confidentiality、材料文件 evidence_file。"
            "可以直接以文件内容为请求体（Content-Type 为 text/csv、application/json、application/x-ndjson "
            "或 XLSX），也可以 multipart/form-data 上传 file，并附上证明材料 evidence（PDF、OFD、PNG、JPG，"
            "可多份）；不附证明材料时，以所报送的文件本身作为每条记录的证明材料。"
            "整批先全部校验：有任何错误时整批退回（422），不写入任何数据，report_url 给出逐行错误报告；"
            "全部正确时一次性写入（201）。同一文件再次报送不会重复写入（200，duplicate 为 true）；"
            "已经导入过的相同记录计入 rows_present。记录的记录机关为协会的登记管理机关，由其负责此后的修改。"
        ),
        parameters=[
            OpenApiParameter(
                "kind",
                {"type": "string", "enum": list(DEPARTMENT_KINDS)},
                description=gettext_lazy("整批的信息类型（文件中没有“信息类型”列时必填）"),
            ),
            OpenApiParameter(
                "X-File-Name",
                str,
                location=OpenApiParameter.HEADER,
                description=gettext_lazy("以文件内容为请求体时，文件名（记入批次）"),
            ),
            RETRY_AFTER,
        ],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": FILE_SCHEMA,
                    "evidence": {"type": "array", "items": FILE_SCHEMA},
                    "kind": {"type": "string", "enum": list(DEPARTMENT_KINDS)},
                    "reason": {"type": "string", "maxLength": 500},
                },
                "required": ["file"],
            },
            "text/csv": FILE_SCHEMA,
            "application/json": {"type": "array", "items": {"type": "object"}},
            "application/x-ndjson": FILE_SCHEMA,
            XLSX: FILE_SCHEMA,
            "application/octet-stream": FILE_SCHEMA,
        },
        responses={
            201: OpenApiResponse(DeliverySerializer, description=gettext_lazy("已导入")),
            200: OpenApiResponse(
                DeliverySerializer, description=gettext_lazy("同一文件此前已导入，本次没有写入")
            ),
            422: OpenApiResponse(
                DeliverySerializer, description=gettext_lazy("文件有误，整批退回，没有写入")
            ),
            409: OpenApiResponse(
                DeliverySerializer, description=gettext_lazy("校验后数据发生变化，没有写入，请重新报送")
            ),
            400: error(
                gettext_lazy(
                    "请求有误，例如没有文件或信息类型无效；或文件超出处理上限，未予处理"
                    "（code：xlsx_too_large 压缩炸弹或解压后过大，too_many_cells 单元格过多，"
                    "cell_too_long 单元格内容过长，xlsx_too_complex 单元格结构过于复杂，"
                    "xml_entities XML 实体声明，json_too_deep JSON 嵌套过深，"
                    "json_too_large 单个 JSON 对象过大）"
                )
            ),
            413: error(gettext_lazy("文件超过大小上限")),
            415: error(gettext_lazy("不支持的 Content-Type")),
            **DELIVERY_ERRORS,
        },
        tags=["deliveries"],
    )
    def post(self, request):
        api_key = request.auth
        submitter = Submitter.for_department(api_key.department, via=f"接口密钥 xy_{api_key.prefix}")
        limit = storage.max_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        media_type = (request.content_type or "").split(";")[0].strip().lower()
        if length > limit + 1024 * 1024:
            raise TooLarge(storage.too_large_message(limit))
        if media_type == "multipart/form-data":
            upload = request.FILES.get("file")
            if upload is None:
                raise exceptions.ValidationError({"file": [_("请上传数据文件（字段名 file）。")]})
            kind = request.data.get("kind") or request.query_params.get("kind", "")
            reason = str(request.data.get("reason") or "")[:500]
            source, name = upload, upload.name
            evidence = [Attachment(f.name, f) for f in request.FILES.getlist("evidence")]
        elif media_type in RAW_TYPES:
            kind, reason, evidence = request.query_params.get("kind", ""), "", []
            source = request._request  # streamed, never read into memory as a whole
            name = os.path.basename(request.META.get("HTTP_X_FILE_NAME", "")) or NAMES.get(
                media_type, "delivery"
            )
        else:
            raise exceptions.UnsupportedMediaType(media_type or "-")
        outcome = batch_import(
            submitter=submitter,
            source=source,
            file_name=name,
            channel=BatchChannel.API,
            kind=kind,
            evidence=evidence,
            reason=reason,
        )
        if outcome.refused:
            return Response({"detail": outcome.message, "code": outcome.refused}, status=400)
        return Response(_body(request, outcome.batch, duplicate=outcome.duplicate), status=_status(outcome))


ID_PATH = OpenApiParameter("id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, location="path")


def _own_batch(request, pk: str) -> ImportBatch:
    number = int(pk) if pk.isascii() and pk.isdigit() and 0 < len(pk) < 20 else 0
    batches = batches_of_department(request.auth.department_id)
    batch = batches.filter(pk=number).first() if 0 < number <= MAX_ID else None
    if batch is None:
        raise exceptions.NotFound(_("没有这个报送批次（只能查看本部门报送的批次）。"))
    return batch


class DeliveryDetail(DeliveryView):
    @extend_schema(
        operation_id="deliveries_retrieve",
        summary=gettext_lazy("报送批次的状态"),
        parameters=[ID_PATH, RETRY_AFTER],
        responses={
            200: DeliverySerializer,
            400: BAD_CHARACTERS,
            404: error(gettext_lazy("没有这个批次，或不是本部门报送的")),
            **DELIVERY_ERRORS,
        },
        tags=["deliveries"],
    )
    def get(self, request, pk: str):
        return Response(_body(request, _own_batch(request, pk)))


class DeliveryReport(DeliveryView):
    renderer_classes = [JSONRenderer, CsvPassthrough]

    def handle_exception(self, exc):
        # Errors are JSON whatever the client accepts (the report itself is CSV).
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    @extend_schema(
        operation_id="deliveries_report",
        summary=gettext_lazy("报送批次的逐行错误报告"),
        description=gettext_lazy("CSV（UTF-8，带 BOM）：行号、列、错误信息。"),
        parameters=[ID_PATH, RETRY_AFTER],
        responses={
            (200, "text/csv"): OpenApiResponse({"type": "string"}, description=gettext_lazy("错误报告")),
            400: BAD_CHARACTERS,
            404: error(gettext_lazy("没有这个批次，或该批次没有错误报告")),
            **DELIVERY_ERRORS,
        },
        tags=["deliveries"],
    )
    def get(self, request, pk: str):
        batch = _own_batch(request, pk)
        path = report_path(batch)
        if path is None or not path.is_file():
            raise exceptions.NotFound(_("该批次没有错误报告。"))
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=f"delivery-{batch.pk}-report.csv",
            content_type="text/csv",
        )
        response["Cache-Control"] = "private, no-store"
        return response
