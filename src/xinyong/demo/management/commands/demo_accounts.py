"""`xinyong demo_accounts`: the demo accounts, their shared password and where to log in."""

import os
import unicodedata

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinyong.demo.data import DEMO_PASSWORD
from xinyong.demo.world import demo_accounts


def width(text: str) -> int:
    """Columns a terminal uses for ``text``: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


class Command(BaseCommand):
    help = _("列出演示账号（用户名、密码、角色、所属机构）和访问地址。")

    def handle(self, *args, **options):
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        accounts = demo_accounts()
        if not accounts:
            self.stdout.write(_("尚未载入演示数据，没有演示账号。运行 xinyong load_demo 载入。"))
            self.stdout.write(_("访问地址：%(url)s") % {"url": url})
            return
        header = (_("用户名"), _("密码"), _("角色"), _("所属机构"))
        rows = [(a.username, DEMO_PASSWORD, a.role, a.organisation) for a in accounts]
        columns = [max(width(str(row[i])) for row in [header, *rows]) for i in range(4)]
        self.stdout.write(_("演示账号（仅供演示，密码公开，切勿用于生产环境）："))
        for row in [header, *rows]:
            self.stdout.write("  ".join(pad(str(cell), columns[i]) for i, cell in enumerate(row)).rstrip())
        self.stdout.write(_("访问地址：%(url)s") % {"url": url})
