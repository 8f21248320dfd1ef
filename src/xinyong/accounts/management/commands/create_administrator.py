"""`xinyong create_administrator`: the first system administrator of a new deployment (issue 14).

Interactive by default: asks for the username, name, e-mail and the password twice (checked by
the same rules as every password). For automation, ``--no-input`` takes them from the
arguments or from XINYONG_ADMIN_USERNAME, XINYONG_ADMIN_EMAIL, XINYONG_ADMIN_NAME and
XINYONG_ADMIN_PASSWORD; without a password the account gets a one-time activation link, which is
mailed and printed. Refused when an active administrator exists, unless ``--another`` (for a
deployment whose administrators can no longer sign in); either way the creation is recorded in
the history chain as done by the system.
"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xinyong.accounts import links
from xinyong.accounts.services import administrator_create_another, administrator_create_first
from xinyong.errors import DomainError


class Command(BaseCommand):
    help = _("创建系统管理员账号（新部署的第一个账号）。")

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("XINYONG_ADMIN_USERNAME", ""))
        parser.add_argument("--email", default=os.environ.get("XINYONG_ADMIN_EMAIL", ""))
        parser.add_argument("--name", default=os.environ.get("XINYONG_ADMIN_NAME", ""), help=_("姓名"))
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_(
                "不提问：从参数或 XINYONG_ADMIN_* 环境变量读取；没有 XINYONG_ADMIN_PASSWORD 时生成激活链接。"
            ),
        )
        parser.add_argument(
            "--another",
            action="store_true",
            help=_("已有系统管理员时再创建一个（例如原管理员无法登录时）。"),
        )

    def handle(self, *args, username: str, email: str, name: str, interactive: bool, another: bool, **opts):
        password = os.environ.get("XINYONG_ADMIN_PASSWORD") or None
        if interactive:
            username = username or input(_("用户名：")).strip()
            name = name or input(_("姓名（可不填）：")).strip()
            email = email or input(_("电子邮箱：")).strip()
            password = self._ask_password()
        if not username or not email:
            raise CommandError(_("需要用户名和电子邮箱（--username、--email 或 XINYONG_ADMIN_* 环境变量）。"))
        create = administrator_create_another if another else administrator_create_first
        try:
            user = create(username=username, full_name=name, email=email, password=password)
        except DomainError as exc:
            raise CommandError(f"{exc}{_('（已有管理员时如确需再创建，请加 --another。）')}") from exc
        except ValidationError as exc:
            lines = [f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(self.style.SUCCESS(_("系统管理员 %(u)s 已创建。") % {"u": user.username}))
        if password is None:
            self.stdout.write(
                _("激活链接（已发送到 %(email)s，只能使用一次）：\n%(link)s")
                % {"email": user.email, "link": links.link_for(user)}
            )
        self.stdout.write(_("登录后请按提示绑定动态口令（双因素认证）。"))

    def _ask_password(self) -> str | None:
        while True:
            first = getpass.getpass(_("密码（直接回车则生成激活链接）："))
            if not first:
                return None
            if getpass.getpass(_("再次输入密码：")) == first:
                return first
            self.stderr.write(_("两次输入的密码不一致，请重新输入。"))
