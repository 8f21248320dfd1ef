"""POST /api/v1/deliveries and the batch it answers with (R-EXC-1, R-INF-10)."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from xinyong.api.services import api_key_issue
from xinyong.exchange.models import ImportBatch
from xinyong.records.models import CreditRecord
from xinyong.testing import factories as f

from .helpers import csv_bytes, json_bytes, row, xlsx_bytes

URL = "/api/v1/deliveries"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def client(deliver_key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {deliver_key[1]}")
    return api


def post_raw(
    client, content: bytes, content_type: str = "text/csv", kind: str = "purchased_service", **extra
):
    return client.generic("POST", f"{URL}?kind={kind}", content, content_type=content_type, **extra)


def test_a_csv_body_is_delivered(client, assoc):
    response = post_raw(
        client, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]), HTTP_X_FILE_NAME="评价.csv"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    batch = ImportBatch.objects.get()
    assert body["id"] == batch.pk and body["status"] == "applied" and body["duplicate"] is False
    assert (body["rows_total"], body["rows_created"], body["rows_present"], body["error_count"]) == (
        2,
        2,
        0,
        0,
    )
    assert body["report_url"] is None and body["url"].endswith(f"/api/v1/deliveries/{batch.pk}")
    assert body["file_name"] == "评价.csv" and len(body["sha256"]) == 64
    assert batch.submitted_via.startswith("接口密钥 xy_") and batch.department.name == "北京市财政局"
    assert CreditRecord.objects.filter(import_batch=batch).count() == 2


@pytest.mark.parametrize(
    ("content_type", "build"),
    [
        ("application/json", lambda u: json_bytes([row(u, 1)])),
        ("application/x-ndjson", lambda u: json_bytes([row(u, 1)], lines=True)),
        (XLSX, lambda u: xlsx_bytes([row(u, 1)])),
    ],
)
def test_other_body_types(client, assoc, content_type, build):
    response = post_raw(client, build(assoc.uscc), content_type)
    assert response.status_code == 201, response.json()


def test_resending_answers_with_the_same_batch(client, assoc):
    content = csv_bytes([row(assoc.uscc, 1)])
    first = post_raw(client, content).json()
    again = post_raw(client, content)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["duplicate"] is True
    assert CreditRecord.objects.count() == 1


def test_a_rejected_batch_points_to_its_report(client, assoc):
    response = post_raw(client, csv_bytes([row(assoc.uscc, 1), row("5111", 2)]))
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "rejected" and body["rows_rejected"] == 1
    assert body["errors"] == [
        {"row": 3, "column": "统一社会信用代码", "message": "统一社会信用代码应为18位，实际为4位。"}
    ]
    report = client.get(body["report_url"])
    assert report.status_code == 200 and report["Content-Type"] == "text/csv"
    content = b"".join(report.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["行号", "列", "错误信息"],
        ["3", "统一社会信用代码", "统一社会信用代码应为18位，实际为4位。"],
    ]
    assert client.get(body["report_url"], HTTP_ACCEPT="text/csv").status_code == 200
    assert not CreditRecord.objects.exists()
    detail = client.get(body["url"])
    assert detail.status_code == 200 and detail.json()["status"] == "rejected"


def test_multipart_with_evidence_documents(client, assoc):
    upload = io.BytesIO(csv_bytes([row(assoc.uscc, 1)]))
    upload.name = "评价.csv"
    pdf = io.BytesIO(f.MINIMAL_PDF)
    pdf.name = "评价报告.pdf"
    response = client.post(
        URL, {"file": upload, "evidence": [pdf], "kind": "purchased_service", "reason": "季度报送"}
    )
    assert response.status_code == 201, response.json()
    evidence = CreditRecord.objects.get().evidence.get()
    assert (evidence.original_name, evidence.content_type) == ("评价报告.pdf", "application/pdf")
    assert ImportBatch.objects.get().reason == "季度报送"


def test_multipart_without_a_file(client):
    response = client.post(URL, {"kind": "purchased_service"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_a_key_without_the_deliver_permission_cannot_deliver(query_key, assoc):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {query_key[1]}")
    response = post_raw(api, csv_bytes([row(assoc.uscc, 1)]))
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "该接口密钥没有报送数据的权限。请向系统管理员申请具有“报送”权限的密钥。"
    )
    assert not ImportBatch.objects.exists()


def test_without_a_key_or_with_a_revoked_one(assoc, admin_user, deliver_key):
    assert post_raw(APIClient(), csv_bytes([row(assoc.uscc, 1)])).status_code == 401
    from xinyong.api.services import api_key_revoke

    api_key_revoke(actor=admin_user, api_key=deliver_key[0], reason="泄露")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {deliver_key[1]}")
    assert post_raw(api, csv_bytes([row(assoc.uscc, 1)])).status_code == 401
    assert not ImportBatch.objects.exists()


def test_a_kind_departments_do_not_deliver(client, assoc):
    response = post_raw(client, csv_bytes([row(assoc.uscc, 1)]), kind="honour")
    assert response.status_code == 403
    assert post_raw(client, csv_bytes([row(assoc.uscc, 1)]), kind="nonsense").status_code == 400


def test_unsupported_media_type_and_oversize(client, assoc, settings):
    assert post_raw(client, b"<xml/>", "application/xml").status_code == 415
    settings.XINYONG_IMPORT_MAX_BYTES = 100
    response = post_raw(client, csv_bytes([row(assoc.uscc, n) for n in range(10)]))
    assert response.status_code == 413 and "文件超过大小上限" in response.json()["detail"]


def test_only_the_departments_own_batches(client, assoc, admin_user, other_department):
    own = post_raw(client, csv_bytes([row(assoc.uscc, 1)])).json()
    other = APIClient()
    key = api_key_issue(
        actor=admin_user, department=other_department, label="x", can_query=False, can_deliver=True
    )
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {key.plaintext}")
    assert other.get(own["url"]).status_code == 404
    assert other.get(own["url"] + "/report").status_code == 404
    assert client.get(own["url"] + "/report").status_code == 404  # applied: no report
    assert client.get(f"{URL}/9223372036854775808").status_code == 404
