"""R-REC-1: the gap between event and recording, late records, and the supervisor's figures."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinyong.records.models import CreditRecord
from xinyong.records.timeliness import late_records, records_per_month, timeliness_by_authority, with_gap
from xinyong.testing import factories as f


def at_day(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def dated(dc_staff, xc_staff, assoc):
    """Three dongcheng records recorded 0, 30 and 31 days after the event; one xicheng record 90 days."""
    today = timezone.localdate()
    event = today - timedelta(days=120)
    out = {}
    for gap in (0, 30, 31):
        out[gap] = f.record(
            actor=dc_staff,
            association_obj=assoc,
            data={"event_date": event},
            recorded_at=at_day(event + timedelta(days=gap), hour=23),
        )
    xc_assoc = f.association(actor=xc_staff)
    out["xicheng"] = f.record(
        actor=xc_staff,
        association_obj=xc_assoc,
        data={"event_date": event},
        recorded_at=at_day(event + timedelta(days=90)),
    )
    return out


def test_gap_is_whole_days_in_beijing_time(dated):
    gaps = dict(with_gap(CreditRecord.objects.all()).values_list("pk", "gap"))
    # Recorded at 23:00 Beijing time (15:00 UTC): still the same day in Beijing.
    assert gaps[dated[0].pk] == timedelta(0)
    assert gaps[dated[30].pk] == timedelta(days=30)
    assert gaps[dated["xicheng"].pk] == timedelta(days=90)


def test_late_means_more_than_the_timely_period(dated, settings):
    since = timezone.localdate() - timedelta(days=365)
    assert list(late_records(CreditRecord.objects.all(), since=since)) == [dated["xicheng"], dated[31]]
    settings.XINYONG_TIMELY_DAYS = 60
    assert list(late_records(CreditRecord.objects.all(), since=since)) == [dated["xicheng"]]


def test_timeliness_per_authority(dated, dongcheng, xicheng, city):
    since = timezone.localdate() - timedelta(days=365)
    by = {row.authority: row for row in timeliness_by_authority(since=since)}
    assert (by[dongcheng].recorded, by[dongcheng].late) == (3, 1)
    assert by[dongcheng].timely_share == pytest.approx(2 / 3)
    assert (by[xicheng].recorded, by[xicheng].late) == (1, 1)
    assert by[city].recorded == 0 and by[city].timely_share is None


def test_records_per_month_covers_every_month(dated):
    months = records_per_month(months=12)
    assert len(months) == 12
    assert months[-1].month == timezone.localdate().replace(day=1)
    assert sum(sum(m.counts.values()) for m in months) == 4
    assert sum(m.counts["dishonesty"] for m in months) == 4


def test_recorded_at_cannot_precede_the_event_or_lie_ahead(dc_staff, assoc):
    event = timezone.localdate() - timedelta(days=10)
    with pytest.raises(ValidationError, match="记录时间"):
        f.record(
            actor=dc_staff,
            association_obj=assoc,
            data={"event_date": event},
            recorded_at=at_day(event - timedelta(days=1)),
        )
    with pytest.raises(ValidationError, match="记录时间"):
        f.record(actor=dc_staff, association_obj=assoc, recorded_at=timezone.now() + timedelta(hours=1))


def test_supervisor_sees_timeliness_and_monthly_charts(client, supervisor, dated):
    client.force_login(supervisor)
    html = client.get("/office/oversight/").content.decode()
    assert "北京市东城区民政局" in html and "67%（2/3）" in html
    assert "北京市西城区民政局" in html and "0%（0/1）" in html
    assert html.count('<rect x="') >= 2 + 12 * 3  # two timeliness bars, 12 months × 3 categories
    assert "无记录" in html  # the municipal bureau recorded nothing


def test_staff_dashboard_lists_its_late_records(client, dc_staff, dated):
    client.force_login(dc_staff)
    html = client.get("/office/").content.decode()
    assert "记录不及时的信息" in html
    assert f"/office/records/{dated[31].pk}/" in html
    assert f"/office/records/{dated[30].pk}/" not in html  # 30 days is still timely
    assert f"/office/records/{dated['xicheng'].pk}/" not in html  # another authority's
