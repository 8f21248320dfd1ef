"""`xinyong load_demo [--if-empty]`: build the demo world through the real services (see xinyong.demo)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.demo.loader import load_demo
from xinyong.demo.world import demo_usernames
from xinyong.history.models import HistoryEntry
from xinyong.objections.models import Objection
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.publication import published_records
from xinyong.registry.models import Association, Authority, Department


class Command(BaseCommand):
    help = _("载入演示数据：北京市民政局和16个区民政局、协会、各类信用信息、证明材料和演示账号。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help=_("数据库中已有协会时什么也不做（用于 make run）。")
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("在生产环境（XINYONG_DEBUG=0）中也载入演示数据，例如搭建培训或演示用的服务器。"),
        )

    def handle(self, *args, if_empty: bool = False, force: bool = False, **options):
        # Demo accounts share a published password: a production server must not get them by a
        # copied command line. A training server may, knowingly (and their password still opens
        # nothing there: accounts.passwords.refused_at_sign_in).
        if settings.XINYONG_PRODUCTION and not force:
            raise CommandError(
                _(
                    "当前为生产环境（XINYONG_DEBUG=0），不载入演示数据：演示账号的密码是公开的。"
                    "请用 xinyong create_administrator 创建系统管理员；"
                    "确需演示数据（如培训服务器）请加 --force。"
                )
            )
        # Demo content mixed into real data would be published as if it were true: refuse.
        if Association.objects.exists():
            if if_empty:
                self.stdout.write(_("数据库中已有协会数据，未载入演示数据。"))
                return
            raise CommandError(
                _("数据库中已有协会数据；演示数据只能载入空数据库（加 --if-empty 则在已有数据时跳过）。")
            )
        taken = sorted(User.objects.filter(username__in=demo_usernames()).values_list("username", flat=True))
        if taken:
            raise CommandError(
                _("以下用户名已存在，无法创建演示账号：%(names)s") % {"names": "、".join(taken)}
            )
        started = time.monotonic()
        load_demo()
        elapsed = time.monotonic() - started
        self._summary(elapsed)

    def _summary(self, elapsed: float) -> None:
        statuses = dict(CreditRecord.objects.values_list("status").annotate(n=Count("id")))
        lines = [
            _("演示数据已载入（%(s).1f 秒）：") % {"s": elapsed},
            _("  登记管理机关 %(n)d 个，相关部门 %(d)d 个，用户 %(u)d 个")
            % {"n": Authority.objects.count(), "d": Department.objects.count(), "u": User.objects.count()},
            _("  协会 %(n)d 个（已注销 %(gone)d 个）")
            % {
                "n": Association.objects.count(),
                "gone": Association.objects.exclude(status="active").count(),
            },
            _("  信用记录 %(n)d 条：已记录 %(rec)d，草稿 %(draft)d，已撤销 %(rev)d；今日公开 %(pub)d 条")
            % {
                "n": sum(statuses.values()),
                "rec": statuses.get("recorded", 0),
                "draft": statuses.get("draft", 0),
                "rev": statuses.get("revoked", 0),
                "pub": published_records(on=timezone.localdate()).count(),
            },
            _("  证明材料 %(e)d 份，异议 %(o)d 件，历史记录 %(h)d 条")
            % {
                "e": Evidence.objects.count(),
                "o": Objection.objects.count(),
                "h": HistoryEntry.objects.count(),
            },
            _("运行 xinyong demo_accounts 查看演示账号。"),
        ]
        self.stdout.write("\n".join(lines))
