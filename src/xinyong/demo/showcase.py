"""Three associations with designed records, each with an association account to log in with.

Between them they hold every state a page has to show: drafts (one later finalised), whole-record
and single-field confidentiality, revoked and corrected records, and records that exist but are
past their public window today (R-RET-5).
"""

from datetime import date, timedelta

from xinyong.records.choices import EvidenceKind, Kind
from xinyong.registry.choices import Confidentiality

from .content import (
    COMMENDATIONS,
    HONOURS,
    LEGAL_BASIS,
    PURCHASED_SERVICES,
    TRANSFERRED_FUNCTIONS,
    VIOLATIONS,
)
from .data import SHOWCASE
from .generate import inspections
from .plans import award, correction, dishonesty, evaluation
from .writer import Doc, Place, Plan, Writer

YEAR = 365


def showcase_records(w: Writer, places: dict[str, Place], today: date) -> None:
    _haidian(w, places[SHOWCASE["assoc_haidian"]], today)
    _chaoyang(w, places[SHOWCASE["assoc_chaoyang"]], today)
    _dongcheng(w, places[SHOWCASE["assoc_dongcheng"]], today)


def _pick(table, title: str):
    return next(item for item in table if item.title == title)


def _violation(misconduct: str):
    return next(v for v in VIOLATIONS if v.misconduct == misconduct)


def _honour(w: Writer, p: Place, title: str, day: date) -> Plan:
    return award(w, p, Kind.HONOUR, _pick(HONOURS, title), day)


def _commendation(w: Writer, p: Place, title: str, day: date) -> Plan:
    return award(w, p, Kind.COMMENDATION, _pick(COMMENDATIONS, title), day)


def _service(w: Writer, p: Place, title: str, day: date, rating: str) -> Plan:
    return award(w, p, Kind.PURCHASED_SERVICE, _pick(PURCHASED_SERVICES, title), day, rating=rating)


def _function(w: Writer, p: Place, title: str, day: date, rating: str) -> Plan:
    return award(w, p, Kind.TRANSFERRED_FUNCTION, _pick(TRANSFERRED_FUNCTIONS, title), day, rating=rating)


def _haidian(w: Writer, p: Place, today: date) -> None:
    """A model association: 5A, a national honour, one expired honour and one old penalty."""
    for plan in inspections(w, p, today, first_back=6):
        w.create(p, plan)
    record = w.create(p, evaluation(w, p, today - timedelta(days=540), "4A"))
    w.modify(p, record, {"grade": "5A"}, "评估等级录入有误，依评估等级通知更正为5A")
    w.create(p, _honour(w, p, "全国先进社会组织", today - timedelta(days=3 * YEAR)))
    # Valid three years from more than four years ago: no longer published.
    w.create(p, _honour(w, p, "北京市社会组织示范基地", today - timedelta(days=4 * YEAR + 100)))
    w.create(p, _honour(w, p, "{place}优秀社会组织", today - timedelta(days=200)))
    survey = _service(
        w, p, "{topic}行业发展状况调研", today - timedelta(days=300), "优秀（93分），项目目标全部完成"
    )
    w.create(p, survey)
    plan = _function(
        w, p, "{topic}团体标准制定", today - timedelta(days=420), "良好（86分），标准草案已通过专家评审"
    )
    plan.confidential_fields = {"performance_evaluation": Confidentiality.COMMERCIAL_SECRET}
    w.create(p, plan)
    plan = _commendation(w, p, "{year}年度北京市行业协会商会服务企业优秀单位", today - timedelta(days=20))
    w.create(p, plan, draft=True, reason="表彰文件尚未送达，先行登记草稿")
    old = dishonesty(
        w, p, _violation("未按规定办理法定代表人变更登记"), today - timedelta(days=6 * YEAR + 45)
    )
    w.create(p, old)


def _chaoyang(w: Writer, p: Place, today: date) -> None:
    """An association with confidential content, a revoked penalty and an expired evaluation."""
    for plan in inspections(w, p, today, first_back=4):
        w.create(p, plan)
    w.create(p, evaluation(w, p, today - timedelta(days=6 * YEAR + 30), "3A"))
    w.create(p, evaluation(w, p, today - timedelta(days=YEAR), "4A"))
    plan = dishonesty(w, p, _violation("违反规定向会员单位强制收取费用"), today - timedelta(days=YEAR))
    plan.confidential_fields = {"penalty": Confidentiality.PERSONAL_PRIVACY}
    w.create(p, plan)
    plan = dishonesty(
        w, p, _violation("年度工作报告中隐瞒真实情况、弄虚作假"), today - timedelta(days=2 * YEAR)
    )
    record = w.create(p, plan)
    w.revoke(p, record, "原处罚决定已被行政复议决定撤销，相应失信信息予以撤销")
    meals = _service(w, p, "{place}社区居家养老助餐服务项目", today - timedelta(days=250), "良好（88分）")
    w.create(
        p,
        meals,
        confidentiality=Confidentiality.COMMERCIAL_SECRET,
        reason="依据委托部门报送的绩效评价结果记录；含投标报价等商业秘密，整条不予公开",
    )
    w.create(p, _service(w, p, "社会组织孵化培育服务项目", today - timedelta(days=2 * YEAR), "优秀（91分）"))
    w.create(p, _honour(w, p, "北京市养老服务示范机构", today - timedelta(days=YEAR)))
    plan = _function(w, p, "社区养老服务驿站运营评估", today - timedelta(days=3 * YEAR), "良好（84分）")
    record = w.create(p, plan)
    w.modify(p, record, *correction(plan, w.rng))


def _dongcheng(w: Writer, p: Place, today: date) -> None:
    """A training school: a draft finalised later, a draft still open, old and withheld penalties."""
    for plan in inspections(w, p, today, first_back=6):
        w.create(p, plan)
    plan = _commendation(w, p, "北京市示范性职业技能培训机构", today - timedelta(days=90))
    draft = w.create(p, plan, draft=True, reason="表彰名单已公示，文件尚未收到，先行登记草稿")
    w.finalize(p, draft, plan.docs[0], "表彰文件已收到，补充证明材料后转为正式记录")
    plan = _service(w, p, "{place}失业人员职业技能培训项目", today - timedelta(days=40), "合格（78分）")
    w.create(p, plan, draft=True, reason="委托部门已口头反馈评价结果，待书面评价报告")
    complaint = _violation("经投诉举报查实，未按承诺提供培训服务并拒绝退费")
    w.create(p, dishonesty(w, p, complaint, today - timedelta(days=7 * YEAR)))
    plan = dishonesty(w, p, _violation("未按规定接受年度检查"), today - timedelta(days=2 * YEAR))
    record = w.create(p, plan)
    w.modify(p, record, *correction(plan, w.rng))
    minors = _minors_case(w, p, today - timedelta(days=YEAR + 60))
    w.create(p, minors, confidentiality=Confidentiality.LEGALLY_WITHHELD)
    w.create(p, _honour(w, p, "ISO 9001质量管理体系认证", today - timedelta(days=4 * YEAR)))
    w.create(p, _honour(w, p, "{place}优秀社会组织", today - timedelta(days=YEAR)))


def _minors_case(w: Writer, p: Place, day: date) -> Plan:
    """A penalty whose file concerns minors: the law forbids publishing it (未成年人保护法 第七十二条)."""
    doc = Doc(
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        w.number("{abbr}民罚字〔{year}〕第{n}号", p, day.year),
        p.authority.name,
        day,
    )
    data = {
        "misconduct": "违规招收未成年人参加职业技能培训",
        "penalty": "警告，责令改正",
        "legal_basis": LEGAL_BASIS[p.association.registration_type],
        "event_date": day,
    }
    return Plan(Kind.DISHONESTY, data, [doc])
