"""What the demo records say: titles, awarding bodies, violations, document-number patterns.

Placeholders filled per association: {place} (东城区, or 北京市 for the municipal bureau's
associations), {gov} (北京市东城区 / 北京市), {bureau} (its registration authority), {abbr} (东 / 京),
{topic} (from the catalogue) and {year}. A tag says which associations an entry suits:
any, sg / ss / fd (registration type), trade (行业协会商会), district, training, elderly.
"""

from dataclasses import dataclass

from xinyong.records.choices import EvidenceKind, HonourLevel


@dataclass(frozen=True)
class Award:
    title: str
    issuer: str
    prefix: str  # document number {prefix}〔{year}〕{n}号, or a whole pattern with {n}
    tag: str = "any"
    level: str = ""  # honours only
    years: int | None = None  # honours: validity in years; None means 长期


HONOURS = (
    Award("全国先进社会组织", "民政部", "民发", "any", HonourLevel.NATIONAL),
    Award("全国五一劳动奖状", "中华全国总工会", "总工发", "sg", HonourLevel.NATIONAL),
    Award("北京市先进社会组织", "北京市民政局", "京民社", "any", HonourLevel.MUNICIPAL),
    Award("北京市社会组织示范基地", "北京市民政局", "京民社", "any", HonourLevel.MUNICIPAL, 3),
    Award("首都文明单位", "首都精神文明建设委员会", "首文明委", "any", HonourLevel.MUNICIPAL, 3),
    Award("北京市三八红旗集体", "北京市妇女联合会", "京妇发", "ss", HonourLevel.MUNICIPAL),
    Award("{place}优秀社会组织", "{bureau}", "{abbr}民发", "district", HonourLevel.DISTRICT, 2),
    Award("{place}文明单位", "{gov}精神文明建设委员会", "{abbr}文明委", "district", HonourLevel.DISTRICT, 3),
    Award(
        "ISO 9001质量管理体系认证", "中国质量认证中心", "CQC-QMS-{year}-{n:04d}", "ss", HonourLevel.OTHER, 3
    ),
    Award("北京市养老服务示范机构", "北京市民政局", "京民养老发", "elderly", HonourLevel.MUNICIPAL, 3),
)

COMMENDATIONS = (
    Award("{year}年度北京市社会组织品牌项目", "北京市民政局", "京民社"),
    Award("{year}年度{place}社会组织公益服务品牌", "{bureau}", "{abbr}民发", "district"),
    Award("{year}年度北京市行业协会商会服务企业优秀单位", "北京市工商业联合会", "京工商联发", "trade"),
    Award("北京市示范性职业技能培训机构", "北京市人力资源和社会保障局", "京人社能发", "training"),
    Award("北京市星级养老服务机构（三星级）", "北京市民政局", "京民养老发", "elderly"),
    Award("{year}年度社会组织参与社区治理优秀案例", "{bureau}", "{abbr}民发", "ss"),
    Award("{year}年度公益慈善项目优秀奖", "北京市民政局", "京民慈", "fd"),
)

PURCHASED_SERVICES = (
    Award("{place}社区居家养老助餐服务项目", "{gov}民政局", "{abbr}民发", "elderly"),
    Award("{place}困境儿童关爱保护服务项目", "{gov}民政局", "{abbr}民发", "ss"),
    Award("{place}失业人员职业技能培训项目", "{gov}人力资源和社会保障局", "{abbr}人社发", "training"),
    Award("{topic}行业发展状况调研", "{gov}商务局", "{abbr}商发", "trade"),
    Award("{topic}从业人员安全培训项目", "{gov}应急管理局", "{abbr}应急发", "trade"),
    Award("社会组织孵化培育服务项目", "{gov}民政局", "{abbr}民发", "any"),
    Award("社区心理健康服务项目", "{gov}卫生健康委员会", "{abbr}卫健发", "ss"),
    Award("{year}年度困难群众临时救助项目", "北京市民政局", "京民救发", "fd"),
)

TRANSFERRED_FUNCTIONS = (
    Award("{topic}行业统计调查", "北京市统计局", "京统发", "trade"),
    Award("{topic}团体标准制定", "北京市市场监督管理局", "京市监发", "trade"),
    Award("{topic}职业技能等级认定", "北京市人力资源和社会保障局", "京人社能发", "trade"),
    Award("{topic}行业信用评价", "{gov}商务局", "{abbr}商发", "trade"),
    Award("社区养老服务驿站运营评估", "{gov}民政局", "{abbr}民发", "elderly"),
)

PERFORMANCE_RATINGS = (
    "优秀（93分），项目目标全部完成",
    "优秀（90分）",
    "良好（86分），服务对象满意度95%",
    "良好（82分）",
    "合格（74分），部分指标未达预期，已整改",
)


@dataclass(frozen=True)
class Violation:
    misconduct: str
    penalty: str
    evidence_kind: str
    document: str  # the evidence's title
    number: str  # document number pattern
    basis: str = ""  # empty: the penalty article of the association's own regulation
    tag: str = "any"


_PENALTY = "{abbr}民罚字〔{year}〕第{n}号"
VIOLATIONS = (
    Violation("未按规定接受年度检查", "警告", EvidenceKind.LEGAL_DOCUMENT, "行政处罚决定书", _PENALTY),
    Violation(
        "年度工作报告中隐瞒真实情况、弄虚作假",
        "警告，责令改正",
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        _PENALTY,
    ),
    Violation(
        "未按规定办理法定代表人变更登记",
        "警告，责令限期改正",
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        _PENALTY,
    ),
    Violation(
        "超出章程规定的宗旨和业务范围进行活动",
        "警告，责令改正，没收违法所得",
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        _PENALTY,
    ),
    Violation(
        "违反规定向会员单位强制收取费用",
        "警告，责令退还违规收取的费用",
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        _PENALTY,
        tag="trade",
    ),
    Violation(
        "连续两年未按规定报送年度工作报告",
        "列入活动异常名录",
        EvidenceKind.ADMIN_NOTICE,
        "列入活动异常名录决定书",
        "{abbr}民异字〔{year}〕第{n}号",
        basis="《社会组织信用信息管理办法》第十条",
    ),
    Violation(
        "经投诉举报查实，未按承诺提供培训服务并拒绝退费",
        "警告，责令改正",
        EvidenceKind.VERIFIED_REPORT,
        "投诉举报调查处理意见书",
        "{abbr}民查字〔{year}〕第{n}号",
        tag="training",
    ),
    Violation(
        "未按规定公开年度工作报告和财务会计报告",
        "警告，责令改正",
        EvidenceKind.LEGAL_DOCUMENT,
        "行政处罚决定书",
        _PENALTY,
        tag="fd",
    ),
)

# The penalty article of each registration type's own regulation.
LEGAL_BASIS = {
    "social_group": "《社会团体登记管理条例》第三十条",
    "social_service": "《民办非企业单位登记管理暂行条例》第二十五条",
    "foundation": "《基金会管理条例》第四十二条",
}

REASONS = {
    "annual_inspection": "依据年度检查结果通报记录",
    "evaluation": "依据社会组织评估等级通知记录",
    "commendation": "依据表彰文件记录",
    "purchased_service": "依据委托部门报送的绩效评价结果记录",
    "transferred_function": "依据转移职能部门报送的评价结果记录",
    "honour": "依据荣誉证书及授予文件记录",
    "dishonesty": "依据已生效的处理决定书记录",
}

REVOKE_REASONS = (
    "经核查，该信息系重复录入，予以撤销",
    "经协会提出异议并核实，该信息与事实不符，予以撤销",
    "原处理决定已被依法撤销，相应信息予以撤销",
)
