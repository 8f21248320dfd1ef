"""`xinyong propose_measures [--date YYYY-MM-DD]`: run the measure rules (R-MEA-2), for cron.

Stores a pending proposal for every new match; nothing is applied. Running it again on the same
data adds nothing.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.measures.services import propose_measures


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("日期“%(value)s”无效，应为 YYYY-MM-DD。") % {"value": value}) from None


class Command(BaseCommand):
    help = _("按措施规则生成激励惩戒措施建议（不会自动实施）。")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("按哪一天公示的信用信息生成建议，默认今天（YYYY-MM-DD）。"))

    def handle(self, *args, date: str | None = None, **options):
        day = _day(date) if date else timezone.localdate()
        created = propose_measures(on=day)
        self.stdout.write(_("%(day)s：新增措施建议 %(n)d 条。") % {"day": day.isoformat(), "n": len(created)})
        for proposal in created:
            self.stdout.write(f"  #{proposal.pk} {proposal.association.uscc} {proposal.kind.code}")
