"""Back-office pages for the working-day calendar: the years and their sources, one year's days,
and the form administrators enter a year with (R-OBJ-3)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view, submit

from . import selectors
from .choices import DayKind
from .forms import CalendarForm
from .permissions import can_enter_calendar
from .services import LATEST_YEAR, calendar_enter
from .workcalendar import package_version


@office_view
def calendar_list(request):
    today = timezone.localdate()
    overview = selectors.calendar_overview(today=today)
    return render(
        request,
        "workdays/calendar_list.html",
        {
            "overview": overview,
            "package_version": package_version(),
            "can_enter": can_enter_calendar(request.user),
        },
    )


@office_view
def calendar_year(request, year: int):
    if not 1 <= year <= LATEST_YEAR:
        raise Http404
    calendar = selectors.current_calendar()
    return render(
        request,
        "workdays/calendar_year.html",
        {
            "year": year,
            "source": calendar.source(year),
            "entered": selectors.entered_year(year),
            "days": selectors.special_days(year),
            "holiday": DayKind.HOLIDAY,
            "can_enter": can_enter_calendar(request.user),
        },
    )


@office_view
def calendar_enter_view(request):
    if not can_enter_calendar(request.user):
        raise PermissionDenied(_("只有系统管理员可以录入工作日历。"))
    if request.method == "POST":
        form = CalendarForm(request.POST, request.FILES)
    else:
        form = CalendarForm(initial={"year": _suggested_year(request.GET.get("year"))})
    status = 200
    if request.method == "POST" and form.is_valid():
        entered, status = submit(
            form,
            calendar_enter,
            field_map={"days": "lines"},
            actor=request.user,
            year=form.cleaned_data["year"],
            days=form.days(),
            source_note=form.cleaned_data["source_note"],
            reason=form.cleaned_data["reason"],
        )
        if entered is not None:
            counts = entered.days.values_list("kind", flat=True)
            messages.success(
                request,
                _("已录入%(year)d年工作日历：放假 %(off)d 天，调休上班 %(on)d 天。以后的期限按该日历计算。")
                % {
                    "year": entered.year,
                    "off": sum(1 for k in counts if k == DayKind.HOLIDAY),
                    "on": sum(1 for k in counts if k == DayKind.WORKDAY),
                },
            )
            return redirect("workdays:year", year=entered.year)
    return render(request, "workdays/calendar_form.html", {"form": form}, status=status)


def _suggested_year(asked: str | None) -> int:
    if asked and asked.isdigit():
        return int(asked)
    overview = selectors.calendar_overview(today=timezone.localdate())
    return overview.first_provisional_year or timezone.localdate().year + 1
