"""The supervising bureau's view across authorities (R-ACT-5, R-REC-1): timeliness and volume.

Charts are plain SVG built here from the figures (no script, nothing inline the content security
policy would block); the same figures are also shown as tables for screen readers and printing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view
from xinyong.extensions import page_context
from xinyong.records.choices import Category
from xinyong.records.timeliness import records_per_month, timeliness_by_authority, timely_days

BAR_WIDTH = 320  # px for 100 %
ROW_HEIGHT = 22
LABEL_WIDTH = 170
CHART_HEIGHT = 160
PUBLIC_CATEGORIES = [c for c in Category if c != Category.BASIC]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@office_view
def oversight(request):
    if not request.user.reads_everything:
        raise PermissionDenied(_("此页面仅供北京市民政局（监督）和系统管理员查看。"))
    since = timezone.localdate() - timedelta(days=365)
    authorities = timeliness_by_authority(since=since)
    months = records_per_month(months=12)
    return render(
        request,
        "records/oversight.html",
        {
            "since": since,
            "timely_days": timely_days(),
            "authorities": authorities,
            "timeliness_bars": _timeliness_bars(authorities),
            "timeliness_height": ROW_HEIGHT * len(authorities) + 10,
            "label_width": LABEL_WIDTH,
            "month_rows": [(m.month, [m.counts[c] for c in PUBLIC_CATEGORIES]) for m in months],
            "month_labels": [(40 + i * 48, f"{m.month:%y-%m}") for i, m in enumerate(months)],
            "categories": [(c.value, c.label) for c in PUBLIC_CATEGORIES],
            "month_bars": _month_bars(months),
            "chart_height": CHART_HEIGHT + 30,
            "chart_width": 40 + 48 * len(months),
            **page_context("records.oversight", request),
        },
    )


def _timeliness_bars(authorities) -> list[tuple[object, Bar | None, str]]:
    rows = []
    for n, row in enumerate(authorities):
        share = row.timely_share
        bar = None
        if share is not None:
            css = "good" if share >= 0.9 else "fair" if share >= 0.7 else "poor"
            bar = Bar(LABEL_WIDTH, n * ROW_HEIGHT + 4, round(BAR_WIDTH * share, 1), ROW_HEIGHT - 8, css, "")
        text = (
            _("无记录")
            if share is None
            else _("%(share)s（%(timely)d/%(total)d）")
            % {"share": f"{share:.0%}", "timely": row.recorded - row.late, "total": row.recorded}
        )
        rows.append((row.authority.name, bar, text, n * ROW_HEIGHT + ROW_HEIGHT - 7))
    return rows


def _month_bars(months) -> list[Bar]:
    top = max([max(m.counts.values(), default=0) for m in months] + [1])
    bars = []
    for i, month in enumerate(months):
        for j, category in enumerate(PUBLIC_CATEGORIES):
            height = round(CHART_HEIGHT * month.counts[category] / top, 1)
            x = 40 + i * 48 + j * 14
            bars.append(Bar(x, CHART_HEIGHT - height + 4, 12, height, category, f"{month.month:%Y-%m}"))
    return bars
