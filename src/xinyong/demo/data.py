"""The demo world's fixed tables: authorities, departments, accounts and the associations.

Every organisation and person here is fictional, made to look like Beijing's social organisations
so that the pages, search and reports can be shown with plausible content. Names of real places
and real awarding bodies are used; no record describes a real organisation.
"""

from dataclasses import dataclass

from xinyong.accounts.passwords import DEMO_PASSWORD  # noqa: F401  (re-exported for the demo)
from xinyong.registry.choices import RegistrationType

SEED = 2026

CITY_CODE = "110000"
CITY_NAME = "北京市民政局"
CITY_ABBR = "京"
CITY_USERNAME = "staff_city"


@dataclass(frozen=True)
class District:
    code: str
    name: str  # 东城区
    slug: str  # pinyin, used in usernames
    abbr: str  # used in document numbers: 东民罚字〔2023〕第5号
    streets: tuple[str, ...]

    @property
    def bureau(self) -> str:
        return f"北京市{self.name}民政局"

    @property
    def username(self) -> str:
        return f"staff_{self.slug}"


DISTRICTS = (
    District(
        "110101", "东城区", "dongcheng", "东", ("东四十条", "东直门南大街", "和平里西街", "崇文门外大街")
    ),
    District(
        "110102", "西城区", "xicheng", "西", ("西直门南大街", "阜成门外大街", "广安门内大街", "德胜门外大街")
    ),
    District("110105", "朝阳区", "chaoyang", "朝", ("朝阳门外大街", "建国路", "安立路", "望京街")),
    District("110106", "丰台区", "fengtai", "丰", ("丰台北路", "南三环西路", "丰管路", "科学城航丰路")),
    District("110107", "石景山区", "shijingshan", "石", ("石景山路", "鲁谷路", "古城大街", "阜石路")),
    District("110108", "海淀区", "haidian", "海", ("中关村大街", "学院路", "海淀大街", "上地信息路")),
    District("110109", "门头沟区", "mentougou", "门", ("新桥大街", "滨河路", "石龙北路", "门头沟路")),
    District("110111", "房山区", "fangshan", "房", ("拱辰大街", "政通路", "长虹西路", "燕山岗南路")),
    District("110112", "通州区", "tongzhou", "通", ("新华大街", "运河东大街", "玉桥中路", "通胡大街")),
    District("110113", "顺义区", "shunyi", "顺", ("府前中街", "光明南街", "新顺南大街", "裕民大街")),
    District("110114", "昌平区", "changping", "昌", ("政府街", "回龙观西大街", "鼓楼南街", "沙河路")),
    District("110115", "大兴区", "daxing", "兴", ("兴政街", "黄村西大街", "荣华中路", "兴华大街")),
    District("110116", "怀柔区", "huairou", "怀", ("青春路", "府前街", "雁栖大街", "迎宾路")),
    District("110117", "平谷区", "pinggu", "平", ("府前街", "新平北路", "林荫北街", "平翔路")),
    District("110118", "密云区", "miyun", "密", ("鼓楼东大街", "新中街", "滨河路", "宾阳路")),
    District("110119", "延庆区", "yanqing", "延", ("妫水北街", "东外大街", "高塔街", "百泉街")),
)

DEPARTMENTS = ("北京市财政局", "北京市发展和改革委员会", "北京市市场监督管理局", "北京市商务局")
DEPARTMENT_USERNAME = "dept_finance"
DEPARTMENT_OF_USER = "北京市财政局"
SUPERVISOR_USERNAME = "supervisor"
ADMIN_USERNAME = "admin"
AUDITOR_USERNAME = "auditor"

SG = RegistrationType.SOCIAL_GROUP
SS = RegistrationType.SOCIAL_SERVICE
FD = RegistrationType.FOUNDATION

# (registration type, name, topic). The topic feeds the business scope and the record titles.
CATALOGUE: dict[str, tuple[tuple[str, str, str], ...]] = {
    CITY_CODE: (
        (SG, "北京市软件和信息服务业协会", "软件和信息服务"),
        (SG, "北京市物业服务行业协会", "物业服务"),
        (SG, "北京市养老服务行业协会", "养老服务"),
        (SG, "北京市家政服务业协会", "家政服务"),
        (SG, "北京市电子商务促进会", "电子商务"),
        (SG, "北京市社会工作者协会", "社会工作"),
        (SG, "北京市烹饪餐饮协会", "烹饪餐饮"),
        (FD, "北京市春晖慈善基金会", "慈善救助"),
        (FD, "北京市青少年科技教育基金会", "青少年科技教育"),
        (FD, "北京市乡村振兴公益基金会", "乡村振兴"),
        (FD, "北京市助残扶弱慈善基金会", "助残扶弱"),
        (SS, "北京市京华职业技能培训学校", "职业技能培训"),
        (SS, "北京市恒心社会工作发展中心", "社会工作服务"),
    ),
    "110101": (
        (SG, "北京市东城区餐饮行业协会", "餐饮"),
        (SG, "北京市东城区老字号企业协会", "老字号传承"),
        (SG, "北京市东城区非物质文化遗产保护协会", "非物质文化遗产保护"),
        (SS, "北京市东城区育才职业技能培训学校", "职业技能培训"),
    ),
    "110102": (
        (SG, "北京市西城区金融服务业协会", "金融服务"),
        (SG, "北京市西城区楹联书法研究会", "楹联书法"),
        (SG, "北京市西城区社区志愿者协会", "社区志愿服务"),
        (SS, "北京市西城区德胜社会工作事务所", "社会工作服务"),
    ),
    "110105": (
        (SG, "北京朝阳区养老服务促进会", "养老服务"),
        (SG, "北京市朝阳区国际商务协会", "国际商务"),
        (SG, "北京市朝阳区文化创意产业协会", "文化创意"),
        (SS, "北京市朝阳区望京社区服务中心", "社区服务"),
    ),
    "110106": (
        (SG, "北京市丰台区物流行业协会", "物流"),
        (SG, "北京市丰台区花卉园艺协会", "花卉园艺"),
        (SG, "北京市丰台区轨道交通产业促进会", "轨道交通"),
        (SS, "北京市丰台区康乐养老照料中心", "养老照料"),
    ),
    "110107": (
        (SG, "北京市石景山区动漫游戏产业协会", "动漫游戏"),
        (SG, "北京市石景山区冰雪运动协会", "冰雪运动"),
        (SS, "北京市石景山区鲁谷职业技能培训学校", "职业技能培训"),
    ),
    "110108": (
        (SG, "北京市海淀区软件行业协会", "软件"),
        (SG, "北京市海淀区人工智能产业协会", "人工智能"),
        (SG, "北京市海淀区科技企业孵化器协会", "科技企业孵化"),
        (SS, "北京市海淀区启明星青少年科技活动中心", "青少年科技教育"),
    ),
    "110109": (
        (SG, "北京市门头沟区精品民宿协会", "精品民宿"),
        (SG, "北京市门头沟区京西古道文化研究会", "京西古道文化"),
        (SS, "北京市门头沟区山城社会工作服务中心", "社会工作服务"),
    ),
    "110111": (
        (SG, "北京市房山区石材行业协会", "石材"),
        (SG, "北京市房山区葡萄酒产业协会", "葡萄酒"),
        (SS, "北京市房山区良乡职业技能培训学校", "职业技能培训"),
    ),
    "110112": (
        (SG, "北京市通州区运河文化研究会", "运河文化"),
        (SG, "北京市通州区建筑业协会", "建筑"),
        (SG, "北京市通州区宋庄艺术家协会", "美术创作"),
        (SS, "北京市通州区潞城颐养服务中心", "养老照料"),
    ),
    "110113": (
        (SG, "北京市顺义区汽车零部件行业协会", "汽车零部件"),
        (SG, "北京市顺义区花卉协会", "花卉"),
        (SS, "北京市顺义区空港职业技能培训学校", "职业技能培训"),
    ),
    "110114": (
        (SG, "北京市昌平区草莓产业协会", "草莓种植"),
        (SG, "北京市昌平区医药健康产业协会", "医药健康"),
        (SG, "北京市昌平区回龙观社区体育协会", "社区体育"),
        (SS, "北京市昌平区沙河社会工作服务中心", "社会工作服务"),
    ),
    "110115": (
        (SG, "北京市大兴区西瓜产业协会", "西瓜种植"),
        (SG, "北京市大兴区生物医药产业协会", "生物医药"),
        (SG, "北京市大兴区临空经济促进会", "临空经济"),
        (SS, "北京市大兴区黄村职业技能培训学校", "职业技能培训"),
    ),
    "110116": (
        (SG, "北京市怀柔区影视产业协会", "影视"),
        (SG, "北京市怀柔区板栗产业协会", "板栗"),
        (SS, "北京市怀柔区雁栖社会工作服务中心", "社会工作服务"),
    ),
    "110117": (
        (SG, "北京市平谷区大桃产业协会", "大桃"),
        (SG, "北京市平谷区乡村旅游协会", "乡村旅游"),
        (SS, "北京市平谷区金海湖职业技能培训学校", "职业技能培训"),
    ),
    "110118": (
        (SG, "北京市密云区蜂产品协会", "蜂产品"),
        (SG, "北京市密云区生态旅游协会", "生态旅游"),
        (SS, "北京市密云区溪翁庄养老照料中心", "养老照料"),
    ),
    "110119": (
        (SG, "北京市延庆区葡萄产业协会", "葡萄"),
        (SG, "北京市延庆区冰雪运动协会", "冰雪运动"),
        (SS, "北京市延庆区妫川社会工作服务中心", "社会工作服务"),
    ),
}

# Social groups that are academic, professional or community bodies rather than trade associations
# (行业协会商会): industry surveys, standards and fee rules do not apply to them.
NOT_TRADE = {
    "北京市社会工作者协会",
    "北京市东城区非物质文化遗产保护协会",
    "北京市西城区楹联书法研究会",
    "北京市西城区社区志愿者协会",
    "北京市石景山区冰雪运动协会",
    "北京市门头沟区京西古道文化研究会",
    "北京市通州区运河文化研究会",
    "北京市通州区宋庄艺术家协会",
    "北京市昌平区回龙观社区体育协会",
    "北京市延庆区冰雪运动协会",
}

# The three associations with an account; showcase.py gives each a designed set of records.
SHOWCASE = {
    "assoc_haidian": "北京市海淀区软件行业协会",
    "assoc_chaoyang": "北京朝阳区养老服务促进会",
    "assoc_dongcheng": "北京市东城区育才职业技能培训学校",
}

# Later changes (变更) of basic information: name -> (field, reason). Values are made by the builder.
CHANGES = {
    "北京市养老服务行业协会": ("legal_representative", "法定代表人变更"),
    "北京市西城区金融服务业协会": ("legal_representative", "法定代表人变更"),
    "北京市通州区建筑业协会": ("address", "住所变更"),
    "北京市昌平区医药健康产业协会": ("business_scope", "业务范围变更"),
    "北京市青少年科技教育基金会": ("registered_capital", "注册资金变更"),
    "北京市大兴区临空经济促进会": ("staff_count", "工作人员数变更"),
}

# Basic-information fields withheld from the public (R-SEC-1); the second group is marked later.
CONFIDENTIAL_AT_CREATION = {
    "北京市恒心社会工作发展中心": {"address": "personal_privacy"},
    "北京市春晖慈善基金会": {"registered_capital": "commercial_secret"},
}
CONFIDENTIAL_LATER = {
    "北京朝阳区养老服务促进会": (
        {"legal_representative": "personal_privacy"},
        "法定代表人申请个人信息保护，经审核对其姓名不予公开",
    ),
    "北京市门头沟区山城社会工作服务中心": (
        {"address": "personal_privacy", "legal_representative": "personal_privacy"},
        "住所为负责人私人住宅，依申请对住所和法定代表人不予公开",
    ),
}

DEREGISTERED = {
    "北京市房山区石材行业协会": "行业整体退出，经会员大会决议解散，办理注销登记",
    "北京市丰台区花卉园艺协会": "经理事会决议并经业务主管单位同意，办理注销登记",
    "北京市门头沟区京西古道文化研究会": "自行解散，清算完毕，办理注销登记",
}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN_NAMES = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "红梅",
    "晓东", "立新", "文博", "淑华", "国庆", "永刚", "春生", "玉兰", "宏伟", "雪梅", "振华", "思远",
)  # fmt: skip

TRAINING_COURSES = (
    "养老护理员", "家政服务员", "中式烹调师", "中式面点师", "育婴员", "电工",
    "保安员", "美容师", "健康管理师", "网络营销", "计算机操作员", "茶艺师",
)  # fmt: skip
