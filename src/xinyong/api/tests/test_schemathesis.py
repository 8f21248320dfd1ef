"""The API against its own OpenAPI schema (issue 5): schemathesis generates valid and invalid
requests for every public and department operation and runs its default checks on each answer —
no server error, status codes, content types, headers and bodies as the schema documents them,
invalid input refused, valid input accepted, authentication not ignored.

The schema is loaded from the running app (``/api/schema/``), so what is checked is what is
served. About half of the requests carry NUL or a lone surrogate in one of their strings
(``xinyong.testing.fuzz``, issue 13): those must be refused with a 4xx and a message, on
PostgreSQL as on SQLite, never a 500.

统一社会信用代码 have a check character no JSON Schema can state, so the schema names their
format (``uscc``) and the test tells schemathesis how to make valid ones: a few belong to
associations in the database, the rest are valid codes nobody holds.
"""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from xinyong.registry.choices import RegistrationType
from xinyong.registry.uscc import make_uscc
from xinyong.testing import factories as f
from xinyong.testing.fuzz import add_hostile_characters, hostile
from xinyong.wsgi import application

from .. import keys
from ..models import ApiKey

KNOWN = [
    make_uscc(registration_type=RegistrationType.SOCIAL_GROUP, division="110101", org_body=f"9100000{n}")
    for n in range(3)
]
VALID_CODES = st.one_of(
    st.sampled_from(KNOWN),
    st.builds(
        lambda kind, body: make_uscc(registration_type=kind, division="110000", org_body=f"{body:08d}"),
        st.sampled_from(RegistrationType.values),
        st.integers(min_value=0, max_value=99_999_999),
    ),
)
schemathesis.openapi.format("uscc", VALID_CODES)


@pytest.fixture
def world(dc_staff, settings):
    """Three associations with published records; limits off, so every call reaches the view.

    The calls go to the real WSGI application, which closes the database connection at the start
    and end of each request; inside the test's transaction that would end the test's data
    (PostgreSQL), so that is switched off for the test, as Django's own test client does."""
    settings.XINYONG_PUBLIC_RATE_LIMITS = {}
    settings.XINYONG_API_KEY_RATE = None
    settings.XINYONG_API_KEY_FAILURE_LIMIT = "off"
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        for n, code in enumerate(KNOWN):
            association = f.association(actor=dc_staff, uscc=code, name=f"北京市接口测试协会{n}")
            for kind in ("dishonesty", "honour", "annual_inspection"):
                f.record(actor=dc_staff, association_obj=association, kind=kind)
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


# A fixed key, so schemathesis can be told it once (below); the fixture stores its hash.
TEST_KEY = "xy_c0ffee00_" + "k" * 43


@pytest.fixture
def department_key(admin_user, world):
    ApiKey.objects.create(
        department=f.department("北京市审计局"),
        label="契约测试",
        prefix=keys.split(TEST_KEY),
        secret_hash=keys.hash_key(TEST_KEY),
        can_query=True,
        created_by=admin_user,
    )


# Loaded once, at collection, from the app itself: building the schema reads no data.
# (schemathesis.pytest.from_fixture would load it per test, but 4.32 fails under pytest 9 with
# "'Function' object has no attribute '_nodeid'".)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    path_regex=r"^/api/v1/(associations|shared/)"
)
add_hostile_characters(schema)


@schema.auth(refresh_interval=None).apply_to(path_regex=r"^/api/v1/shared/")
class DepartmentKey:
    """The department key for the shared operations, so schemathesis knows the calls are
    authenticated (and checks that they are refused without it)."""

    def get(self, case, ctx):
        return TEST_KEY

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case, world, department_key):
    # A request given NUL or a surrogate no longer matches the schema: it must be refused.
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if hostile(case) else [])


def test_the_schema_covers_every_operation_and_error(api, db):
    doc = json.loads(api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    operations = {(path, method) for path, item in doc["paths"].items() for method in item}
    mine = {op for op in operations if op[0].startswith(("/api/v1/associations", "/api/v1/shared/"))}
    assert mine == {
        ("/api/v1/associations", "get"),
        ("/api/v1/associations/{uscc}", "get"),
        ("/api/v1/shared/associations", "get"),
        ("/api/v1/shared/associations/{uscc}", "get"),
        ("/api/v1/shared/profiles", "get"),
        ("/api/v1/shared/measures", "get"),
    }
    for path, method in mine:
        responses = doc["paths"][path][method]["responses"]
        assert {"200", "400", "429"} <= set(responses), path
        for status, response in responses.items():
            assert response["content"]["application/json"]["schema"], (path, status)
        if path.startswith("/api/v1/shared/"):
            assert {"401", "403"} <= set(responses)
            assert doc["paths"][path][method]["security"] == [{"departmentKey": []}]
            assert any(
                p["name"] == "purpose" and p["required"] for p in doc["paths"][path][method]["parameters"]
            )
    assert doc["components"]["securitySchemes"]["departmentKey"]["scheme"] == "bearer"


def test_the_whole_schema_is_valid_openapi_without_warnings(tmp_path):
    """drf-spectacular validates the document against the OpenAPI 3.0 specification and fails on
    any warning (e.g. a response it had to guess), for every app's endpoints under /api/v1/."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/shared/profiles" in (tmp_path / "schema.yaml").read_text()
