"""NUL (and lone surrogates) sent in a URL, a query parameter, a form field, a header, a cookie
or a JSON value (issue 13, finding 6): refused with 400 and a sentence saying where, on both
engines, never a 500 because PostgreSQL cannot hold NUL in text.

One rule at the door (``RefuseBadCharactersMiddleware``) for the pages and the API's URLs and
headers; the API's parsers for its bodies. The pages name the place; the API adds
``code: invalid_characters``.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from xinyong.api.models import QueryLog
from xinyong.api.services import api_key_issue
from xinyong.exchange.models import ImportBatch
from xinyong.reports.models import IssuedReport
from xinyong.reports.services import report_issue
from xinyong.testing import factories as f

NUL_WORDS = "含有空字符（U+0000），无法处理：请删除后重新提交。"


@pytest.fixture
def issued(assoc):
    return report_issue(actor=None, association=assoc, version="public").report


def test_a_nul_in_a_report_number_is_400_not_500(client, issued):
    """The issue's case: /reports/verify/XY%00/?code=abc was a 500 on PostgreSQL."""
    response = client.get("/reports/verify/XY%00/", {"code": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"网址{NUL_WORDS}" in page
    assert "\x00" not in page  # the refused address is not echoed back
    assert IssuedReport.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "params", "where"),
    [
        ("/reports/verify/{number}/", {"code": "A\x00B"}, "查询参数“code”"),
        ("/reports/verify/", {"number": "XY\x00", "code": "x"}, "查询参数“number”"),
        ("/search", {"q": "协会\x00"}, "查询参数“q”"),
        ("/search", {"q": "协会", "page": "2\x00"}, "查询参数“page”"),
        ("/search", {"q\x00": "协会"}, "查询参数“q\\u0000”"),
        ("/org/{uscc}%00", {}, "网址"),
        ("/reports/org/{uscc}%00/public/", {}, "网址"),
        ("/open-data/records%00.csv", {}, "网址"),
    ],
)
def test_public_pages_refuse_a_nul_anywhere_in_the_address(client, issued, assoc, url, params, where):
    url = url.format(number=issued.number, uscc=assoc.uscc)
    response = client.get(url, params)
    assert response.status_code == 400
    assert f"{where}{NUL_WORDS}" in response.content.decode()


def test_a_nul_in_a_header_or_cookie_is_400(client, assoc):
    response = client.get("/search", {"q": "协会"}, HTTP_REFERER="https://x.example/\x00")
    assert response.status_code == 400 and f"请求头 Referer {NUL_WORDS}" in response.content.decode()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"  # looked up in the session table
    response = client.get("/office/")
    assert response.status_code == 400 and f"Cookie “sessionid”{NUL_WORDS}" in response.content.decode()


def test_a_nul_in_a_form_field_is_400_with_the_place(client, dc_staff, assoc):
    client.force_login(dc_staff)
    csv = SimpleUploadedFile("records.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client.post(
        "/office/imports/", {"file": csv, "kind": "purchased_service", "reason": "迁移\x00"}
    )
    assert response.status_code == 400
    assert f"表单字段“reason”{NUL_WORDS}" in response.content.decode()
    assert not ImportBatch.objects.exists()
    record = f.record(actor=dc_staff, association_obj=assoc, kind="dishonesty")
    response = client.post(
        f"/office/records/{record.pk}/revoke/", {"reason": "撤销\x00", "version": record.version}
    )
    assert response.status_code == 400 and "表单字段“reason”" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "recorded"


# --- the API ---------------------------------------------------------------------------------


@pytest.fixture
def keys(admin_user, db):
    department = f.department("北京市财政局")
    issued = api_key_issue(
        actor=admin_user, department=department, label="程序", can_query=True, can_deliver=True
    )
    return issued.plaintext


def api_client(key=None):
    api = APIClient()
    if key:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def refused(response, where: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": f"{where}{NUL_WORDS}", "code": "invalid_characters"}


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [
        ("/api/v1/associations", {"q": "协会\x00"}, "查询参数“q”"),
        ("/api/v1/associations/%00", {}, "网址"),
        ("/api/v1/feed", {"after": "1\x00"}, "查询参数“after”"),
        ("/api/v1/deliveries/1%00", {}, "网址"),
    ],
)
def test_api_addresses_with_a_nul_are_400_with_a_code(keys, path, params, where):
    refused(api_client(keys).get(path, params), where)


def test_a_department_query_with_a_nul_is_refused_and_still_logged(keys):
    response = api_client(keys).get(
        "/api/v1/shared/associations", {"q": "协会\x00", "purpose": "依法查询事由"}
    )
    refused(response, "查询参数“q”")
    entry = QueryLog.objects.get()
    assert entry.status_code == 400 and "\x00" not in entry.path and entry.purpose == "依法查询事由"


def test_a_delivery_with_a_nul_in_its_file_name_header_is_400_not_500(keys, assoc):
    """X-File-Name was stored as the batch's file name: a 500 on PostgreSQL."""
    response = api_client(keys).generic(
        "POST",
        "/api/v1/deliveries?kind=purchased_service",
        b"a,b\n1,2\n",
        content_type="text/csv",
        HTTP_X_FILE_NAME="评价\x00.csv",
    )
    refused(response, "请求头 X-File-Name ")
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("fields", "where"),
    [({"reason": "报送\x00"}, "表单字段“reason”"), ({"kind": "purchased_service\x00"}, "表单字段“kind”")],
)
def test_a_multipart_delivery_with_a_nul_in_a_field_is_400(keys, fields, where):
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "d.csv"
    response = api_client(keys).post("/api/v1/deliveries", {"file": upload, **fields}, format="multipart")
    refused(response, where)
    assert not ImportBatch.objects.exists()
