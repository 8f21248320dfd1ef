"""Incentive and penalty measures in the demo (R-MEA-1..3), applied through the services.

海淀's 5A association is given priority in government purchase; 朝阳's has a penalty in force
and an older one lifted; 北京市财政局 is granted two penalties and applies one of them; and the
rules are run once, so pending proposals wait in the back office.
"""

from datetime import date, timedelta

from xinyong.accounts.models import Role, User
from xinyong.measures.catalogue import measure_kind_modify
from xinyong.measures.models import MeasureKind
from xinyong.measures.services import measure_apply, measure_lift, propose_measures
from xinyong.records.choices import Category, Kind
from xinyong.records.publication import published_records
from xinyong.registry.models import Association

from .data import ADMIN_USERNAME, DEPARTMENT_OF_USER, DEPARTMENT_USERNAME, SHOWCASE
from .writer import Place

YEAR = 365


def showcase_measures(places: dict[str, Place], today: date) -> None:
    admin = User.objects.get(username=ADMIN_USERNAME)
    department_user = User.objects.get(username=DEPARTMENT_USERNAME)
    kinds = {k.code: k for k in MeasureKind.objects.all()}
    for code in ("restrict-purchase", "restrict-funding"):
        kind = kinds[code]
        measure_kind_modify(
            actor=admin,
            kind=kind,
            changes={"departments": [department_user.department]},
            reason=f"{DEPARTMENT_OF_USER}负责财政资金和政府购买服务的管理，授权其实施该措施",
            expected_version=kind.version,
        )
        kinds[code].refresh_from_db()

    haidian = places[SHOWCASE["assoc_haidian"]].association
    five_a = _published(haidian, today, kind=Kind.EVALUATION).filter(grade="5A").first()
    if five_a is not None:
        start = today - timedelta(days=60)
        measure_apply(
            actor=_clerk(haidian),
            association=haidian,
            kind=kinds["priority-purchase"],
            basis_records=[five_a],
            start_on=start,
            end_on=start + timedelta(days=2 * YEAR - 1),
            decision_number=f"海民信〔{start.year}〕3号",
            reason="该会社会组织评估等级为5A且在有效期内，在政府购买服务中同等条件下优先选择。",
        )

    chaoyang = places[SHOWCASE["assoc_chaoyang"]].association
    penalty = _published(chaoyang, today, category=Category.DISHONESTY).first()
    if penalty is not None:
        clerk = _clerk(chaoyang)
        start = max(penalty.event_date, today - timedelta(days=200))
        measure_apply(
            actor=clerk,
            association=chaoyang,
            kind=kinds["restrict-purchase"],
            basis_records=[penalty],
            start_on=start,
            end_on=start + timedelta(days=YEAR - 1),
            decision_number=f"朝民信〔{start.year}〕12号",
            reason="该会违反规定向会员单位强制收取费用，受到行政处罚，一年内限制参与政府购买服务。",
        )
        checks = measure_apply(
            actor=clerk,
            association=chaoyang,
            kind=kinds["more-inspections"],
            basis_records=[penalty],
            start_on=start,
            end_on=start + timedelta(days=2 * YEAR - 1),
            reason="受到行政处罚后列入“双随机、一公开”抽查重点，提高抽查频次。",
        )
        measure_lift(
            actor=clerk,
            measure=checks,
            reason="该会已全额退还违规收取的费用并通过专项检查，不再提高抽查频次。",
            expected_version=checks.version,
        )

    # The department applies a kind it is granted, to an association of any district.
    for association in Association.objects.exclude(pk__in=[haidian.pk, chaoyang.pk]).order_by("uscc"):
        record = _published(association, today, category=Category.DISHONESTY).first()
        if record is not None:
            measure_apply(
                actor=department_user,
                association=association,
                kind=kinds["restrict-funding"],
                basis_records=[record],
                start_on=today - timedelta(days=30),
                end_on=today + timedelta(days=YEAR - 31),
                decision_number=f"京财信〔{today.year}〕2号",
                reason="依据公示的失信信息，一年内限制获得财政资金资助和补贴。",
            )
            break

    propose_measures(on=today)


def _published(association: Association, today: date, **filters):
    return (
        published_records(on=today).filter(association=association, **filters).order_by("-event_date", "id")
    )


def _clerk(association: Association) -> User:
    return User.objects.filter(role=Role.STAFF, authority=association.authority).order_by("pk").first()
