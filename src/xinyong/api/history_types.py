"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    API_KEY_ISSUE = "api_key.issue", _("签发接口密钥")
    API_KEY_REVOKE = "api_key.revoke", _("吊销接口密钥")


class ObjectType(models.TextChoices):
    API_KEY = "api_key", _("接口密钥")
