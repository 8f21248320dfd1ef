"""The extension points core pages offer to the apps built on them (xinyong.extensions)."""

import pytest
from django.test import RequestFactory

from xinyong import extensions


def test_an_unknown_page_is_refused_when_registering():
    with pytest.raises(LookupError, match="no extensible page"):
        extensions.contributes("records.no_such_page")


def test_a_page_shows_its_declared_defaults_under_what_apps_contribute(monkeypatch):
    monkeypatch.setattr(extensions, "_contributors", {"records.oversight": []})
    request = RequestFactory().get("/")
    assert extensions.page_context("records.oversight", request) == {"objections": ()}

    @extensions.contributes("records.oversight")
    def more(request):
        return {"objections": ["a"], "extra": 1}

    assert extensions.page_context("records.oversight", request) == {"objections": ["a"], "extra": 1}


def test_the_objections_app_registers_its_panels_and_its_correction_source():
    from xinyong.objections import extensions as objection_extensions

    assert objection_extensions.dashboard in extensions._contributors["records.dashboard"]
    assert objection_extensions.association_detail in extensions._contributors["registry.association_detail"]
    assert objection_extensions.objection_correction in extensions._correction_sources


def test_a_plain_change_has_no_correction():
    assert extensions.correction_for(RequestFactory().get("/office/records/1/modify/"), 1) is None
