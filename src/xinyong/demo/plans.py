"""Plans for one record of each kind: its data and its evidence, dated relative to ``today``.

The dates decide what the public sees today (R-RET-2..4): performance and dishonesty records
dated more than five years ago, and honours whose validity has ended, exist but are not published.
"""

import random
from datetime import date, timedelta

from xinyong.records.choices import EvidenceKind, Kind
from xinyong.records.publication import add_years

from .content import LEGAL_BASIS, Award, Violation
from .writer import Doc, Place, Plan, Writer

CONCLUSIONS = ("qualified", "basically_qualified", "unqualified")
GRADES = ("5A", "4A", "3A", "2A", "1A")


def latest_inspection_year(today: date) -> int:
    """Annual inspections of year Y take place in spring of Y+1; results are announced in June."""
    return today.year - 1 if today >= date(today.year, 7, 1) else today.year - 2


def days_ago(rng: random.Random, today: date, *, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low, high))


def inspection(w: Writer, p: Place, year: int, conclusion: str) -> Plan:
    """Inspections run from March to May; the authority announces all results in one June notice."""
    held = date(year + 1, w.rng.randint(3, 5), w.rng.randint(1, 28))
    number, issued_on = w.notice(p, year)
    doc = Doc(
        EvidenceKind.ADMIN_NOTICE,
        f"关于{year}年度社会组织年检结果的通报",
        number,
        p.authority.name,
        issued_on,
    )
    data = {"inspection_year": year, "event_date": held, "conclusion": conclusion}
    return Plan(Kind.ANNUAL_INSPECTION, data, [doc])


def evaluation(w: Writer, p: Place, held: date, grade: str) -> Plan:
    """评估等级 are valid for five years."""
    doc = Doc(
        EvidenceKind.ADMIN_NOTICE,
        "关于公布社会组织评估等级结果的通知",
        w.number("{abbr}民社〔{year}〕{n}号", p, held.year),
        p.authority.name,
        held,
    )
    data = {"event_date": held, "grade": grade, "valid_until": add_years(held, 5) - timedelta(days=1)}
    return Plan(Kind.EVALUATION, data, [doc])


def award(w: Writer, p: Place, kind: str, item: Award, day: date, *, rating: str = "") -> Plan:
    """A commendation, purchased service, transferred function or honour from the content tables."""
    # "{year}年度…" awards are given for the year before they are announced.
    title = p.fill(item.title, year=day.year - 1)
    issuer = p.fill(item.issuer)
    pattern = item.prefix if "{n" in item.prefix else item.prefix + "〔{year}〕{n}号"
    number = w.number(pattern, p, day.year)
    data = {"title": title, "counterpart": issuer, "event_date": day}
    picture = False
    if kind == Kind.COMMENDATION:
        doc_kind, doc_title = EvidenceKind.COMMENDATION, "表彰决定"
    elif kind == Kind.HONOUR:
        picture = w.rng.random() < 0.5
        doc_kind, doc_title = EvidenceKind.COMMENDATION, "荣誉证书" if picture else "授予决定"
        data["honour_level"] = item.level
        if item.years is None:
            data["long_term"] = True
        else:
            data["valid_until"] = add_years(day, item.years) - timedelta(days=1)
    else:
        doc_kind = EvidenceKind.OTHER
        doc_title = "项目绩效评价报告" if kind == Kind.PURCHASED_SERVICE else "承接转移职能评价结果通知"
        data["performance_evaluation"] = rating
    docs = [Doc(doc_kind, doc_title, number, issuer, day, picture)]
    if picture:
        # A certificate scan usually comes with the decision that awarded it.
        docs.append(Doc(doc_kind, "授予决定", number, issuer, day))
    return Plan(kind, data, docs)


def dishonesty(w: Writer, p: Place, violation: Violation, day: date) -> Plan:
    basis = violation.basis or LEGAL_BASIS[p.association.registration_type]
    doc = Doc(
        violation.evidence_kind,
        violation.document,
        w.number(violation.number, p, day.year),
        p.authority.name,
        day,
    )
    data = {
        "misconduct": violation.misconduct,
        "penalty": violation.penalty,
        "legal_basis": basis,
        "event_date": day,
    }
    return Plan(Kind.DISHONESTY, data, [doc])


def correction(plan: Plan, rng: random.Random) -> tuple[dict, str]:
    """A plausible later correction of a record (R-REC-3): the changed values and the reason."""
    data = plan.data
    earlier = data["event_date"] - timedelta(days=rng.randint(2, 9))
    if plan.kind == Kind.ANNUAL_INSPECTION:
        if data["conclusion"] != "qualified":
            return {"conclusion": "qualified"}, "依年检复核结论更正年检结论"
        return {"event_date": earlier}, "年检时间录入有误，依年检结果通报更正"
    if plan.kind == Kind.EVALUATION:
        grade = GRADES[max(GRADES.index(data["grade"]) - 1, 0)] if data["grade"] != "5A" else "4A"
        return {"grade": grade}, "评估等级录入有误，依评估等级通知更正"
    if plan.kind in (Kind.PURCHASED_SERVICE, Kind.TRANSFERRED_FUNCTION):
        return (
            {"performance_evaluation": data["performance_evaluation"] + "；终期评价已完成"},
            "依委托部门补充报送的终期评价结果更新绩效评价情况",
        )
    if plan.kind == Kind.HONOUR and not data.get("long_term"):
        return {"valid_until": add_years(data["valid_until"], 1)}, "有效期录入有误，依荣誉证书更正"
    if plan.kind == Kind.DISHONESTY and "责令" not in data["penalty"]:
        return {"penalty": data["penalty"] + "，责令限期整改"}, "处罚结果录入不完整，依处理决定书原文补正"
    return {"event_date": earlier}, "日期录入有误，依证明材料原文更正"
