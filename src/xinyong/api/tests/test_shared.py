"""Department query API (部门共享, R-QRY-2): purpose required, every query logged, only what is
published is shared (R-SEC-1)."""

from urllib.parse import quote

import pytest
from django.db import IntegrityError, InternalError, transaction

from xinyong.testing import factories as f

from ..models import QueryLog
from .conftest import PURPOSE
from .test_public import hidden_records  # noqa: F401  (fixture)

SEARCH = "/api/v1/shared/associations"
BATCH = "/api/v1/shared/profiles"


def profile_path(uscc: str) -> str:
    return f"/api/v1/shared/associations/{uscc}"


def test_profile_is_the_public_profile_and_is_logged(dept_api, api, query_key, assoc, dishonesty):
    response = dept_api.get(profile_path(assoc.uscc), {"purpose": PURPOSE})
    assert response.status_code == 200
    shared = response.json()
    public = api.get(f"/api/v1/associations/{assoc.uscc}").json()
    shared.pop("data_as_of"), public.pop("data_as_of")
    assert shared == public

    entry = QueryLog.objects.get()
    assert entry.api_key == query_key[0]
    assert entry.department == query_key[0].department
    assert entry.purpose == PURPOSE
    assert entry.method == "GET"
    assert entry.path.startswith(profile_path(assoc.uscc) + "?purpose=")
    assert entry.status_code == 200
    assert entry.result_count == 1
    assert entry.returned == {"associations": [assoc.uscc], "records": [dishonesty.pk]}
    assert entry.client_ip == "127.0.0.1"


def test_confidential_content_is_never_shared(dept_api, assoc, hidden_records):  # noqa: F811
    for response in (
        dept_api.get(profile_path(assoc.uscc), {"purpose": PURPOSE}),
        dept_api.get(BATCH, {"uscc": assoc.uscc, "purpose": PURPOSE}),
        dept_api.get(SEARCH, {"q": "餐饮", "purpose": PURPOSE}),
    ):
        assert response.status_code == 200
        text = response.content.decode()
        for secret in hidden_records:
            assert secret not in text
    logged = [e.returned["records"] for e in QueryLog.objects.order_by("id")]
    assert logged[0] == logged[1] and len(logged[0]) == 1  # only the one published record


@pytest.mark.parametrize(
    ("purpose", "code"),
    [
        (None, "purpose_required"),
        ("", "purpose_required"),
        ("   查询  ", "purpose_required"),
        ("依法\n查询事由", "purpose_invalid"),
        ("查" * 201, "purpose_too_long"),
    ],
)
def test_a_purpose_is_required_and_the_refusal_is_logged(dept_api, assoc, purpose, code):
    params = {"q": "餐饮"} if purpose is None else {"q": "餐饮", "purpose": purpose}
    response = dept_api.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    if code == "purpose_required":
        assert "请说明查询目的" in response.json()["detail"]
    entry = QueryLog.objects.get()
    assert entry.status_code == 400
    assert entry.result_count == 0 and entry.returned == {"associations": [], "records": []}
    assert "\n" not in entry.purpose and len(entry.purpose) <= 200


def test_purpose_in_a_header_raw_or_percent_encoded(dept_api, assoc):
    raw = PURPOSE.encode().decode("latin-1")  # what a WSGI server hands over for UTF-8 bytes
    for header in (raw, quote(PURPOSE)):
        response = dept_api.get(SEARCH, {"q": "餐饮"}, HTTP_X_PURPOSE=header)
        assert response.status_code == 200
    assert list(QueryLog.objects.values_list("purpose", flat=True)) == [PURPOSE, PURPOSE]


def test_search_walks_all_matches_by_cursor_and_logs_each_page(dept_api, dc_staff):
    made = [f.association(actor=dc_staff, name=f"北京市游标测试协会{n:03d}") for n in range(120)]
    seen: list[str] = []
    url, params = SEARCH, {"q": "游标测试", "purpose": PURPOSE}
    while url:
        body = dept_api.get(url, params).json()
        assert set(body) == {"next", "previous", "results"}
        seen += [r["uscc"] for r in body["results"]]
        if len(seen) == 50:  # a newcomer while walking: it comes last, nothing repeats or is lost
            made.append(f.association(actor=dc_staff, name="北京市游标测试协会新来的"))
        url, params = body["next"], None
    assert seen == [a.uscc for a in made]
    pages = list(QueryLog.objects.order_by("id"))
    assert [p.result_count for p in pages] == [50, 50, 21]
    assert [code for p in pages for code in p.returned["associations"]] == seen
    assert all(p.purpose == PURPOSE for p in pages)  # the cursor link keeps the purpose


def test_search_needs_a_usable_query(dept_api, assoc):
    response = dept_api.get(SEARCH, {"q": "餐", "purpose": PURPOSE})
    assert response.status_code == 400 and response.json()["code"] == "query_too_short"
    assert QueryLog.objects.get().status_code == 400


def test_batch_returns_found_profiles_and_lists_the_rest(dept_api, dc_staff, assoc, dishonesty):
    other = f.association(actor=dc_staff, name="北京市批量测试协会")
    unknown = f.uscc()
    codes = f"{other.uscc},{assoc.uscc.lower()},{unknown},{assoc.uscc}"
    response = dept_api.get(BATCH, {"uscc": codes, "purpose": PURPOSE})
    assert response.status_code == 200
    body = response.json()
    assert [p["uscc"] for p in body["results"]] == [other.uscc, assoc.uscc]
    assert body["not_found"] == [unknown]
    entry = QueryLog.objects.get()
    assert entry.returned == {"associations": [other.uscc, assoc.uscc], "records": [dishonesty.pk]}
    assert entry.result_count == 2


def test_batch_repeated_parameters_work_too(dept_api, assoc):
    response = dept_api.get(f"{BATCH}?uscc={assoc.uscc}&uscc={f.uscc()}&purpose={quote(PURPOSE)}")
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def test_batch_names_the_wrong_code(dept_api, assoc):
    response = dept_api.get(BATCH, {"uscc": f"{assoc.uscc},51110000MJ0000000X", "purpose": PURPOSE})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("第2个代码“51110000MJ0000000X”有误：统一社会信用代码第17位")
    assert QueryLog.objects.get().status_code == 400


def test_batch_is_at_most_a_hundred(dept_api, db):
    codes = ",".join(f.uscc() for _ in range(101))
    response = dept_api.get(BATCH, {"uscc": codes, "purpose": PURPOSE})
    assert response.status_code == 400 and response.json()["code"] == "too_many"
    codes = ",".join(f.uscc() for _ in range(100))
    response = dept_api.get(BATCH, {"uscc": codes, "purpose": PURPOSE})
    assert response.status_code == 200 and len(response.json()["not_found"]) == 100


def test_unknown_and_invalid_codes_are_logged(dept_api, db):
    assert dept_api.get(profile_path(f.uscc()), {"purpose": PURPOSE}).status_code == 404
    assert dept_api.get(profile_path("123"), {"purpose": PURPOSE}).status_code == 400
    assert list(QueryLog.objects.order_by("id").values_list("status_code", flat=True)) == [404, 400]


def test_a_server_error_is_logged_too(dept_api, assoc, monkeypatch):
    from .. import shared_views

    def broken(association):
        raise RuntimeError("boom")

    monkeypatch.setattr(shared_views, "association_profile", broken)
    dept_api.raise_request_exception = False
    response = dept_api.get(profile_path(assoc.uscc), {"purpose": PURPOSE})
    assert response.status_code == 500
    entry = QueryLog.objects.get()
    assert entry.status_code == 500 and entry.returned == {"associations": [], "records": []}


def test_other_methods_are_refused_and_logged(dept_api, assoc):
    response = dept_api.delete(profile_path(assoc.uscc) + "?purpose=" + quote(PURPOSE))
    assert response.status_code == 405
    assert QueryLog.objects.get().status_code == 405


def test_control_characters_in_the_request_do_not_break_the_log(dept_api, db):
    response = dept_api.get(SEARCH, {"q": "\x00\x00", "purpose": "依法\x00查询事由"})
    assert response.status_code == 400
    entry = QueryLog.objects.get()
    assert entry.purpose == "依法查询事由"
    assert "\x00" not in entry.path


def test_the_log_cannot_be_changed_or_deleted(dept_api, assoc):
    dept_api.get(profile_path(assoc.uscc), {"purpose": PURPOSE})
    entry = QueryLog.objects.get()
    for change in (
        lambda: QueryLog.objects.filter(pk=entry.pk).update(purpose="改过的目的"),
        lambda: QueryLog.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            change()
    assert QueryLog.objects.get().purpose == PURPOSE


def test_the_log_keeps_the_first_codes_of_a_large_answer_and_the_count(query_key):
    from ..services import query_log_record

    codes = [f"C{n:017d}" for n in range(250)]
    entry = query_log_record(
        api_key=query_key[0],
        purpose=PURPOSE,
        method="GET",
        path=SEARCH,
        status_code=200,
        client_ip="127.0.0.1",
        associations=codes,
        records=list(range(300)),
    )
    entry.refresh_from_db()
    assert entry.result_count == 250
    assert entry.returned["associations"] == codes[: QueryLog.RETURNED_MAX]
    assert entry.returned["records"] == list(range(QueryLog.RETURNED_MAX))
    assert entry.returned["truncated"] is True and entry.returned["record_count"] == 300
