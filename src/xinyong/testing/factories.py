"""Test data built through the real services, so every object also has its history entries."""

import io
import itertools
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from xinyong.accounts.history import account_history
from xinyong.accounts.models import Role, User
from xinyong.history.choices import Action
from xinyong.records.services import EvidenceInput, record_create
from xinyong.registry.choices import AuthorityLevel, RegistrationType
from xinyong.registry.models import Authority, Department
from xinyong.registry.organisations import authority_create, department_create
from xinyong.registry.services import association_create
from xinyong.registry.uscc import make_uscc

_serial = itertools.count(10_000_000)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def sample_data(kind: str) -> dict:
    """Valid data for a kind, with every required field, dated relative to today so that the
    record is inside its public window whenever the tests run."""
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    return {
        "annual_inspection": {
            "inspection_year": ago(200).year - 1,
            "event_date": ago(200),
            "conclusion": "qualified",
        },
        "evaluation": {
            "event_date": ago(400),
            "grade": "4A",
            "valid_until": ago(400) + timedelta(days=5 * 365),
        },
        "commendation": {"title": "全市先进社会组织", "counterpart": "北京市民政局", "event_date": ago(300)},
        "purchased_service": {
            "title": "社区养老服务项目",
            "counterpart": "北京市民政局",
            "performance_evaluation": "优秀",
            "event_date": ago(100),
        },
        "transferred_function": {
            "title": "行业统计调查",
            "counterpart": "北京市统计局",
            "performance_evaluation": "良好",
            "event_date": ago(150),
        },
        "honour": {
            "title": "全国先进社会组织",
            "counterpart": "民政部",
            "event_date": ago(700),
            "valid_until": today + timedelta(days=2000),
            "honour_level": "national",
        },
        "dishonesty": {
            "misconduct": "未按规定报送年度工作报告",
            "penalty": "警告",
            "legal_basis": "《社会团体登记管理条例》第三十条",
            "event_date": ago(250),
        },
    }[kind]


def authority(*, code: str = "110000", name: str = "北京市民政局", parent=None) -> Authority:
    """The authority with this code, created by the system (``actor=None``) if there is none."""
    existing = Authority.objects.filter(code=code).first()
    if existing is not None:
        return existing
    level = AuthorityLevel.MUNICIPAL if parent is None else AuthorityLevel.DISTRICT
    return authority_create(actor=None, code=code, name=name, level=level, parent=parent, reason="测试数据")


@transaction.atomic
def user(*, role: str, username: str | None = None, **links) -> User:
    """An account made as the system, with its creation entry (verify_history checks accounts)."""
    username = username or f"{role}-{next(_serial)}"
    account = User.objects.create_user(username=username, password="pass-for-tests-1", role=role, **links)
    account_history(actor=None, user=account, action=Action.USER_CREATE, before=None, reason="测试数据")
    return account


def staff(authority_obj: Authority, **kw) -> User:
    return user(role=Role.STAFF, authority=authority_obj, **kw)


def department(name: str = "北京市财政局") -> Department:
    existing = Department.objects.filter(name=name).first()
    return existing or department_create(actor=None, name=name, reason="测试数据")


def uscc(*, registration_type: str = RegistrationType.SOCIAL_GROUP, division: str = "110000") -> str:
    return make_uscc(registration_type=registration_type, division=division, org_body=f"{next(_serial):08d}")


def association(*, actor: User, name: str | None = None, **overrides):
    registration_type = overrides.pop("registration_type", RegistrationType.SOCIAL_GROUP)
    data = {
        "name": name or f"北京市测试协会{next(_serial)}",
        "uscc": overrides.pop("uscc", None) or uscc(registration_type=registration_type),
        "registration_type": registration_type,
        "address": "北京市东城区东四十条1号",
        "legal_representative": "张三",
        "staff_count": 12,
        "registered_capital": "10.00",
        "business_scope": "行业自律、交流培训、咨询服务",
        "branches": [{"name": "培训中心", "address": "北京市东城区东四十条2号", "head": "李四"}],
        "founded_on": date(2010, 5, 4),
    }
    data.update(overrides)
    return association_create(actor=actor, authority=actor.authority, data=data, reason="登记成立")


def evidence_input(
    *, content: bytes = MINIMAL_PDF, name: str = "证明.pdf", kind: str = "other"
) -> EvidenceInput:
    return EvidenceInput(
        kind=kind,
        document_number="京民社〔2024〕1号",
        issuer="北京市民政局",
        issued_on=date(2024, 1, 1),
        file=io.BytesIO(content),
        file_name=name,
    )


def record(
    *,
    actor: User,
    association_obj,
    kind: str = "dishonesty",
    draft: bool = False,
    evidence: bool = True,
    **kw,
):
    data = {**sample_data(kind), **kw.pop("data", {})}
    return record_create(
        actor=actor,
        association=association_obj,
        kind=kind,
        data=data,
        reason=kw.pop("reason", "依据文件记录"),
        evidence=[evidence_input()] if evidence else [],
        draft=draft,
        **kw,
    )
