"""Registration authorities (登记管理机关), partner departments and associations (R-ACT-*, R-INF-1)."""

import unicodedata

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinyong.text import without_hidden

from .choices import AssociationStatus, AuthorityLevel, RegistrationType


def normalize_text(text: str) -> str:
    """The one normalisation for names at index and query time: NFKC, case-folded, no spaces,
    no invisible or control characters (``xinyong.text``; PostgreSQL text cannot even hold NUL)."""
    folded = unicodedata.normalize("NFKC", without_hidden(text or "")).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cc")


class Authority(models.Model):
    """A registration authority. The municipal bureau (北京市民政局) is the parent of the districts."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("层级"), max_length=16, choices=AuthorityLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("登记管理机关")
        verbose_name_plural = _("登记管理机关")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A partner department (业务主管单位、行业管理部门等相关部门, R-ACT-4)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("相关部门")
        verbose_name_plural = _("相关部门")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Basic-information fields an authority may mark confidential one by one (R-SEC-1). The name,
# code, type, authority, founding date and status identify the association and stay public.
MASKABLE_FIELDS = (
    "address",
    "legal_representative",
    "staff_count",
    "registered_capital",
    "business_scope",
    "branches",
)

# Fields of basic information, in display order; the history snapshot holds exactly these.
BASIC_FIELDS = (
    "name",
    "uscc",
    "registration_type",
    "address",
    "legal_representative",
    "staff_count",
    "registered_capital",
    "business_scope",
    "branches",
    "authority",
    "founded_on",
    "status",
    "confidential_fields",
)


class Association(models.Model):
    """An association and its basic information (基本信息). Changed only through services."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_normalized = models.CharField(max_length=200, db_index=True, editable=False)
    address = models.CharField(_("住所（地址）"), max_length=300)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    staff_count = models.PositiveIntegerField(
        _("工作人员数"), validators=[MaxValueValidator(1_000_000, message=_("工作人员数不能超过1,000,000。"))]
    )
    registration_type = models.CharField(_("登记类型"), max_length=20, choices=RegistrationType.choices)
    registered_capital = models.DecimalField(
        _("注册（开办或原始）资金（万元）"), max_digits=14, decimal_places=2
    )
    business_scope = models.TextField(_("业务范围"))
    # 分支（代表）机构情况: a list of {"name", "address", "head"}.
    branches = models.JSONField(_("分支（代表）机构情况"), default=list, blank=True)
    authority = models.ForeignKey(
        Authority, verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="associations"
    )
    founded_on = models.DateField(_("成立登记日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=AssociationStatus.choices, default=AssociationStatus.ACTIVE
    )
    # {field name: Confidentiality value} for fields that must never be published.
    confidential_fields = models.JSONField(_("保密字段"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("协会")
        verbose_name_plural = _("协会")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NameGram(models.Model):
    """The public name search's index (issue 7): a row for the pair of adjacent characters
    (bigram) an association's ``name_normalized`` begins with (``start``), and one for each
    distinct bigram found further in (``start`` false). ``name`` copies the association's name so
    that each list is kept in the order the search shows (name, id). A query of two or more
    characters is only in names on the lists of all its bigrams, so the search reads the shortest
    list, in display order, instead of every name. Written only by ``registry.search_index``
    (services, bulk import, migration, ``rebuild_search_index``)."""

    pk = models.CompositePrimaryKey("gram", "start", "name", "association")
    gram = models.CharField(max_length=2)
    start = models.BooleanField()
    name = models.CharField(max_length=200)
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+", db_index=False)

    def __str__(self) -> str:
        return f"{self.gram} → #{self.association_id}"
