"""The demo shows measures in every state, a department's measure and pending proposals."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from xinyong.demo.data import SHOWCASE
from xinyong.measures import integrity
from xinyong.measures.choices import MeasureState, ProposalStatus
from xinyong.measures.models import Measure, MeasureProposal
from xinyong.measures.selectors import measures_on


@pytest.mark.django_db
def test_the_demo_has_measures_and_pending_proposals(tmp_path):
    with override_settings(EVIDENCE_ROOT=tmp_path):
        call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    states = {m.state_on(today) for m in Measure.objects.all()}
    assert {MeasureState.IN_FORCE, MeasureState.LIFTED} <= states
    haidian = Measure.objects.get(association__name=SHOWCASE["assoc_haidian"])
    assert haidian.kind.code == "priority-purchase" and haidian in measures_on(haidian.association, on=today)
    assert Measure.objects.filter(
        applied_by_department__name="北京市财政局", kind__code="restrict-funding"
    ).exists()
    assert MeasureProposal.objects.filter(status=ProposalStatus.PENDING).exists()
    assert list(integrity.problems()) == []
