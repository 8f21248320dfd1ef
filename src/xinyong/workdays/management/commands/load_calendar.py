"""`xinyong load_calendar FILE --year YYYY --source "…" --reason "…" --user USERNAME`.

Enters a year's official working-day calendar from a CSV file (``date,kind,name``; kind 休 or 班, see
``xinyong.workdays.parsing``), through the same service as the back-office form: administrators
only, every line checked first, nothing written on any error, history entry appended.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xinyong.errors import DomainError
from xinyong.workdays.choices import DayKind
from xinyong.workdays.parsing import decode, split_lines
from xinyong.workdays.services import calendar_enter


class Command(BaseCommand):
    help = "Enter a year's official working-day calendar (holidays and 调休 working days) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8 or GB18030: date,kind,name (kind 休 or 班)")
        parser.add_argument("--year", type=int, required=True, help="the year the file is for")
        parser.add_argument("--source", required=True, help="the notice, e.g. 国办发明电〔2026〕X号")
        parser.add_argument("--reason", required=True, help="why it is entered (kept in the history)")
        parser.add_argument("--user", required=True, help="username of the administrator entering it")

    def handle(self, *args, file: str, year: int, source: str, reason: str, user: str, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(_("没有用户名为 %(user)s 的用户。") % {"user": user})
        try:
            days = split_lines(decode(data))
            calendar = calendar_enter(actor=actor, year=year, days=days, source_note=source, reason=reason)
        except ValidationError as exc:
            raise CommandError("\n".join([_("没有录入任何内容：") + file, *exc.messages])) from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        kinds = list(calendar.days.values_list("kind", flat=True))
        self.stdout.write(
            _("已录入%(year)d年工作日历：放假 %(off)d 天，调休上班 %(on)d 天。")
            % {"year": year, "off": kinds.count(DayKind.HOLIDAY), "on": kinds.count(DayKind.WORKDAY)}
        )
