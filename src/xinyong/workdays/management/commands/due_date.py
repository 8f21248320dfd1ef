"""`xinyong due_date YYYY-MM-DD [--days N] [--json]`: the due date of an objection received that day.

Script-friendly: the first line is the ISO due date alone; the second says it in words; a third
line, only when the date is provisional, names the years without an official calendar. ``--json``
prints one JSON object instead. A bad date or day count exits with status 2.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinyong.workdays.selectors import due_date
from xinyong.workdays.workcalendar import OBJECTION_WORKING_DAYS

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Print the due date of an objection received on a date (15 working days, R-OBJ-3)."

    def add_arguments(self, parser):
        parser.add_argument("received", help="the day the objection was received, YYYY-MM-DD")
        parser.add_argument(
            "--days",
            default=str(OBJECTION_WORKING_DAYS),
            help=f"working days to count (default {OBJECTION_WORKING_DAYS})",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")

    def handle(self, *args, received: str, days: str, as_json: bool = False, **options):
        try:
            day = date.fromisoformat(received.strip())
        except ValueError:
            raise CommandError(
                _("日期“%(text)s”无效：请写成 YYYY-MM-DD，例如 2026-09-18。") % {"text": received},
                returncode=BAD_INPUT,
            ) from None
        if not days.strip().isdigit() or not 1 <= int(days) <= 1000:
            raise CommandError(
                _("工作日数“%(text)s”无效：应为 1 到 1000 之间的整数。") % {"text": days},
                returncode=BAD_INPUT,
            )
        count = int(days)
        due = due_date(day, count)
        if as_json:
            self.stdout.write(_json(day, count, due))
            return
        self.stdout.write(due.on.isoformat())
        self.stdout.write(
            _("%(received)s（%(rweekday)s）收到，第%(n)d个工作日为到期日：%(due)s（%(weekday)s）")
            % {
                "received": day.isoformat(),
                "rweekday": date_format(day, "l"),
                "n": count,
                "due": due.on.isoformat(),
                "weekday": date_format(due.on, "l"),
            }
        )
        if due.provisional:
            years = pgettext("list separator", "、").join(str(y) for y in due.years_without_calendar)
            self.stdout.write(
                _("暂定：%(years)s年还没有官方工作日历，暂按周一至周五计算；录入该年日历后会重新计算。")
                % {"years": years}
            )


def _json(day: date, count: int, due) -> str:
    return json.dumps(
        {
            "received": day.isoformat(),
            "working_days": count,
            "due": due.on.isoformat(),
            "provisional": due.provisional,
            "years_without_calendar": list(due.years_without_calendar),
        },
        ensure_ascii=False,
    )
