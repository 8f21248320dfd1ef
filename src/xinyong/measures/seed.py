"""The catalogue and rules that migration 0002 seeds (R-MEA-1, R-MEA-2).

Frozen: migration 0002 inserts exactly these rows, and ``integrity`` compares a seeded row that
was never changed through the services (so has no history entry) with this data. Change the
catalogue through the back office, or with a new migration — never by editing this file.
"""

from .choices import Direction

# The regulation's own clause on measures, quoted as the common basis of every kind.
_REGULATION = (
    "《中关村国检电子商务数据产业协会信用信息管理办法》：协会登记管理机关、相关职能部门可以依据"
    "协会信用信息，在职权范围内，针对性采取激励措施和惩戒措施，加大协会信用信息应用力度。"
)
_PLAN = "《社会信用体系建设规划纲要（2014—2020年）》（国发〔2014〕21号）"

KINDS: tuple[dict, ...] = (
    {
        "code": "priority-purchase",
        "name": "优先承接政府购买服务",
        "direction": Direction.INCENTIVE,
        "description": "在政府购买服务中，同等条件下优先选择该协会作为承接主体。",
    },
    {
        "code": "priority-transfer",
        "name": "优先承接政府转移职能",
        "direction": Direction.INCENTIVE,
        "description": "政府职能转移时，同等条件下优先委托该协会承接。",
    },
    {
        "code": "priority-commendation",
        "name": "优先推荐表彰奖励",
        "direction": Direction.INCENTIVE,
        "description": "评比达标表彰和各类荣誉评选中优先推荐。",
    },
    {
        "code": "simplified-procedure",
        "name": "简化办事程序（容缺受理）",
        "direction": Direction.INCENTIVE,
        "description": "办理登记等事项时简化程序，非核心材料暂缺的可先行受理、限期补齐。",
    },
    {
        "code": "key-supervision",
        "name": "列为重点监管对象",
        "direction": Direction.PENALTY,
        "description": "列入重点监管名单，加强日常监督检查。",
    },
    {
        "code": "restrict-purchase",
        "name": "限制参与政府购买服务",
        "direction": Direction.PENALTY,
        "description": "在期限内不得作为政府购买服务的承接主体。",
    },
    {
        "code": "restrict-funding",
        "name": "限制获得财政资金支持",
        "direction": Direction.PENALTY,
        "description": "在期限内限制获得财政资金资助、补贴和奖励。",
    },
    {
        "code": "no-commendation",
        "name": "不予评优评先和表彰奖励",
        "direction": Direction.PENALTY,
        "description": "在期限内不参加评优评先，不予推荐表彰奖励。",
    },
    {
        "code": "review-evaluation-grade",
        "name": "复核社会组织评估等级",
        "direction": Direction.PENALTY,
        "description": "对已取得的社会组织评估等级进行复核，必要时依规降低或取消。",
    },
    {
        "code": "more-inspections",
        "name": "增加抽查频次",
        "direction": Direction.PENALTY,
        "description": "在“双随机、一公开”抽查中提高抽查比例和频次。",
    },
)
for _kind in KINDS:
    _kind.setdefault("basis", f"{_REGULATION}\n{_PLAN}")

# The three examples of the issue. Stored values: records.choices (EvaluationGrade "5A",
# InspectionConclusion "unqualified").
RULES: tuple[dict, ...] = (
    {
        "code": "dishonesty-restrict-purchase",
        "name": "有公示中的失信信息的，建议限制参与政府购买服务",
        "kind": "restrict-purchase",
        "duration_days": 365,
        "record_kind": "",
        "record_category": "dishonesty",
        "field": "",
        "values": [],
        "require_valid": False,
        "within_days": None,
    },
    {
        "code": "evaluation-5a-priority-purchase",
        "name": "评估等级为5A且在有效期内的，建议优先承接政府购买服务",
        "kind": "priority-purchase",
        "duration_days": 365,
        "record_kind": "evaluation",
        "record_category": "",
        "field": "grade",
        "values": ["5A"],
        "require_valid": True,
        "within_days": None,
    },
    {
        "code": "inspection-unqualified-key-supervision",
        "name": "一年内年检结论为不合格的，建议列为重点监管对象",
        "kind": "key-supervision",
        "duration_days": 365,
        "record_kind": "annual_inspection",
        "record_category": "",
        "field": "conclusion",
        "values": ["unqualified"],
        "require_valid": False,
        "within_days": 365,
    },
)


def seeded_kind(code: str) -> dict | None:
    """The kind's snapshot as migration 0002 wrote it, or None if it is not a seeded code."""
    for kind in KINDS:
        if kind["code"] == code:
            return {
                **kind,
                "direction": str(kind["direction"]),
                "active": True,
                "departments": [],
                "version": 1,
            }
    return None


def seeded_rule(code: str, *, kind_ids: dict[str, int]) -> dict | None:
    """The rule's snapshot as migration 0002 wrote it (its kind by id), or None."""
    for rule in RULES:
        if rule["code"] == code:
            return {**rule, "kind": kind_ids.get(rule["kind"]), "active": True, "version": 1}
    return None
