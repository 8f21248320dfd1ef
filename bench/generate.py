"""National-scale data for issue 7: associations and credit records with their history, fast.

    DATABASE_URL=sqlite:///var/national.sqlite3 .venv/bin/python bench/generate.py --migrate
    .venv/bin/python bench/generate.py --scale 0.01 --seed 7      # 10,000 + 100,000

Writes into an empty migrated database (the one DATABASE_URL names; ``--migrate`` migrates it
first) what the services would have written had the data been entered through them:

- ~3,200 registration authorities, the real divisions of the mainland (province → city →
  district, codes and names from the national division code list as of 2020), each with one staff
  account; provinces and cities are ``municipal``, counties and districts ``district`` (the model
  has those two levels);
- ``--associations`` associations (default 1,000,000) spread over them by a rough per-province
  weight, with valid 统一社会信用代码, names built from the authority's own place names
  (北京市海淀区…协会, 海淀区…养老服务中心, 广东省…学会), unique; each with its
  ``association.create`` history entry (``association_snapshot``);
- ``--records`` credit records (default 10,000,000) of all seven kinds, valid for their kind,
  dated after the association's founding and not in the future, each with one evidence row (all
  pointing at one stored PDF, content-addressed like a bulk import's) and the ``record.create`` and
  ``evidence.add`` entries ``record_create`` writes (``record_snapshot`` / ``evidence_snapshot``);
  about 2 % are drafts, 3 % revoked (with the ``record.revoke`` entry), 2 % wholly and 3 % partly
  confidential, and many are past their public window;
- optionally (``--publication end``, the default) the change feed's first sync, by calling
  ``opendata.services.ensure_synced`` exactly as the first feed or export request would.

The history is one hash chain built like ``history.bulk.ChainBuilder`` does (``Chain`` below), so ``xinyong
verify_history`` accepts it. Rows are inserted with ``xinyong.rawinsert.Inserter`` (multi-row
``executemany`` on SQLite, ``COPY`` on PostgreSQL) in large transactions, ids allocated up front;
triggers and indexes stay as the migrations made them. Everything is drawn from ``--seed``; with
``--now`` fixed as well, two runs write identical databases (history hashes included).
"""

import argparse
import hashlib
import json
import operator
import os
import random
import sys
import time
from array import array
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from types import SimpleNamespace

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")
    os.environ.setdefault("XINYONG_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinyong.accounts.history import user_snapshot  # noqa: E402
from xinyong.accounts.models import Role, User  # noqa: E402
from xinyong.history.bulk import ChainBuilder  # noqa: E402
from xinyong.history.chain import HASHED_FIELDS, entry_hash  # noqa: E402
from xinyong.history.chain import entry_content as content  # noqa: E402
from xinyong.history.choices import Action, ObjectType  # noqa: E402
from xinyong.history.models import HistoryEntry  # noqa: E402
from xinyong.rawinsert import IdAllocator, Inserter, RawJSON, sqlite_cache  # noqa: E402
from xinyong.records import evidence_files  # noqa: E402
from xinyong.records.choices import Kind, RecordStatus  # noqa: E402
from xinyong.records.kinds import DATA_COLUMNS, KINDS  # noqa: E402
from xinyong.records.models import CreditRecord, Evidence  # noqa: E402
from xinyong.records.services import evidence_snapshot, record_snapshot  # noqa: E402
from xinyong.registry.choices import AssociationStatus, AuthorityLevel, RegistrationType  # noqa: E402
from xinyong.registry.models import Association, Authority, normalize_text  # noqa: E402
from xinyong.registry.organisations import authority_snapshot  # noqa: E402
from xinyong.registry.services import association_snapshot  # noqa: E402
from xinyong.registry.uscc import make_uscc  # noqa: E402

DEFAULT_ASSOCIATIONS = 1_000_000
DEFAULT_RECORDS = 10_000_000
INSERT_ROWS = 10_000  # records (or associations) per multi-row insert
COMMIT_ROWS = 200_000  # per transaction
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# --- places -------------------------------------------------------------------------------------

# code, name, abbreviation, rough number of social organisations (thousands): the weights.
PROVINCES = """
11 北京市 京 13|12 天津市 津 6|13 河北省 冀 33|14 山西省 晋 16|15 内蒙古自治区 蒙 17|21 辽宁省 辽 28
22 吉林省 吉 14|23 黑龙江省 黑 17|31 上海市 沪 17|32 江苏省 苏 95|33 浙江省 浙 70|34 安徽省 皖 33
35 福建省 闽 34|36 江西省 赣 24|37 山东省 鲁 60|41 河南省 豫 48|42 湖北省 鄂 31|43 湖南省 湘 38
44 广东省 粤 72|45 广西壮族自治区 桂 26|46 海南省 琼 8|50 重庆市 渝 17|51 四川省 川 46|52 贵州省 黔 18
53 云南省 云 25|54 西藏自治区 藏 1|61 陕西省 陕 29|62 甘肃省 甘 20|63 青海省 青 5|64 宁夏回族自治区 宁 6
65 新疆维吾尔自治区 新 17
"""
MUNICIPALITIES = {"11", "12", "31", "50"}
LEVEL_SHARE = {"province": 0.05, "city": 0.30, "district": 0.65}
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "地区", "盟")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Area:
    """One registration authority and the place names its associations are named after."""

    code: str
    parent: str | None
    level: str  # province, city, district
    bureau: str  # the authority's name
    gov: str  # the full place: 广州市天河区
    places: tuple[str, ...]  # name prefixes, the first the most common
    abbr: str
    weight: float


def load_areas(rng: random.Random) -> list[Area]:
    """The divisions of ``AREA_TABLE``, provinces first, then cities, then districts."""
    provinces = {}
    for item in PROVINCES.replace("\n", "|").split("|"):
        if item.strip():
            code, name, abbr, weight = item.split()
            provinces[code] = (name, abbr, float(weight))
    cities: list[tuple[str, str, str]] = []  # (province, city code 4, city name or "")
    districts: dict[str, list[tuple[str, str]]] = {}
    for line in AREA_TABLE.strip("\n").splitlines():
        tokens = line.split()
        if not line.startswith(" "):
            head, tokens = tokens[0], tokens[1:]
            cities.append((head[:2], head[:4], head[4:]))
        districts.setdefault(cities[-1][1], []).extend((t[:2], t[2:]) for t in tokens)
    areas: list[Area] = []
    by_level: dict[str, list[Area]] = {"province": [], "city": [], "district": []}

    def add(level, code, parent, bureau, gov, places, abbr, weight):
        area = Area(code, parent, level, bureau, gov, places, abbr, weight)
        by_level[level].append(area)

    per_province_cities = {p: [c for c in cities if c[0] == p] for p in provinces}
    for prov, (pname, abbr, weight) in provinces.items():
        municipality = prov in MUNICIPALITIES
        pcode = prov + "0000"
        bureau = pname + ("民政局" if municipality else "民政厅")
        own = LEVEL_SHARE["province"] + (LEVEL_SHARE["city"] if municipality else 0)
        add("province", pcode, None, bureau, pname, (pname, _short(pname)), abbr, weight * own)
        prov_cities = per_province_cities[prov]
        real_cities = [c for c in prov_cities if c[2]]
        for _prov, ccode, cname in prov_cities:
            parent = pcode
            if cname:
                city_code = ccode + "00"
                w = weight * LEVEL_SHARE["city"] / len(real_cities) * rng.lognormvariate(0, 0.5)
                places = (cname, _short(cname), pname + cname)
                add("city", city_code, pcode, cname + "民政局", cname, places, abbr, w)
                parent = city_code
            dists = districts.get(ccode, [])
            n_districts = sum(len(districts.get(c[1], [])) for c in prov_cities)
            for suffix, dname in dists:
                # Cities' own districts; counties directly under a province (仙桃市) name no city.
                city_name = cname or (pname if municipality else "")
                gov = city_name + dname
                places = (gov, dname, _short(city_name) + dname) if city_name else (dname, pname + dname)
                w = weight * LEVEL_SHARE["district"] / max(n_districts, 1) * rng.lognormvariate(0, 0.7)
                add("district", ccode + suffix, parent, gov + "民政局", gov, places, abbr, w)
    for level in ("province", "city", "district"):
        areas.extend(by_level[level])
    return areas


# --- words ----------------------------------------------------------------------------------------

INDUSTRIES = """
软件 信息服务业 养老服务 餐饮 烹饪 物流 快递 建筑业 装饰装修 房地产 物业服务 物业管理 家政服务 电子商务
跨境电商 旅游 旅游饭店 民宿 文化创意 动漫游戏 广告 会展 出版 印刷 包装 医药 中医药 医疗器械 保健食品
食品 食品安全 酒业 茶叶 果业 蔬菜 花卉 种子 畜牧业 水产 粮食 农业产业化 农产品流通 乡村旅游 农机
汽车流通 汽车维修 新能源汽车 道路运输 出租汽车 交通运输 港口 航运 仓储 再生资源 环境保护 节能 循环经济
光伏 电力 煤炭 钢铁 有色金属 化工 纺织 服装 皮革 家具 陶瓷 建材 玻璃 机械 模具 五金 电子 照明 家用电器
安全防范 消防 保安服务 人力资源服务 律师 会计 注册会计师 资产评估 税务师 拍卖 典当 融资担保 小额贷款
保险 证券 银行业 互联网金融 珠宝玉石 商业联合 零售 连锁经营 超市 美容美发 洗染 摄影 婚庆 殡葬
人工智能 大数据 物联网 网络安全 集成电路 生物医药 科技企业孵化器 技术市场 质量 标准化 计量 检验检测
个体劳动者 私营企业 青年企业家 女企业家 企业家 中小企业 民营经济 外商投资企业 进出口 国际商务 工商业
退役军人 志愿者 社会工作者 心理咨询师 营养师 护理 医师 药师 口腔医学 康复医学 健康管理 老年人体育
足球 篮球 排球 乒乓球 羽毛球 网球 围棋 象棋 桥牌 武术 太极拳 健身气功 游泳 冰雪运动 马拉松 登山
自行车 钓鱼 信鸽 风筝 集邮 收藏 书法 美术 音乐 舞蹈 戏剧 曲艺 诗词 楹联 作家 摄影家 民间文艺
残疾人 老年 妇女儿童 青少年发展 家庭教育 民办教育 职业教育 学前教育 科普 慈善 红十字 见义勇为
"""
DISCIPLINES = """
数学 物理学 化学 生物学 地理学 地质学 气象 测绘 水利 林学 农学 土木建筑 机械工程 电机工程 计算机
自动化 电子学 通信 力学 金属学 医学 中医药学 中西医结合 药学 护理学 预防医学 营养学 心理学 法学
经济学 社会学 历史学 哲学 教育学 管理学 统计学 档案 图书馆 博物馆 城市规划 园艺 植物保护 土壤
"""
TOPICS = """
红楼梦 地方志 家庭文化 老年问题 青少年犯罪预防 企业文化 国学 诗书画 民俗 地方文化 历史文化 革命史
党史 慈善文化 社会组织发展 乡村振兴 城市发展 区域经济 县域经济 廉政文化 生态文明 茶文化 酒文化
"""
SUFFIXES_SG = ("协会", "协会", "协会", "行业协会", "促进会", "联合会", "商会")
BRANDS = """
育才 启明 阳光 爱心 康乐 颐和 福寿 晨曦 春晖 博雅 智慧 新星 恒心 京华 华夏 东方 明德 致远 鸿鹄 朝阳
金色 彩虹 蓝天 星光 繁星 向日葵 橄榄树 百合 蒲公英 常青藤 益民 惠民 安康 乐龄 颐养 寿康 长青 夕阳红
同心 和谐 善缘 仁爱 德馨 厚德 启航 远航 扬帆 腾飞 卓越 睿智 思源 知行 立人 树人 英才 精英 新苗 小树苗
童心 童趣 乐学 学而 博学 求知 知音 雅韵 翰墨 丹青 梨园 金声 银铃 乐活 康宁 安心 暖心 温馨 家和 邻里
众合 合力 携手 同行 筑梦 圆梦 追梦 逐梦 天使 红枫 银杏 松柏 青松 翠竹 兰亭 墨香 书香 明珠 金桥 彩虹桥
"""
SERVICES = (
    ("养老服务中心", 10),
    ("养老院", 6),
    ("敬老院", 3),
    ("日间照料中心", 4),
    ("职业技能培训学校", 10),
    ("培训学校", 8),
    ("培训中心", 8),
    ("文化艺术培训学校", 4),
    ("幼儿园", 8),
    ("托育中心", 3),
    ("社会工作服务中心", 8),
    ("社会工作事务所", 3),
    ("社区服务中心", 5),
    ("公益服务中心", 4),
    ("志愿服务中心", 3),
    ("康复中心", 3),
    ("心理咨询服务中心", 2),
    ("体育俱乐部", 4),
    ("研究院", 2),
    ("研究所", 1),
    ("博物馆", 1),
    ("医院", 2),
)
CAUSES = """
慈善 教育 扶贫 助学 青少年发展 老龄事业 残疾人福利 文化发展 体育 见义勇为 乡村振兴 科技创新 环境保护
医疗救助
"""
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌海波宁晨阳雪琳浩宇欣怡子涵博思嘉俊"
STREETS = """
人民路 解放路 建设路 中山路 和平路 新华路 文化路 胜利路 朝阳路 幸福路 光明路 团结路 青年路 工业路 长江路
黄河路 民主路 北京路 南京路 东风路 友谊路 学院路 府前街 滨河路
"""
SCOPES = {
    "social_group": "{topic}行业自律、业务培训、交流合作、咨询服务、承接政府委托事项",
    "social_service": "为{topic}提供服务；开展相关培训、咨询和公益活动",
    "foundation": "资助{topic}项目；开展公益慈善活动",
    "other": "{topic}相关服务",
}

# --- record contents: (template, counterpart template) -----------------------------------------
COMMENDATIONS = (
    ("{year}年度{gov}先进社会组织", "{bureau}"),
    ("{year}年度{gov}社会组织品牌项目", "{bureau}"),
    ("{year}年度{gov}行业协会商会服务企业优秀单位", "{gov}工商业联合会"),
    ("{gov}示范性职业技能培训机构", "{gov}人力资源和社会保障局"),
    ("{gov}星级养老服务机构（三星级）", "{bureau}"),
    ("{year}年度社会组织参与社区治理优秀案例", "{bureau}"),
)
PROJECTS = (
    "社区居家养老助餐服务",
    "困境儿童关爱保护服务",
    "失业人员职业技能培训",
    "行业发展状况调研",
    "从业人员安全培训",
    "社会组织孵化培育服务",
    "社区心理健康服务",
    "困难群众临时救助",
    "垃圾分类宣传",
    "法律援助",
    "青少年体育培训",
    "残疾人康复服务",
    "社区矫正社会工作服务",
)
FUNCTIONS = (
    "行业统计调查",
    "行业标准制定",
    "职业技能等级认定",
    "行业信用评价",
    "行业人才培训",
    "展会组织",
    "行业发展规划研究",
)
DEPARTMENTS = (
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "卫生健康委员会",
    "商务局",
    "教育局",
    "文化和旅游局",
    "应急管理局",
    "司法局",
)
RATINGS = ("优秀", "良好", "合格", "基本合格")
HONOURS = (  # title, counterpart, level, validity in years (None: 长期)
    ("全国先进社会组织", "民政部", "national", None),
    ("全国五一劳动奖状", "中华全国总工会", "national", None),
    ("{prov}先进社会组织", "{prov_bureau}", "municipal", None),
    ("{prov}社会组织示范基地", "{prov_bureau}", "municipal", 3),
    ("{gov}文明单位", "{gov}精神文明建设委员会", "district", 3),
    ("{gov}优秀社会组织", "{bureau}", "district", 2),
    ("ISO 9001质量管理体系认证", "中国质量认证中心", "other", 3),
)
MISCONDUCT = (
    ("未按规定参加年度检查", "责令改正", "social_group"),
    ("未按规定报送年度工作报告", "警告", "any"),
    ("违反规定收取费用", "警告，没收违法所得", "social_group"),
    ("超出章程规定的宗旨和业务范围进行活动", "责令限期停止活动", "any"),
    ("未按规定办理变更登记", "警告", "any"),
    ("违反规定设立分支机构", "责令改正", "social_group"),
    ("财务管理混乱，拒不接受监督检查", "列入活动异常名录", "any"),
    ("弄虚作假骗取登记", "撤销登记", "any"),
    ("未按规定进行信息公开", "责令改正", "foundation"),
)
LEGAL_BASIS = {
    "social_group": "《社会团体登记管理条例》第三十条",
    "social_service": "《民办非企业单位登记管理暂行条例》第二十五条",
    "foundation": "《基金会管理条例》第四十二条",
    "other": "《社会组织登记管理机关行政处罚程序规定》第二条",
}
KIND_WEIGHTS = {
    Kind.ANNUAL_INSPECTION: 40,
    Kind.EVALUATION: 6,
    Kind.COMMENDATION: 6,
    Kind.PURCHASED_SERVICE: 18,
    Kind.TRANSFERRED_FUNCTION: 5,
    Kind.HONOUR: 13,
    Kind.DISHONESTY: 12,
}
SECRETS = {  # kind: (whole-record mark, the field that may be marked alone, its mark)
    Kind.PURCHASED_SERVICE: ("commercial_secret", "performance_evaluation", "commercial_secret"),
    Kind.TRANSFERRED_FUNCTION: ("commercial_secret", "performance_evaluation", "commercial_secret"),
    Kind.DISHONESTY: ("personal_privacy", "penalty", "personal_privacy"),
    Kind.HONOUR: ("legally_withheld", "valid_until", "legally_withheld"),
}
REG_TYPES = (
    (RegistrationType.SOCIAL_GROUP, 42.0),
    (RegistrationType.SOCIAL_SERVICE, 56.9),
    (RegistrationType.FOUNDATION, 1.0),
    (RegistrationType.OTHER, 0.1),
)
REG_CODES = [t.value for t, _w in REG_TYPES]
RECORD_DEFAULTS = {c: CreditRecord._meta.get_field(c).get_default() for c in DATA_COLUMNS}


def _words(text: str) -> list[str]:
    return text.split()


STREET_NAMES = _words(STREETS)


@dataclass
class Context:
    """What the generator needs everywhere: the seed's streams, today, the authorities."""

    seed: int
    today: date
    now: datetime
    areas: list[Area]
    authority_ids: list[int]
    staff: list[tuple[int, str]]  # per area: (user id, username)
    pdf: evidence_files.StoredFile

    def rng(self, *parts) -> random.Random:
        # One stream per phase and chunk: a chunk's content does not depend on the others'.
        return random.Random(":".join(map(str, (self.seed, *parts))))


# --- the history chain ---------------------------------------------------------------------------

_str = json.encoder.encode_basestring  # the C encoder json.dumps itself uses
_BLOB_ORDER = (
    *("action", "actor_id", "actor_name", "after", "association_id", "authority_id", "authority_name"),
    *("before", "created_at", "object_id", "object_type", "reason"),
)
assert tuple(sorted(HASHED_FIELDS)) == _BLOB_ORDER, "history.chain.HASHED_FIELDS changed: update _blob"


def _snapshot_text(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _int(value) -> str:
    return "null" if value is None else str(int(value))


class Chain(ChainBuilder):
    """``history.bulk.ChainBuilder`` with each snapshot serialised once, for the hash and for the
    row alike (as ChainBuilder also does, with fewer shortcuts). The blob is the
    very text ``history.chain.entry_hash`` hashes; the first entry of every batch is checked
    against ``entry_hash`` itself, and ``verify_history`` checks them all."""

    def entries(self, contents):
        ids = self.ids.take(HistoryEntry, len(contents))
        prev = self.head
        created_memo: dict = {}
        for index, (entry_id, c) in enumerate(zip(ids, contents, strict=True)):
            before, after = _snapshot_text(c["before"]), _snapshot_text(c["after"])
            created = created_memo.get(c["created_at"])
            if created is None:
                created = created_memo[c["created_at"]] = _str(
                    c["created_at"].astimezone(UTC).isoformat(timespec="microseconds")
                )
            blob = "".join(
                (
                    '{"action":',
                    _str(c["action"]),
                    ',"actor_id":',
                    _int(c["actor_id"]),
                    ',"actor_name":',
                    _str(c["actor_name"]),
                    ',"after":',
                    after or "null",
                    ',"association_id":',
                    _int(c["association_id"]),
                    ',"authority_id":',
                    _int(c["authority_id"]),
                    ',"authority_name":',
                    _str(c["authority_name"]),
                    ',"before":',
                    before or "null",
                    ',"created_at":',
                    created,
                    ',"object_id":',
                    _int(c["object_id"]),
                    ',"object_type":',
                    _str(c["object_type"]),
                    ',"reason":',
                    _str(c["reason"]),
                    "}",
                )
            )
            digest = hashlib.sha256((prev + blob).encode()).hexdigest()
            if index == 0 and digest != entry_hash(prev, c):
                raise RuntimeError("the generator's history serialisation differs from history.chain")
            c["before"] = None if before is None else RawJSON(before)
            c["after"] = None if after is None else RawJSON(after)
            c["id"], c["prev_hash"], c["hash"] = entry_id, prev, digest
            prev = digest
        self.head = prev
        return contents


class FullRows(Inserter):
    """``rawinsert.Inserter`` for rows that carry every column: values are picked with one
    ``itemgetter`` and only the columns whose type needs it are converted (the generic loop
    converts and defaults each value: half of the insert time). Same values, same statement."""

    _PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)

    def __init__(self, model):
        super().__init__(model)
        self.pick = operator.itemgetter(*self.attnames)
        self.convert = [
            (i, conv)
            for i, (field, conv) in enumerate(zip(self.fields, self.converters, strict=True))
            if isinstance(field, models.DateField | models.JSONField) or not isinstance(field, self._PLAIN)
        ]

    def _params(self, rows):
        try:
            out = [list(self.pick(row)) for row in rows]
        except KeyError:
            return super()._params(rows)
        for values in out:
            for i, conv in self.convert:
                if values[i] is not None:
                    values[i] = conv(values[i])
        return out


# --- authorities and staff ------------------------------------------------------------------------


def create_authorities(
    ctx_rng: random.Random, now: datetime
) -> tuple[list[Area], list[int], list[tuple[int, str]]]:
    """The national hierarchy, each authority with its ``authority.create`` entry written as the
    system (as ``registry.organisations.authority_create`` with ``actor=None`` would), so that
    ``verify_history`` checks the table. Provinces and cities are both "municipal" here, a city
    under its province: three levels the services would refuse, but the bench wants the shape."""
    areas = load_areas(ctx_rng)
    allocator = IdAllocator()
    ids = allocator.take(Authority, len(areas))
    pk = dict(zip((a.code for a in areas), ids, strict=True))
    level = {"province": AuthorityLevel.MUNICIPAL, "city": AuthorityLevel.MUNICIPAL}
    rows = [
        {
            "id": pk[a.code],
            "code": a.code,
            "name": a.bureau,
            "level": str(level.get(a.level, AuthorityLevel.DISTRICT)),
            "parent_id": pk[a.parent] if a.parent else None,
        }
        for a in areas
    ]
    Inserter(Authority).insert(rows)
    contents = [
        content(
            created_at=now,
            actor_id=None,
            actor_name="system",
            authority_id=None,
            authority_name="",
            action=Action.AUTHORITY_CREATE,
            object_type=ObjectType.AUTHORITY,
            object_id=row["id"],
            association_id=None,
            before=None,
            after=authority_snapshot(SimpleNamespace(**row)),
            reason="生成基准测试数据",
        )
        for row in rows
    ]
    FullRows(HistoryEntry).insert(Chain(allocator).entries(contents))
    users = User.objects.bulk_create(
        [
            # Unusable password: the accounts exist to be the actors of the history entries.
            User(username=f"staff_{a.code}", password="!bench", role=Role.STAFF, authority_id=pk[a.code])
            for a in areas
        ],
        batch_size=1000,
    )
    if users[0].pk is None:  # backends that do not return ids from bulk_create
        by_name = dict(User.objects.filter(role=Role.STAFF).values_list("username", "pk"))
        staff = [(by_name[f"staff_{a.code}"], f"staff_{a.code}") for a in areas]
    else:
        staff = [(u.pk, u.username) for u in users]
    accounts = User.objects.filter(pk__in=[pk for pk, _ in staff]).order_by("pk")
    contents = []
    for user in accounts:
        user.second_factor_set = False  # none yet; spares user_snapshot a device query per account
        contents.append(
            content(
                created_at=now,
                actor_id=None,
                actor_name="system",
                authority_id=None,
                authority_name="",
                action=Action.USER_CREATE,
                object_type=ObjectType.USER,
                object_id=user.pk,
                association_id=None,
                before=None,
                after=user_snapshot(user),
                reason="生成基准测试数据",
            )
        )
    FullRows(HistoryEntry).insert(Chain(allocator).entries(contents))
    return areas, ids, staff


# --- associations ---------------------------------------------------------------------------------


class Namer:
    """Plausible, unique association names drawn from the authority's place names."""

    def __init__(self):
        self.taken: set[str] = set()
        self.industries = _words(INDUSTRIES)
        self.disciplines = _words(DISCIPLINES)
        self.topics = _words(TOPICS)
        self.brands = _words(BRANDS)
        self.causes = _words(CAUSES)
        self.services = [s for s, _w in SERVICES]
        self.service_weights = list(accumulate(w for _s, w in SERVICES))

    def place(self, rng: random.Random, area: Area) -> str:
        r = rng.random()
        if r < 0.75 or len(area.places) == 1:
            return area.places[0]
        return area.places[1] if r < 0.93 or len(area.places) == 2 else area.places[2]

    def name(self, rng: random.Random, area: Area, reg: str) -> tuple[str, str]:
        """(name, topic); the topic feeds the business scope."""
        for attempt in range(40):
            place = self.place(rng, area)
            brand = rng.choice(self.brands) if attempt >= 4 else ""
            if reg == "social_group":
                r = rng.random()
                if r < 0.7:
                    topic = rng.choice(self.industries)
                    name = f"{place}{brand}{topic}{rng.choice(SUFFIXES_SG)}"
                elif r < 0.85:
                    topic = rng.choice(self.disciplines)
                    name = f"{place}{brand}{topic}学会"
                else:
                    topic = rng.choice(self.topics)
                    name = f"{place}{brand}{topic}研究会"
            elif reg == "social_service":
                topic = rng.choices(self.services, cum_weights=self.service_weights)[0]
                brand = rng.choice(self.brands) + (rng.choice(self.brands) if attempt >= 8 else "")
                name = f"{place}{brand}{topic}"
            elif reg == "foundation":
                topic = rng.choice(self.causes)
                name = f"{place}{brand}{topic}基金会"
            else:
                topic = "社会组织服务"
                name = f"{place}{rng.choice(self.brands)}{brand}社会组织服务中心"
            if name not in self.taken:
                self.taken.add(name)
                return name, topic
        raise RuntimeError(f"no free name left for {area.gov}")


@dataclass
class AssociationFacts:
    """What records need to know about each association, compactly (index = id - first id)."""

    first_id: int
    area: array  # index into ctx.areas
    founded: array  # date ordinal
    reg: array  # index into REG_CODES
    status: array  # 0 active, 1 deregistered, 2 revoked


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def generate_associations(ctx: Context, total: int, progress) -> AssociationFacts:
    areas = ctx.areas
    cum_area = list(accumulate(a.weight for a in areas))
    cum_reg = list(accumulate(w for _t, w in REG_TYPES))
    namer = Namer()
    ids = IdAllocator()
    inserter, history = FullRows(Association), FullRows(HistoryEntry)
    facts = None
    serial = 0
    mj_serial: dict[str, int] = {}
    start_ord = date(1980, 1, 1).toordinal()
    span = ctx.today.toordinal() - 30 - start_ord
    for lo in range(0, total, COMMIT_ROWS):
        with transaction.atomic():
            chain = Chain(ids)
            for chunk_lo in range(lo, min(lo + COMMIT_ROWS, total), INSERT_ROWS):
                n = min(INSERT_ROWS, total - chunk_lo)
                rng = ctx.rng("associations", chunk_lo)
                new_ids = ids.take(Association, n)
                if facts is None:
                    facts = AssociationFacts(new_ids[0], array("H"), array("I"), array("B"), array("B"))
                rows, contents = [], []
                area_idx = rng.choices(range(len(areas)), cum_weights=cum_area, k=n)
                for association_id, ai in zip(new_ids, area_idx, strict=True):
                    area = areas[ai]
                    reg_i = rng.choices(range(4), cum_weights=cum_reg)[0]
                    reg = REG_CODES[reg_i]
                    name, topic = namer.name(rng, area, reg)
                    serial += 1
                    if rng.random() < 0.6:  # codes issued since 2016: 民政 bodies MJ + serial
                        mj_serial[area.code] = mj_serial.get(area.code, 0) + 1
                        body = f"MJ{mj_serial[area.code]:06d}"
                    else:  # older organisation codes, unique across the country
                        body = f"{(serial * 7_654_321 + ctx.seed) % 100_000_000:08d}"
                    founded = date.fromordinal(start_ord + int(span * rng.random() ** 0.55))
                    status_i = rng.choices((0, 1, 2), (96, 3, 1))[0]
                    capital = {"social_group": 3, "social_service": 3, "foundation": 200}.get(reg, 1)
                    row = {
                        "id": association_id,
                        "uscc": make_uscc(registration_type=reg, division=area.code, org_body=body),
                        "name": name,
                        "name_normalized": normalize_text(name),
                        "address": f"{area.gov}{rng.choice(STREET_NAMES)}{rng.randrange(1, 400)}号",
                        "legal_representative": _person(rng),
                        "staff_count": int(rng.lognormvariate(2.3, 1.0)) + 1,
                        "registration_type": reg,
                        "registered_capital": Decimal(capital + int(rng.paretovariate(1.2) * 5)).quantize(
                            Decimal("0.01")
                        ),
                        "business_scope": SCOPES[reg].format(topic=topic),
                        "branches": _branches(rng, name, area) if reg == "social_group" else [],
                        "authority_id": ctx.authority_ids[ai],
                        "founded_on": founded,
                        "status": (
                            AssociationStatus.ACTIVE,
                            AssociationStatus.DEREGISTERED,
                            AssociationStatus.REVOKED,
                        )[status_i].value,
                        "confidential_fields": (
                            {"address": "personal_privacy"} if rng.random() < 0.005 else {}
                        ),
                        "version": 1,
                        "created_at": ctx.now,
                        "updated_at": ctx.now,
                    }
                    rows.append(row)
                    facts.area.append(ai)
                    facts.founded.append(founded.toordinal())
                    facts.reg.append(reg_i)
                    facts.status.append(status_i)
                    user_id, username = ctx.staff[ai]
                    contents.append(
                        content(
                            created_at=ctx.now,
                            actor_id=user_id,
                            actor_name=username,
                            authority_id=ctx.authority_ids[ai],
                            authority_name=area.bureau,
                            action=Action.ASSOCIATION_CREATE,
                            object_type=ObjectType.ASSOCIATION,
                            object_id=association_id,
                            association_id=association_id,
                            before=None,
                            after=association_snapshot(SimpleNamespace(**row)),
                            reason="依据登记证书录入基本信息",
                        )
                    )
                inserter.insert(rows)
                history.insert(chain.entries(contents))
                progress("associations", chunk_lo + n, total)
    return facts or AssociationFacts(0, array("H"), array("I"), array("B"), array("B"))


def _branches(rng: random.Random, name: str, area: Area) -> list[dict[str, str]]:
    if rng.random() > 0.1:
        return []
    return [
        {
            "name": f"{name}{what}",
            "address": f"{area.gov}{rng.choice(STREET_NAMES)}{rng.randrange(1, 400)}号",
            "head": _person(rng),
        }
        for what in rng.sample(("专业委员会", "培训中心", "信息中心", "联络处"), rng.randint(1, 2))
    ]


# --- credit records -------------------------------------------------------------------------------


def record_counts(ctx: Context, facts: AssociationFacts, total: int) -> array:
    """Records per association: older and luckier associations have more; exactly ``total``."""
    rng = ctx.rng("counts")
    today = ctx.today.toordinal()
    weights = [
        (min((today - f) / 365, 12) + 1) * rng.lognormvariate(0, 0.8) * (0.3 if s else 1)
        for f, s in zip(facts.founded, facts.status, strict=True)
    ]
    scale = total / (sum(weights) or 1)
    counts = array("I")
    for w in weights:
        expected = w * scale
        counts.append(int(expected) + (rng.random() < expected - int(expected)))
    diff = total - sum(counts)
    n = len(counts)
    while diff and n:
        i = rng.randrange(n)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i]:
            counts[i] -= 1
            diff += 1
    return counts


class RecordMaker:
    """The data of one record of a kind, valid under ``records.validation.clean_record_data``."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.kinds = list(KIND_WEIGHTS)
        self.kind_cum = list(accumulate(KIND_WEIGHTS.values()))
        self.province_of = {a.code[:2]: a for a in ctx.areas if a.level == "province"}
        self.today = ctx.today

    def event_day(self, rng: random.Random, founded: int) -> date:
        hi = self.today.toordinal() - 1
        lo = max(founded, hi - 10 * 365)
        return date.fromordinal(hi - int((hi - lo) * rng.random() ** 1.3))

    def make(self, rng: random.Random, area: Area, reg: str, founded: int, serial: int):
        kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
        day = self.event_day(rng, founded)
        year = day.year
        data = dict(RECORD_DEFAULTS)
        data["event_date"] = day
        fill = {"gov": area.gov, "bureau": area.bureau, "year": year - 1}
        prov = self.province_of[area.code[:2]]
        number = f"{area.abbr}民{{}}〔{year}〕{serial % 997 + 1}号"
        ev_kind, issuer = "other", area.bureau
        if kind == Kind.ANNUAL_INSPECTION:
            year_of = year - 1 if year - 1 >= date.fromordinal(founded).year else year
            data.update(
                inspection_year=year_of,
                conclusion=rng.choices(("qualified", "basically_qualified", "unqualified"), (85, 10, 5))[0],
            )
            number = number.format("检")
        elif kind == Kind.EVALUATION:
            data["grade"] = rng.choices(("5A", "4A", "3A", "2A", "1A"), (8, 25, 40, 20, 7))[0]
            if rng.random() < 0.8:
                data["valid_until"] = _years_later(day, 5) - timedelta(days=1)
            ev_kind, number = "admin_notice", number.format("评")
        elif kind == Kind.COMMENDATION:
            title, by = rng.choice(COMMENDATIONS)
            data.update(title=title.format(**fill), counterpart=by.format(**fill))
            ev_kind, issuer, number = "commendation", data["counterpart"], number.format("表")
        elif kind in (Kind.PURCHASED_SERVICE, Kind.TRANSFERRED_FUNCTION):
            what = rng.choice(PROJECTS) + "项目" if kind == Kind.PURCHASED_SERVICE else rng.choice(FUNCTIONS)
            data.update(
                title=f"{area.gov}{what}",
                counterpart=f"{area.gov}{rng.choice(DEPARTMENTS)}",
                performance_evaluation=rng.choices(RATINGS, (30, 45, 20, 5))[0],
            )
            issuer, number = data["counterpart"], number.format("购")
        elif kind == Kind.HONOUR:
            title, by, level, years = rng.choice(HONOURS)
            fill.update(prov=prov.gov, prov_bureau=prov.bureau)
            data.update(title=title.format(**fill), counterpart=by.format(**fill), honour_level=level)
            if years is None:
                data["long_term"] = True
            else:
                data["valid_until"] = _years_later(day, years)
            ev_kind, issuer, number = "commendation", data["counterpart"], number.format("荣")
        else:
            misconduct, penalty, fits = rng.choice(MISCONDUCT)
            if fits not in ("any", reg):
                misconduct, penalty = "未按规定报送年度工作报告", "警告"
            data.update(misconduct=misconduct, penalty=penalty, legal_basis=LEGAL_BASIS[reg])
            ev_kind, number = "legal_document", f"{area.abbr}民罚字〔{year}〕第{serial % 97 + 1}号"
        return kind, data, (ev_kind, number, issuer)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def generate_records(ctx: Context, facts: AssociationFacts, total: int, progress) -> dict[str, int]:
    counts = record_counts(ctx, facts, total)
    maker = RecordMaker(ctx)
    ids = IdAllocator()
    out_records, out_evidence, out_history = (
        FullRows(CreditRecord),
        FullRows(Evidence),
        FullRows(HistoryEntry),
    )
    tally = {"records": 0, "drafts": 0, "revoked": 0, "confidential": 0, "entries": 0}
    tally.update(chain_s=0.0, insert_s=0.0)
    cursor, done = 0, 0
    n_assoc = len(counts)
    chain = None
    written_in_txn = 0
    txn = None
    while cursor < n_assoc:
        # One insert batch: whole associations until INSERT_ROWS records.
        batch_lo, size = cursor, 0
        while cursor < n_assoc and size < INSERT_ROWS:
            size += counts[cursor]
            cursor += 1
        if txn is None:
            txn = transaction.atomic()
            txn.__enter__()
            chain = Chain(ids)
        rng = ctx.rng("records", batch_lo)
        record_ids = iter(ids.take(CreditRecord, size))
        evidence_ids = iter(ids.take(Evidence, size))
        records, evidence, contents, revokes = [], [], [], []
        for index in range(batch_lo, cursor):
            ai = facts.area[index]
            area, founded, reg = ctx.areas[ai], facts.founded[index], REG_CODES[facts.reg[index]]
            association_id = facts.first_id + index
            user_id, username = ctx.staff[ai]
            who = {
                "actor_id": user_id,
                "actor_name": username,
                "authority_id": ctx.authority_ids[ai],
                "authority_name": area.bureau,
            }
            for _ in range(counts[index]):
                record_id, evidence_id = next(record_ids), next(evidence_ids)
                kind, data, (ev_kind, number, issuer) = maker.make(rng, area, reg, founded, record_id)
                day = data["event_date"]
                recorded = datetime.combine(
                    min(day + timedelta(days=int(rng.expovariate(1 / 20))), ctx.today - timedelta(days=1)),
                    datetime.min.time(),
                    tzinfo=UTC,
                ) + timedelta(seconds=rng.randrange(1, 86_000))
                fate = rng.random()
                secret = SECRETS.get(kind)
                record = {
                    "id": record_id,
                    "association_id": association_id,
                    "kind": kind.value,
                    "category": KINDS[kind].category.value,
                    "recorded_by_id": ctx.authority_ids[ai],
                    "recorded_at": recorded,
                    "status": RecordStatus.DRAFT.value if fate < 0.02 else RecordStatus.RECORDED.value,
                    "confidentiality": secret[0] if secret and fate > 0.96 and fate < 0.98 else "",
                    "confidential_fields": {secret[1]: secret[2]} if secret and fate > 0.92 else {},
                    "version": 1,
                    "import_batch_id": None,
                    "import_key": None,
                    **data,
                }
                if record["confidential_fields"] and record["confidentiality"]:
                    record["confidential_fields"] = {}
                if kind == Kind.HONOUR and data["long_term"]:
                    record["confidential_fields"] = {}  # a 长期 honour has no last day to hide
                item = {
                    "id": evidence_id,
                    "record_id": record_id,
                    "kind": ev_kind,
                    "document_number": number,
                    "issuer": issuer,
                    "issued_on": day,
                    "file": ctx.pdf.path,
                    "original_name": f"{number}.pdf",
                    "content_type": ctx.pdf.content_type,
                    "size": ctx.pdf.size,
                    "sha256": ctx.pdf.sha256,
                    "uploaded_at": ctx.now,
                    "revoked": False,
                }
                reason = "依据书面证明材料录入信用信息"
                snap = record_snapshot(SimpleNamespace(**record))
                contents.append(
                    content(
                        created_at=ctx.now,
                        **who,
                        action=Action.RECORD_CREATE,
                        object_type=ObjectType.RECORD,
                        object_id=record_id,
                        association_id=association_id,
                        before=None,
                        after=snap,
                        reason=reason,
                    )
                )
                contents.append(
                    content(
                        created_at=ctx.now,
                        **who,
                        action=Action.EVIDENCE_ADD,
                        object_type=ObjectType.EVIDENCE,
                        object_id=evidence_id,
                        association_id=association_id,
                        before=None,
                        after=evidence_snapshot(SimpleNamespace(**item)),
                        reason=reason,
                    )
                )
                if record["status"] == RecordStatus.RECORDED and 0.05 < fate < 0.08:
                    revokes.append((record, snap, who))
                tally["drafts"] += record["status"] == RecordStatus.DRAFT
                tally["confidential"] += bool(record["confidentiality"])
                records.append(record)
                evidence.append(item)
        for record, before, who in revokes:  # later: 撤销 as record_revoke writes it
            record["status"], record["version"] = RecordStatus.REVOKED.value, 2
            contents.append(
                content(
                    created_at=ctx.now,
                    **who,
                    action=Action.RECORD_REVOKE,
                    object_type=ObjectType.RECORD,
                    object_id=record["id"],
                    association_id=record["association_id"],
                    before=before,
                    after=record_snapshot(SimpleNamespace(**record)),
                    reason="经核实，该记录所依据的文书已被撤销",
                )
            )
        mark = time.perf_counter()
        entries = chain.entries(contents)
        tally["chain_s"] += time.perf_counter() - mark
        mark = time.perf_counter()
        out_records.insert(records)
        out_evidence.insert(evidence)
        out_history.insert(entries)
        tally["insert_s"] += time.perf_counter() - mark
        tally["records"] += len(records)
        tally["revoked"] += len(revokes)
        tally["entries"] += len(contents)
        done += size
        written_in_txn += size
        progress("records", done, total)
        if written_in_txn >= COMMIT_ROWS or cursor >= n_assoc:
            txn.__exit__(None, None, None)
            txn, written_in_txn = None, 0
    return tally


# --- the run --------------------------------------------------------------------------------------


def generate(
    *,
    associations: int = DEFAULT_ASSOCIATIONS,
    records: int = DEFAULT_RECORDS,
    seed: int = 2026,
    now: datetime | None = None,
    publication: str = "end",
    cache_mb: int = 512,
    verbose: bool = False,
) -> dict[str, float]:
    """Fill the (empty, migrated) default database; returns counts and timings."""
    if Association.objects.exists() or Authority.objects.exists():
        raise SystemExit("generate: the database already has authorities or associations; use an empty one")
    started = time.perf_counter()
    now = (now or timezone.now()).astimezone(UTC)
    today = timezone.localdate(now)
    last = [0.0]

    def progress(what: str, done: int, total: int) -> None:
        moment = time.perf_counter()
        if verbose and (moment - last[0] > 5 or done == total):
            last[0] = moment
            print(f"  {what}: {done:,} / {total:,}  ({moment - started:,.0f} s)", flush=True)

    timings: dict[str, float] = {}
    with sqlite_cache(cache_mb):
        with transaction.atomic():
            areas, authority_ids, staff = create_authorities(random.Random(f"{seed}:areas"), now)
        pdf = evidence_files.store_bytes(PDF, name="证明材料.pdf")
        ctx = Context(seed, today, now, areas, authority_ids, staff, pdf)
        mark = time.perf_counter()
        facts = generate_associations(ctx, associations, progress)
        timings["associations_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        tally = generate_records(ctx, facts, records, progress) if records else {}
        timings["records_s"] = time.perf_counter() - mark
        if "rebuild_search_index" in get_commands():
            # The name search's own index (issue 7, registry.search_index), when the project has it.
            mark = time.perf_counter()
            call_command("rebuild_search_index", verbosity=0)
            timings["search_index_s"] = time.perf_counter() - mark
        if publication == "end":
            from xinyong.opendata.services import ensure_synced

            mark = time.perf_counter()
            ensure_synced(today=today)
            timings["publication_s"] = time.perf_counter() - mark
    return {
        "authorities": len(areas),
        "associations": associations,
        **tally,
        **timings,
        "seconds": time.perf_counter() - started,
    }


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--associations", type=int)
    parser.add_argument("--records", type=int)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies both defaults (0.01: 10k + 100k)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--now", help="ISO time of the run, for identical output (default: now)")
    parser.add_argument("--publication", choices=("end", "skip"), default="end")
    parser.add_argument("--cache-mb", type=int, default=512, help="SQLite page cache while writing")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args(argv)
    n_assoc = args.associations if args.associations is not None else int(DEFAULT_ASSOCIATIONS * args.scale)
    n_records = args.records if args.records is not None else int(DEFAULT_RECORDS * args.scale)
    if args.migrate:
        call_command("migrate", verbosity=0)
    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        now = timezone.make_aware(now)
    print(
        f"generating {n_assoc:,} associations and {n_records:,} records into {connection.vendor}", flush=True
    )
    result = generate(
        associations=n_assoc,
        records=n_records,
        seed=args.seed,
        now=now,
        publication=args.publication,
        cache_mb=args.cache_mb,
        verbose=True,
    )
    seconds = result["seconds"]
    print(
        f"generated: {result['authorities']:,} authorities, {n_assoc:,} associations, "
        f"{result.get('records', 0):,} records ({result.get('drafts', 0):,} drafts, "
        f"{result.get('revoked', 0):,} revoked, {result.get('confidential', 0):,} confidential), "
        f"{n_assoc + result.get('entries', 0):,} history entries in {seconds:,.1f} s "
        f"(associations {result['associations_s']:,.1f} s, records {result['records_s']:,.1f} s = "
        f"{n_records / max(result['records_s'], 1e-9):,.0f} records/s"
        + (f", publication {result['publication_s']:,.1f} s" if "publication_s" in result else "")
        + f"; chain {result.get('chain_s', 0):,.1f} s, insert {result.get('insert_s', 0):,.1f} s"
        + f"), peak RSS {peak_rss_mb():,.0f} MB",
        flush=True,
    )


# The mainland's divisions (national division code list, 2020): a city line is its 4-digit code
# and name (none for a municipality's or province's directly administered counties), followed
# by its counties and districts as the last two digits of the code and the name.
AREA_TABLE = """
1101 01东城区 02西城区 05朝阳区 06丰台区 07石景山区 08海淀区 09门头沟区 11房山区 12通州区 13顺义区
  14昌平区 15大兴区 16怀柔区 17平谷区 18密云区 19延庆区
1201 01和平区 02河东区 03河西区 04南开区 05河北区 06红桥区 10东丽区 11西青区 12津南区 13北辰区
  14武清区 15宝坻区 16滨海新区 17宁河区 18静海区 19蓟州区
1301石家庄市 02长安区 04桥西区 05新华区 07井陉矿区 08裕华区 09藁城区 10鹿泉区 11栾城区 21井陉县
  23正定县 25行唐县 26灵寿县 27高邑县 28深泽县 29赞皇县 30无极县 31平山县 32元氏县 33赵县 83晋州市
  84新乐市
1302唐山市 02路南区 03路北区 04古冶区 05开平区 07丰南区 08丰润区 09曹妃甸区 23滦县 24滦南县 25乐亭县
  27迁西县 29玉田县 81遵化市 83迁安市
1303秦皇岛市 02海港区 03山海关区 04北戴河区 06抚宁区 21青龙满族自治县 22昌黎县 24卢龙县
1304邯郸市 02邯山区 03丛台区 04复兴区 06峰峰矿区 21邯郸县 23临漳县 24成安县 25大名县 26涉县 27磁县
  28肥乡县 29永年县 30邱县 31鸡泽县 32广平县 33馆陶县 34魏县 35曲周县 81武安市
1305邢台市 02桥东区 03桥西区 21邢台县 22临城县 23内丘县 24柏乡县 25隆尧县 26任县 27南和县 28宁晋县
  29巨鹿县 30新河县 31广宗县 32平乡县 33威县 34清河县 35临西县 81南宫市 82沙河市
1306保定市 02竞秀区 06莲池区 07满城区 08清苑区 09徐水区 23涞水县 24阜平县 26定兴县 27唐县 28高阳县
  29容城县 30涞源县 31望都县 32安新县 33易县 34曲阳县 35蠡县 36顺平县 37博野县 38雄县 81涿州市
  83安国市 84高碑店市
1307张家口市 02桥东区 03桥西区 05宣化区 06下花园区 08万全区 09崇礼区 22张北县 23康保县 24沽源县
  25尚义县 26蔚县 27阳原县 28怀安县 30怀来县 31涿鹿县 32赤城县
1308承德市 02双桥区 03双滦区 04鹰手营子矿区 21承德县 22兴隆县 23平泉县 24滦平县 25隆化县
  26丰宁满族自治县 27宽城满族自治县 28围场满族蒙古族自治县
1309沧州市 02新华区 03运河区 21沧县 22青县 23东光县 24海兴县 25盐山县 26肃宁县 27南皮县 28吴桥县
  29献县 30孟村回族自治县 81泊头市 82任丘市 83黄骅市 84河间市
1310廊坊市 02安次区 03广阳区 22固安县 23永清县 24香河县 25大城县 26文安县 28大厂回族自治县 81霸州市
  82三河市
1311衡水市 02桃城区 03冀州区 21枣强县 22武邑县 23武强县 24饶阳县 25安平县 26故城县 27景县 28阜城县
  82深州市
1390 01定州市 02辛集市
1401太原市 05小店区 06迎泽区 07杏花岭区 08尖草坪区 09万柏林区 10晋源区 21清徐县 22阳曲县 23娄烦县
  81古交市
1402大同市 02城区 03矿区 11南郊区 12新荣区 21阳高县 22天镇县 23广灵县 24灵丘县 25浑源县 26左云县
  27大同县
1403阳泉市 02城区 03矿区 11郊区 21平定县 22盂县
1404长治市 02城区 11郊区 21长治县 23襄垣县 24屯留县 25平顺县 26黎城县 27壶关县 28长子县 29武乡县
  30沁县 31沁源县 81潞城市
1405晋城市 02城区 21沁水县 22阳城县 24陵川县 25泽州县 81高平市
1406朔州市 02朔城区 03平鲁区 21山阴县 22应县 23右玉县 24怀仁县
1407晋中市 02榆次区 21榆社县 22左权县 23和顺县 24昔阳县 25寿阳县 26太谷县 27祁县 28平遥县 29灵石县
  81介休市
1408运城市 02盐湖区 21临猗县 22万荣县 23闻喜县 24稷山县 25新绛县 26绛县 27垣曲县 28夏县 29平陆县
  30芮城县 81永济市 82河津市
1409忻州市 02忻府区 21定襄县 22五台县 23代县 24繁峙县 25宁武县 26静乐县 27神池县 28五寨县 29岢岚县
  30河曲县 31保德县 32偏关县 81原平市
1410临汾市 02尧都区 21曲沃县 22翼城县 23襄汾县 24洪洞县 25古县 26安泽县 27浮山县 28吉县 29乡宁县
  30大宁县 31隰县 32永和县 33蒲县 34汾西县 81侯马市 82霍州市
1411吕梁市 02离石区 21文水县 22交城县 23兴县 24临县 25柳林县 26石楼县 27岚县 28方山县 29中阳县
  30交口县 81孝义市 82汾阳市
1501呼和浩特市 02新城区 03回民区 04玉泉区 05赛罕区 21土默特左旗 22托克托县 23和林格尔县 24清水河县
  25武川县
1502包头市 02东河区 03昆都仑区 04青山区 05石拐区 06白云鄂博矿区 07九原区 21土默特右旗 22固阳县
  23达尔罕茂明安联合旗
1503乌海市 02海勃湾区 03海南区 04乌达区
1504赤峰市 02红山区 03元宝山区 04松山区 21阿鲁科尔沁旗 22巴林左旗 23巴林右旗 24林西县 25克什克腾旗
  26翁牛特旗 28喀喇沁旗 29宁城县 30敖汉旗
1505通辽市 02科尔沁区 21科尔沁左翼中旗 22科尔沁左翼后旗 23开鲁县 24库伦旗 25奈曼旗 26扎鲁特旗
  81霍林郭勒市
1506鄂尔多斯市 02东胜区 03康巴什区 21达拉特旗 22准格尔旗 23鄂托克前旗 24鄂托克旗 25杭锦旗 26乌审旗
  27伊金霍洛旗
1507呼伦贝尔市 02海拉尔区 03扎赉诺尔区 21阿荣旗 22莫力达瓦达斡尔族自治旗 23鄂伦春自治旗
  24鄂温克族自治旗 25陈巴尔虎旗 26新巴尔虎左旗 27新巴尔虎右旗 81满洲里市 82牙克石市 83扎兰屯市
  84额尔古纳市 85根河市
1508巴彦淖尔市 02临河区 21五原县 22磴口县 23乌拉特前旗 24乌拉特中旗 25乌拉特后旗 26杭锦后旗
1509乌兰察布市 02集宁区 21卓资县 22化德县 23商都县 24兴和县 25凉城县 26察哈尔右翼前旗
  27察哈尔右翼中旗 28察哈尔右翼后旗 29四子王旗 81丰镇市
1522兴安盟 01乌兰浩特市 02阿尔山市 21科尔沁右翼前旗 22科尔沁右翼中旗 23扎赉特旗 24突泉县
1525锡林郭勒盟 01二连浩特市 02锡林浩特市 22阿巴嘎旗 23苏尼特左旗 24苏尼特右旗 25东乌珠穆沁旗
  26西乌珠穆沁旗 27太仆寺旗 28镶黄旗 29正镶白旗 30正蓝旗 31多伦县
1529阿拉善盟 21阿拉善左旗 22阿拉善右旗 23额济纳旗
2101沈阳市 02和平区 03沈河区 04大东区 05皇姑区 06铁西区 11苏家屯区 12浑南区 13沈北新区 14于洪区
  15辽中区 23康平县 24法库县 81新民市
2102大连市 02中山区 03西岗区 04沙河口区 11甘井子区 12旅顺口区 13金州区 14普兰店区 24长海县
  81瓦房店市 83庄河市
2103鞍山市 02铁东区 03铁西区 04立山区 11千山区 21台安县 23岫岩满族自治县 81海城市
2104抚顺市 02新抚区 03东洲区 04望花区 11顺城区 21抚顺县 22新宾满族自治县 23清原满族自治县
2105本溪市 02平山区 03溪湖区 04明山区 05南芬区 21本溪满族自治县 22桓仁满族自治县
2106丹东市 02元宝区 03振兴区 04振安区 24宽甸满族自治县 81东港市 82凤城市
2107锦州市 02古塔区 03凌河区 11太和区 26黑山县 27义县 81凌海市 82北镇市
2108营口市 02站前区 03西市区 04鲅鱼圈区 11老边区 81盖州市 82大石桥市
2109阜新市 02海州区 03新邱区 04太平区 05清河门区 11细河区 21阜新蒙古族自治县 22彰武县
2110辽阳市 02白塔区 03文圣区 04宏伟区 05弓长岭区 11太子河区 21辽阳县 81灯塔市
2111盘锦市 02双台子区 03兴隆台区 04大洼区 22盘山县
2112铁岭市 02银州区 04清河区 21铁岭县 23西丰县 24昌图县 81调兵山市 82开原市
2113朝阳市 02双塔区 03龙城区 21朝阳县 22建平县 24喀喇沁左翼蒙古族自治县 81北票市 82凌源市
2114葫芦岛市 02连山区 03龙港区 04南票区 21绥中县 22建昌县 81兴城市
2201长春市 02南关区 03宽城区 04朝阳区 05二道区 06绿园区 12双阳区 13九台区 22农安县 82榆树市 83德惠市
2202吉林市 02昌邑区 03龙潭区 04船营区 11丰满区 21永吉县 81蛟河市 82桦甸市 83舒兰市 84磐石市
2203四平市 02铁西区 03铁东区 22梨树县 23伊通满族自治县 81公主岭市 82双辽市
2204辽源市 02龙山区 03西安区 21东丰县 22东辽县
2205通化市 02东昌区 03二道江区 21通化县 23辉南县 24柳河县 81梅河口市 82集安市
2206白山市 02浑江区 05江源区 21抚松县 22靖宇县 23长白朝鲜族自治县 81临江市
2207松原市 02宁江区 21前郭尔罗斯蒙古族自治县 22长岭县 23乾安县 81扶余市
2208白城市 02洮北区 21镇赉县 22通榆县 81洮南市 82大安市
2224延边朝鲜族自治州 01延吉市 02图们市 03敦化市 04珲春市 05龙井市 06和龙市 24汪清县 26安图县
2301哈尔滨市 02道里区 03南岗区 04道外区 08平房区 09松北区 10香坊区 11呼兰区 12阿城区 13双城区
  23依兰县 24方正县 25宾县 26巴彦县 27木兰县 28通河县 29延寿县 83尚志市 84五常市
2302齐齐哈尔市 02龙沙区 03建华区 04铁锋区 05昂昂溪区 06富拉尔基区 07碾子山区 08梅里斯达斡尔族区
  21龙江县 23依安县 24泰来县 25甘南县 27富裕县 29克山县 30克东县 31拜泉县 81讷河市
2303鸡西市 02鸡冠区 03恒山区 04滴道区 05梨树区 06城子河区 07麻山区 21鸡东县 81虎林市 82密山市
2304鹤岗市 02向阳区 03工农区 04南山区 05兴安区 06东山区 07兴山区 21萝北县 22绥滨县
2305双鸭山市 02尖山区 03岭东区 05四方台区 06宝山区 21集贤县 22友谊县 23宝清县 24饶河县
2306大庆市 02萨尔图区 03龙凤区 04让胡路区 05红岗区 06大同区 21肇州县 22肇源县 23林甸县
  24杜尔伯特蒙古族自治县
2307伊春市 02伊春区 03南岔区 04友好区 05西林区 06翠峦区 07新青区 08美溪区 09金山屯区 10五营区
  11乌马河区 12汤旺河区 13带岭区 14乌伊岭区 15红星区 16上甘岭区 22嘉荫县 81铁力市
2308佳木斯市 03向阳区 04前进区 05东风区 11郊区 22桦南县 26桦川县 28汤原县 81同江市 82富锦市 83抚远市
2309七台河市 02新兴区 03桃山区 04茄子河区 21勃利县
2310牡丹江市 02东安区 03阳明区 04爱民区 05西安区 25林口县 81绥芬河市 83海林市 84宁安市 85穆棱市
  86东宁市
2311黑河市 02爱辉区 21嫩江县 23逊克县 24孙吴县 81北安市 82五大连池市
2312绥化市 02北林区 21望奎县 22兰西县 23青冈县 24庆安县 25明水县 26绥棱县 81安达市 82肇东市 83海伦市
2327大兴安岭地区 21呼玛县 22塔河县 23漠河县
3101 01黄浦区 04徐汇区 05长宁区 06静安区 07普陀区 09虹口区 10杨浦区 12闵行区 13宝山区 14嘉定区
  15浦东新区 16金山区 17松江区 18青浦区 20奉贤区 51崇明区
3201南京市 02玄武区 04秦淮区 05建邺区 06鼓楼区 11浦口区 13栖霞区 14雨花台区 15江宁区 16六合区
  17溧水区 18高淳区
3202无锡市 05锡山区 06惠山区 11滨湖区 13梁溪区 14新吴区 81江阴市 82宜兴市
3203徐州市 02鼓楼区 03云龙区 05贾汪区 11泉山区 12铜山区 21丰县 22沛县 24睢宁县 81新沂市 82邳州市
3204常州市 02天宁区 04钟楼区 11新北区 12武进区 13金坛区 81溧阳市
3205苏州市 05虎丘区 06吴中区 07相城区 08姑苏区 09吴江区 81常熟市 82张家港市 83昆山市 85太仓市
3206南通市 02崇川区 11港闸区 12通州区 21海安县 23如东县 81启东市 82如皋市 84海门市
3207连云港市 03连云区 06海州区 07赣榆区 22东海县 23灌云县 24灌南县
3208淮安市 03淮安区 04淮阴区 12清江浦区 13洪泽区 26涟水县 30盱眙县 31金湖县
3209盐城市 02亭湖区 03盐都区 04大丰区 21响水县 22滨海县 23阜宁县 24射阳县 25建湖县 81东台市
3210扬州市 02广陵区 03邗江区 12江都区 23宝应县 81仪征市 84高邮市
3211镇江市 02京口区 11润州区 12丹徒区 81丹阳市 82扬中市 83句容市
3212泰州市 02海陵区 03高港区 04姜堰区 81兴化市 82靖江市 83泰兴市
3213宿迁市 02宿城区 11宿豫区 22沭阳县 23泗阳县 24泗洪县
3301杭州市 02上城区 03下城区 04江干区 05拱墅区 06西湖区 08滨江区 09萧山区 10余杭区 11富阳区 22桐庐县
  27淳安县 82建德市 85临安市
3302宁波市 03海曙区 04江东区 05江北区 06北仑区 11镇海区 12鄞州区 25象山县 26宁海县 81余姚市 82慈溪市
  83奉化市
3303温州市 02鹿城区 03龙湾区 04瓯海区 05洞头区 24永嘉县 26平阳县 27苍南县 28文成县 29泰顺县 81瑞安市
  82乐清市
3304嘉兴市 02南湖区 11秀洲区 21嘉善县 24海盐县 81海宁市 82平湖市 83桐乡市
3305湖州市 02吴兴区 03南浔区 21德清县 22长兴县 23安吉县
3306绍兴市 02越城区 03柯桥区 04上虞区 24新昌县 81诸暨市 83嵊州市
3307金华市 02婺城区 03金东区 23武义县 26浦江县 27磐安县 81兰溪市 82义乌市 83东阳市 84永康市
3308衢州市 02柯城区 03衢江区 22常山县 24开化县 25龙游县 81江山市
3309舟山市 02定海区 03普陀区 21岱山县 22嵊泗县
3310台州市 02椒江区 03黄岩区 04路桥区 21玉环县 22三门县 23天台县 24仙居县 81温岭市 82临海市
3311丽水市 02莲都区 21青田县 22缙云县 23遂昌县 24松阳县 25云和县 26庆元县 27景宁畲族自治县 81龙泉市
3401合肥市 02瑶海区 03庐阳区 04蜀山区 11包河区 21长丰县 22肥东县 23肥西县 24庐江县 81巢湖市
3402芜湖市 02镜湖区 03弋江区 07鸠江区 08三山区 21芜湖县 22繁昌县 23南陵县 25无为县
3403蚌埠市 02龙子湖区 03蚌山区 04禹会区 11淮上区 21怀远县 22五河县 23固镇县
3404淮南市 02大通区 03田家庵区 04谢家集区 05八公山区 06潘集区 21凤台县 22寿县
3405马鞍山市 03花山区 04雨山区 06博望区 21当涂县 22含山县 23和县
3406淮北市 02杜集区 03相山区 04烈山区 21濉溪县
3407铜陵市 05铜官区 06义安区 11郊区 22枞阳县
3408安庆市 02迎江区 03大观区 11宜秀区 22怀宁县 24潜山县 25太湖县 26宿松县 27望江县 28岳西县 81桐城市
3410黄山市 02屯溪区 03黄山区 04徽州区 21歙县 22休宁县 23黟县 24祁门县
3411滁州市 02琅琊区 03南谯区 22来安县 24全椒县 25定远县 26凤阳县 81天长市 82明光市
3412阜阳市 02颍州区 03颍东区 04颍泉区 21临泉县 22太和县 25阜南县 26颍上县 82界首市
3413宿州市 02埇桥区 21砀山县 22萧县 23灵璧县 24泗县
3415六安市 02金安区 03裕安区 04叶集区 22霍邱县 23舒城县 24金寨县 25霍山县
3416亳州市 02谯城区 21涡阳县 22蒙城县 23利辛县
3417池州市 02贵池区 21东至县 22石台县 23青阳县
3418宣城市 02宣州区 21郎溪县 22广德县 23泾县 24绩溪县 25旌德县 81宁国市
3501福州市 02鼓楼区 03台江区 04仓山区 05马尾区 11晋安区 21闽侯县 22连江县 23罗源县 24闽清县 25永泰县
  28平潭县 81福清市 82长乐市
3502厦门市 03思明区 05海沧区 06湖里区 11集美区 12同安区 13翔安区
3503莆田市 02城厢区 03涵江区 04荔城区 05秀屿区 22仙游县
3504三明市 02梅列区 03三元区 21明溪县 23清流县 24宁化县 25大田县 26尤溪县 27沙县 28将乐县 29泰宁县
  30建宁县 81永安市
3505泉州市 02鲤城区 03丰泽区 04洛江区 05泉港区 21惠安县 24安溪县 25永春县 26德化县 27金门县 81石狮市
  82晋江市 83南安市
3506漳州市 02芗城区 03龙文区 22云霄县 23漳浦县 24诏安县 25长泰县 26东山县 27南靖县 28平和县 29华安县
  81龙海市
3507南平市 02延平区 03建阳区 21顺昌县 22浦城县 23光泽县 24松溪县 25政和县 81邵武市 82武夷山市
  83建瓯市
3508龙岩市 02新罗区 03永定区 21长汀县 23上杭县 24武平县 25连城县 81漳平市
3509宁德市 02蕉城区 21霞浦县 22古田县 23屏南县 24寿宁县 25周宁县 26柘荣县 81福安市 82福鼎市
3601南昌市 02东湖区 03西湖区 04青云谱区 05湾里区 11青山湖区 12新建区 21南昌县 23安义县 24进贤县
3602景德镇市 02昌江区 03珠山区 22浮梁县 81乐平市
3603萍乡市 02安源区 13湘东区 21莲花县 22上栗县 23芦溪县
3604九江市 02濂溪区 03浔阳区 21九江县 23武宁县 24修水县 25永修县 26德安县 28都昌县 29湖口县 30彭泽县
  81瑞昌市 82共青城市 83庐山市
3605新余市 02渝水区 21分宜县
3606鹰潭市 02月湖区 22余江县 81贵溪市
3607赣州市 02章贡区 03南康区 21赣县 22信丰县 23大余县 24上犹县 25崇义县 26安远县 27龙南县 28定南县
  29全南县 30宁都县 31于都县 32兴国县 33会昌县 34寻乌县 35石城县 81瑞金市
3608吉安市 02吉州区 03青原区 21吉安县 22吉水县 23峡江县 24新干县 25永丰县 26泰和县 27遂川县 28万安县
  29安福县 30永新县 81井冈山市
3609宜春市 02袁州区 21奉新县 22万载县 23上高县 24宜丰县 25靖安县 26铜鼓县 81丰城市 82樟树市 83高安市
3610抚州市 02临川区 21南城县 22黎川县 23南丰县 24崇仁县 25乐安县 26宜黄县 27金溪县 28资溪县 29东乡县
  30广昌县
3611上饶市 02信州区 03广丰区 21上饶县 23玉山县 24铅山县 25横峰县 26弋阳县 27余干县 28鄱阳县 29万年县
  30婺源县 81德兴市
3701济南市 02历下区 03市中区 04槐荫区 05天桥区 12历城区 13长清区 24平阴县 25济阳县 26商河县 81章丘市
3702青岛市 02市南区 03市北区 11黄岛区 12崂山区 13李沧区 14城阳区 81胶州市 82即墨市 83平度市 85莱西市
3703淄博市 02淄川区 03张店区 04博山区 05临淄区 06周村区 21桓台县 22高青县 23沂源县
3704枣庄市 02市中区 03薛城区 04峄城区 05台儿庄区 06山亭区 81滕州市
3705东营市 02东营区 03河口区 05垦利区 22利津县 23广饶县
3706烟台市 02芝罘区 11福山区 12牟平区 13莱山区 34长岛县 81龙口市 82莱阳市 83莱州市 84蓬莱市 85招远市
  86栖霞市 87海阳市
3707潍坊市 02潍城区 03寒亭区 04坊子区 05奎文区 24临朐县 25昌乐县 81青州市 82诸城市 83寿光市 84安丘市
  85高密市 86昌邑市
3708济宁市 11任城区 12兖州区 26微山县 27鱼台县 28金乡县 29嘉祥县 30汶上县 31泗水县 32梁山县 81曲阜市
  83邹城市
3709泰安市 02泰山区 11岱岳区 21宁阳县 23东平县 82新泰市 83肥城市
3710威海市 02环翠区 03文登区 82荣成市 83乳山市
3711日照市 02东港区 03岚山区 21五莲县 22莒县
3712莱芜市 02莱城区 03钢城区
3713临沂市 02兰山区 11罗庄区 12河东区 21沂南县 22郯城县 23沂水县 24兰陵县 25费县 26平邑县 27莒南县
  28蒙阴县 29临沭县
3714德州市 02德城区 03陵城区 22宁津县 23庆云县 24临邑县 25齐河县 26平原县 27夏津县 28武城县 81乐陵市
  82禹城市
3715聊城市 02东昌府区 21阳谷县 22莘县 23茌平县 24东阿县 25冠县 26高唐县 81临清市
3716滨州市 02滨城区 03沾化区 21惠民县 22阳信县 23无棣县 25博兴县 26邹平县
3717菏泽市 02牡丹区 03定陶区 21曹县 22单县 23成武县 24巨野县 25郓城县 26鄄城县 28东明县
4101郑州市 02中原区 03二七区 04管城回族区 05金水区 06上街区 08惠济区 22中牟县 81巩义市 82荥阳市
  83新密市 84新郑市 85登封市
4102开封市 02龙亭区 03顺河回族区 04鼓楼区 05禹王台区 11金明区 12祥符区 21杞县 22通许县 23尉氏县
  25兰考县
4103洛阳市 02老城区 03西工区 04瀍河回族区 05涧西区 06吉利区 11洛龙区 22孟津县 23新安县 24栾川县
  25嵩县 26汝阳县 27宜阳县 28洛宁县 29伊川县 81偃师市
4104平顶山市 02新华区 03卫东区 04石龙区 11湛河区 21宝丰县 22叶县 23鲁山县 25郏县 81舞钢市 82汝州市
4105安阳市 02文峰区 03北关区 05殷都区 06龙安区 22安阳县 23汤阴县 26滑县 27内黄县 81林州市
4106鹤壁市 02鹤山区 03山城区 11淇滨区 21浚县 22淇县
4107新乡市 02红旗区 03卫滨区 04凤泉区 11牧野区 21新乡县 24获嘉县 25原阳县 26延津县 27封丘县 28长垣县
  81卫辉市 82辉县市
4108焦作市 02解放区 03中站区 04马村区 11山阳区 21修武县 22博爱县 23武陟县 25温县 82沁阳市 83孟州市
4109濮阳市 02华龙区 22清丰县 23南乐县 26范县 27台前县 28濮阳县
4110许昌市 02魏都区 23许昌县 24鄢陵县 25襄城县 81禹州市 82长葛市
4111漯河市 02源汇区 03郾城区 04召陵区 21舞阳县 22临颍县
4112三门峡市 02湖滨区 03陕州区 21渑池县 24卢氏县 81义马市 82灵宝市
4113南阳市 02宛城区 03卧龙区 21南召县 22方城县 23西峡县 24镇平县 25内乡县 26淅川县 27社旗县 28唐河县
  29新野县 30桐柏县 81邓州市
4114商丘市 02梁园区 03睢阳区 21民权县 22睢县 23宁陵县 24柘城县 25虞城县 26夏邑县 81永城市
4115信阳市 02浉河区 03平桥区 21罗山县 22光山县 23新县 24商城县 25固始县 26潢川县 27淮滨县 28息县
4116周口市 02川汇区 21扶沟县 22西华县 23商水县 24沈丘县 25郸城县 26淮阳县 27太康县 28鹿邑县 81项城市
4117驻马店市 02驿城区 21西平县 22上蔡县 23平舆县 24正阳县 25确山县 26泌阳县 27汝南县 28遂平县
  29新蔡县
4190 01济源市
4201武汉市 02江岸区 03江汉区 04硚口区 05汉阳区 06武昌区 07青山区 11洪山区 12东西湖区 13汉南区
  14蔡甸区 15江夏区 16黄陂区 17新洲区
4202黄石市 02黄石港区 03西塞山区 04下陆区 05铁山区 22阳新县 81大冶市
4203十堰市 02茅箭区 03张湾区 04郧阳区 22郧西县 23竹山县 24竹溪县 25房县 81丹江口市
4205宜昌市 02西陵区 03伍家岗区 04点军区 05猇亭区 06夷陵区 25远安县 26兴山县 27秭归县
  28长阳土家族自治县 29五峰土家族自治县 81宜都市 82当阳市 83枝江市
4206襄阳市 02襄城区 06樊城区 07襄州区 24南漳县 25谷城县 26保康县 82老河口市 83枣阳市 84宜城市
4207鄂州市 02梁子湖区 03华容区 04鄂城区
4208荆门市 02东宝区 04掇刀区 21京山县 22沙洋县 81钟祥市
4209孝感市 02孝南区 21孝昌县 22大悟县 23云梦县 81应城市 82安陆市 84汉川市
4210荆州市 02沙市区 03荆州区 22公安县 23监利县 24江陵县 81石首市 83洪湖市 87松滋市
4211黄冈市 02黄州区 21团风县 22红安县 23罗田县 24英山县 25浠水县 26蕲春县 27黄梅县 81麻城市 82武穴市
4212咸宁市 02咸安区 21嘉鱼县 22通城县 23崇阳县 24通山县 81赤壁市
4213随州市 03曾都区 21随县 81广水市
4228恩施土家族苗族自治州 01恩施市 02利川市 22建始县 23巴东县 25宣恩县 26咸丰县 27来凤县 28鹤峰县
4290 04仙桃市 05潜江市 06天门市 21神农架林区
4301长沙市 02芙蓉区 03天心区 04岳麓区 05开福区 11雨花区 12望城区 21长沙县 24宁乡县 81浏阳市
4302株洲市 02荷塘区 03芦淞区 04石峰区 11天元区 21株洲县 23攸县 24茶陵县 25炎陵县 81醴陵市
4303湘潭市 02雨湖区 04岳塘区 21湘潭县 81湘乡市 82韶山市
4304衡阳市 05珠晖区 06雁峰区 07石鼓区 08蒸湘区 12南岳区 21衡阳县 22衡南县 23衡山县 24衡东县 26祁东县
  81耒阳市 82常宁市
4305邵阳市 02双清区 03大祥区 11北塔区 21邵东县 22新邵县 23邵阳县 24隆回县 25洞口县 27绥宁县 28新宁县
  29城步苗族自治县 81武冈市
4306岳阳市 02岳阳楼区 03云溪区 11君山区 21岳阳县 23华容县 24湘阴县 26平江县 81汨罗市 82临湘市
4307常德市 02武陵区 03鼎城区 21安乡县 22汉寿县 23澧县 24临澧县 25桃源县 26石门县 81津市市
4308张家界市 02永定区 11武陵源区 21慈利县 22桑植县
4309益阳市 02资阳区 03赫山区 21南县 22桃江县 23安化县 81沅江市
4310郴州市 02北湖区 03苏仙区 21桂阳县 22宜章县 23永兴县 24嘉禾县 25临武县 26汝城县 27桂东县 28安仁县
  81资兴市
4311永州市 02零陵区 03冷水滩区 21祁阳县 22东安县 23双牌县 24道县 25江永县 26宁远县 27蓝山县 28新田县
  29江华瑶族自治县
4312怀化市 02鹤城区 21中方县 22沅陵县 23辰溪县 24溆浦县 25会同县 26麻阳苗族自治县 27新晃侗族自治县
  28芷江侗族自治县 29靖州苗族侗族自治县 30通道侗族自治县 81洪江市
4313娄底市 02娄星区 21双峰县 22新化县 81冷水江市 82涟源市
4331湘西土家族苗族自治州 01吉首市 22泸溪县 23凤凰县 24花垣县 25保靖县 26古丈县 27永顺县 30龙山县
4401广州市 03荔湾区 04越秀区 05海珠区 06天河区 11白云区 12黄埔区 13番禺区 14花都区 15南沙区 17从化区
  18增城区
4402韶关市 03武江区 04浈江区 05曲江区 22始兴县 24仁化县 29翁源县 32乳源瑶族自治县 33新丰县 81乐昌市
  82南雄市
4403深圳市 03罗湖区 04福田区 05南山区 06宝安区 07龙岗区 08盐田区
4404珠海市 02香洲区 03斗门区 04金湾区
4405汕头市 07龙湖区 11金平区 12濠江区 13潮阳区 14潮南区 15澄海区 23南澳县
4406佛山市 04禅城区 05南海区 06顺德区 07三水区 08高明区
4407江门市 03蓬江区 04江海区 05新会区 81台山市 83开平市 84鹤山市 85恩平市
4408湛江市 02赤坎区 03霞山区 04坡头区 11麻章区 23遂溪县 25徐闻县 81廉江市 82雷州市 83吴川市
4409茂名市 02茂南区 04电白区 81高州市 82化州市 83信宜市
4412肇庆市 02端州区 03鼎湖区 04高要区 23广宁县 24怀集县 25封开县 26德庆县 84四会市
4413惠州市 02惠城区 03惠阳区 22博罗县 23惠东县 24龙门县
4414梅州市 02梅江区 03梅县区 22大埔县 23丰顺县 24五华县 26平远县 27蕉岭县 81兴宁市
4415汕尾市 02城区 21海丰县 23陆河县 81陆丰市
4416河源市 02源城区 21紫金县 22龙川县 23连平县 24和平县 25东源县
4417阳江市 02江城区 04阳东区 21阳西县 81阳春市
4418清远市 02清城区 03清新区 21佛冈县 23阳山县 25连山壮族瑶族自治县 26连南瑶族自治县 81英德市
  82连州市
4419东莞市
4420中山市
4451潮州市 02湘桥区 03潮安区 22饶平县
4452揭阳市 02榕城区 03揭东区 22揭西县 24惠来县 81普宁市
4453云浮市 02云城区 03云安区 21新兴县 22郁南县 81罗定市
4501南宁市 02兴宁区 03青秀区 05江南区 07西乡塘区 08良庆区 09邕宁区 10武鸣区 23隆安县 24马山县
  25上林县 26宾阳县 27横县
4502柳州市 02城中区 03鱼峰区 04柳南区 05柳北区 06柳江区 22柳城县 23鹿寨县 24融安县 25融水苗族自治县
  26三江侗族自治县
4503桂林市 02秀峰区 03叠彩区 04象山区 05七星区 11雁山区 12临桂区 21阳朔县 23灵川县 24全州县 25兴安县
  26永福县 27灌阳县 28龙胜各族自治县 29资源县 30平乐县 31荔浦县 32恭城瑶族自治县
4504梧州市 03万秀区 05长洲区 06龙圩区 21苍梧县 22藤县 23蒙山县 81岑溪市
4505北海市 02海城区 03银海区 12铁山港区 21合浦县
4506防城港市 02港口区 03防城区 21上思县 81东兴市
4507钦州市 02钦南区 03钦北区 21灵山县 22浦北县
4508贵港市 02港北区 03港南区 04覃塘区 21平南县 81桂平市
4509玉林市 02玉州区 03福绵区 21容县 22陆川县 23博白县 24兴业县 81北流市
4510百色市 02右江区 21田阳县 22田东县 23平果县 24德保县 26那坡县 27凌云县 28乐业县 29田林县 30西林县
  31隆林各族自治县 81靖西市
4511贺州市 02八步区 03平桂区 21昭平县 22钟山县 23富川瑶族自治县
4512河池市 02金城江区 21南丹县 22天峨县 23凤山县 24东兰县 25罗城仫佬族自治县 26环江毛南族自治县
  27巴马瑶族自治县 28都安瑶族自治县 29大化瑶族自治县 81宜州市
4513来宾市 02兴宾区 21忻城县 22象州县 23武宣县 24金秀瑶族自治县 81合山市
4514崇左市 02江州区 21扶绥县 22宁明县 23龙州县 24大新县 25天等县 81凭祥市
4601海口市 05秀英区 06龙华区 07琼山区 08美兰区
4602三亚市 02海棠区 03吉阳区 04天涯区 05崖州区
4603三沙市 21西沙群岛 22南沙群岛 23中沙群岛的岛礁及其海域
4604儋州市
4690 01五指山市 02琼海市 05文昌市 06万宁市 07东方市 21定安县 22屯昌县 23澄迈县 24临高县
  25白沙黎族自治县 26昌江黎族自治县 27乐东黎族自治县 28陵水黎族自治县 29保亭黎族苗族自治县
  30琼中黎族苗族自治县
5001 01万州区 02涪陵区 03渝中区 04大渡口区 05江北区 06沙坪坝区 07九龙坡区 08南岸区 09北碚区 10綦江区
  11大足区 12渝北区 13巴南区 14黔江区 15长寿区 16江津区 17合川区 18永川区 19南川区 20璧山区 51铜梁区
  52潼南区 53荣昌区 54开州区
5002 28梁平县 29城口县 30丰都县 31垫江县 32武隆县 33忠县 35云阳县 36奉节县 37巫山县 38巫溪县
  40石柱土家族自治县 41秀山土家族苗族自治县 42酉阳土家族苗族自治县 43彭水苗族土家族自治县
5101成都市 04锦江区 05青羊区 06金牛区 07武侯区 08成华区 12龙泉驿区 13青白江区 14新都区 15温江区
  16双流区 21金堂县 24郫县 29大邑县 31蒲江县 32新津县 81都江堰市 82彭州市 83邛崃市 84崇州市 85简阳市
5103自贡市 02自流井区 03贡井区 04大安区 11沿滩区 21荣县 22富顺县
5104攀枝花市 02东区 03西区 11仁和区 21米易县 22盐边县
5105泸州市 02江阳区 03纳溪区 04龙马潭区 21泸县 22合江县 24叙永县 25古蔺县
5106德阳市 03旌阳区 23中江县 26罗江县 81广汉市 82什邡市 83绵竹市
5107绵阳市 03涪城区 04游仙区 05安州区 22三台县 23盐亭县 25梓潼县 26北川羌族自治县 27平武县 81江油市
5108广元市 02利州区 11昭化区 12朝天区 21旺苍县 22青川县 23剑阁县 24苍溪县
5109遂宁市 03船山区 04安居区 21蓬溪县 22射洪县 23大英县
5110内江市 02市中区 11东兴区 24威远县 25资中县 28隆昌县
5111乐山市 02市中区 11沙湾区 12五通桥区 13金口河区 23犍为县 24井研县 26夹江县 29沐川县
  32峨边彝族自治县 33马边彝族自治县 81峨眉山市
5113南充市 02顺庆区 03高坪区 04嘉陵区 21南部县 22营山县 23蓬安县 24仪陇县 25西充县 81阆中市
5114眉山市 02东坡区 03彭山区 21仁寿县 23洪雅县 24丹棱县 25青神县
5115宜宾市 02翠屏区 03南溪区 21宜宾县 23江安县 24长宁县 25高县 26珙县 27筠连县 28兴文县 29屏山县
5116广安市 02广安区 03前锋区 21岳池县 22武胜县 23邻水县 81华蓥市
5117达州市 02通川区 03达川区 22宣汉县 23开江县 24大竹县 25渠县 81万源市
5118雅安市 02雨城区 03名山区 22荥经县 23汉源县 24石棉县 25天全县 26芦山县 27宝兴县
5119巴中市 02巴州区 03恩阳区 21通江县 22南江县 23平昌县
5120资阳市 02雁江区 21安岳县 22乐至县
5132阿坝藏族羌族自治州 01马尔康市 21汶川县 22理县 23茂县 24松潘县 25九寨沟县 26金川县 27小金县
  28黑水县 30壤塘县 31阿坝县 32若尔盖县 33红原县
5133甘孜藏族自治州 01康定市 22泸定县 23丹巴县 24九龙县 25雅江县 26道孚县 27炉霍县 28甘孜县 29新龙县
  30德格县 31白玉县 32石渠县 33色达县 34理塘县 35巴塘县 36乡城县 37稻城县 38得荣县
5134凉山彝族自治州 01西昌市 22木里藏族自治县 23盐源县 24德昌县 25会理县 26会东县 27宁南县 28普格县
  29布拖县 30金阳县 31昭觉县 32喜德县 33冕宁县 34越西县 35甘洛县 36美姑县 37雷波县
5201贵阳市 02南明区 03云岩区 11花溪区 12乌当区 13白云区 15观山湖区 21开阳县 22息烽县 23修文县
  81清镇市
5202六盘水市 01钟山区 03六枝特区 21水城县 22盘县
5203遵义市 02红花岗区 03汇川区 04播州区 22桐梓县 23绥阳县 24正安县 25道真仡佬族苗族自治县
  26务川仡佬族苗族自治县 27凤冈县 28湄潭县 29余庆县 30习水县 81赤水市 82仁怀市
5204安顺市 02西秀区 03平坝区 22普定县 23镇宁布依族苗族自治县 24关岭布依族苗族自治县
  25紫云苗族布依族自治县
5205毕节市 02七星关区 21大方县 22黔西县 23金沙县 24织金县 25纳雍县 26威宁彝族回族苗族自治县 27赫章县
5206铜仁市 02碧江区 03万山区 21江口县 22玉屏侗族自治县 23石阡县 24思南县 25印江土家族苗族自治县
  26德江县 27沿河土家族自治县 28松桃苗族自治县
5223黔西南布依族苗族自治州 01兴义市 22兴仁县 23普安县 24晴隆县 25贞丰县 26望谟县 27册亨县 28安龙县
5226黔东南苗族侗族自治州 01凯里市 22黄平县 23施秉县 24三穗县 25镇远县 26岑巩县 27天柱县 28锦屏县
  29剑河县 30台江县 31黎平县 32榕江县 33从江县 34雷山县 35麻江县 36丹寨县
5227黔南布依族苗族自治州 01都匀市 02福泉市 22荔波县 23贵定县 25瓮安县 26独山县 27平塘县 28罗甸县
  29长顺县 30龙里县 31惠水县 32三都水族自治县
5301昆明市 02五华区 03盘龙区 11官渡区 12西山区 13东川区 14呈贡区 22晋宁县 24富民县 25宜良县
  26石林彝族自治县 27嵩明县 28禄劝彝族苗族自治县 29寻甸回族彝族自治县 81安宁市
5303曲靖市 02麒麟区 03沾益区 21马龙县 22陆良县 23师宗县 24罗平县 25富源县 26会泽县 81宣威市
5304玉溪市 02红塔区 03江川区 22澄江县 23通海县 24华宁县 25易门县 26峨山彝族自治县
  27新平彝族傣族自治县 28元江哈尼族彝族傣族自治县
5305保山市 02隆阳区 21施甸县 23龙陵县 24昌宁县 81腾冲市
5306昭通市 02昭阳区 21鲁甸县 22巧家县 23盐津县 24大关县 25永善县 26绥江县 27镇雄县 28彝良县 29威信县
  30水富县
5307丽江市 02古城区 21玉龙纳西族自治县 22永胜县 23华坪县 24宁蒗彝族自治县
5308普洱市 02思茅区 21宁洱哈尼族彝族自治县 22墨江哈尼族自治县 23景东彝族自治县 24景谷傣族彝族自治县
  25镇沅彝族哈尼族拉祜族自治县 26江城哈尼族彝族自治县 27孟连傣族拉祜族佤族自治县 28澜沧拉祜族自治县
  29西盟佤族自治县
5309临沧市 02临翔区 21凤庆县 22云县 23永德县 24镇康县 25双江拉祜族佤族布朗族傣族自治县
  26耿马傣族佤族自治县 27沧源佤族自治县
5323楚雄彝族自治州 01楚雄市 22双柏县 23牟定县 24南华县 25姚安县 26大姚县 27永仁县 28元谋县 29武定县
  31禄丰县
5325红河哈尼族彝族自治州 01个旧市 02开远市 03蒙自市 04弥勒市 23屏边苗族自治县 24建水县 25石屏县
  27泸西县 28元阳县 29红河县 30金平苗族瑶族傣族自治县 31绿春县 32河口瑶族自治县
5326文山壮族苗族自治州 01文山市 22砚山县 23西畴县 24麻栗坡县 25马关县 26丘北县 27广南县 28富宁县
5328西双版纳傣族自治州 01景洪市 22勐海县 23勐腊县
5329大理白族自治州 01大理市 22漾濞彝族自治县 23祥云县 24宾川县 25弥渡县 26南涧彝族自治县
  27巍山彝族回族自治县 28永平县 29云龙县 30洱源县 31剑川县 32鹤庆县
5331德宏傣族景颇族自治州 02瑞丽市 03芒市 22梁河县 23盈江县 24陇川县
5333怒江傈僳族自治州 01泸水市 23福贡县 24贡山独龙族怒族自治县 25兰坪白族普米族自治县
5334迪庆藏族自治州 01香格里拉市 22德钦县 23维西傈僳族自治县
5401拉萨市 02城关区 03堆龙德庆区 21林周县 22当雄县 23尼木县 24曲水县 26达孜县 27墨竹工卡县
5402日喀则市 02桑珠孜区 21南木林县 22江孜县 23定日县 24萨迦县 25拉孜县 26昂仁县 27谢通门县 28白朗县
  29仁布县 30康马县 31定结县 32仲巴县 33亚东县 34吉隆县 35聂拉木县 36萨嘎县 37岗巴县
5403昌都市 02卡若区 21江达县 22贡觉县 23类乌齐县 24丁青县 25察雅县 26八宿县 27左贡县 28芒康县
  29洛隆县 30边坝县
5404林芝市 02巴宜区 21工布江达县 22米林县 23墨脱县 24波密县 25察隅县 26朗县
5405山南市 02乃东区 21扎囊县 22贡嘎县 23桑日县 24琼结县 25曲松县 26措美县 27洛扎县 28加查县 29隆子县
  30错那县 31浪卡子县
5424那曲地区 21那曲县 22嘉黎县 23比如县 24聂荣县 25安多县 26申扎县 27索县 28班戈县 29巴青县 30尼玛县
  31双湖县
5425阿里地区 21普兰县 22札达县 23噶尔县 24日土县 25革吉县 26改则县 27措勤县
6101西安市 02新城区 03碑林区 04莲湖区 11灞桥区 12未央区 13雁塔区 14阎良区 15临潼区 16长安区 17高陵区
  22蓝田县 24周至县 25户县
6102铜川市 02王益区 03印台区 04耀州区 22宜君县
6103宝鸡市 02渭滨区 03金台区 04陈仓区 22凤翔县 23岐山县 24扶风县 26眉县 27陇县 28千阳县 29麟游县
  30凤县 31太白县
6104咸阳市 02秦都区 03杨陵区 04渭城区 22三原县 23泾阳县 24乾县 25礼泉县 26永寿县 27彬县 28长武县
  29旬邑县 30淳化县 31武功县 81兴平市
6105渭南市 02临渭区 03华州区 22潼关县 23大荔县 24合阳县 25澄城县 26蒲城县 27白水县 28富平县 81韩城市
  82华阴市
6106延安市 02宝塔区 03安塞区 21延长县 22延川县 23子长县 25志丹县 26吴起县 27甘泉县 28富县 29洛川县
  30宜川县 31黄龙县 32黄陵县
6107汉中市 02汉台区 21南郑县 22城固县 23洋县 24西乡县 25勉县 26宁强县 27略阳县 28镇巴县 29留坝县
  30佛坪县
6108榆林市 02榆阳区 03横山区 21神木县 22府谷县 24靖边县 25定边县 26绥德县 27米脂县 28佳县 29吴堡县
  30清涧县 31子洲县
6109安康市 02汉滨区 21汉阴县 22石泉县 23宁陕县 24紫阳县 25岚皋县 26平利县 27镇坪县 28旬阳县 29白河县
6110商洛市 02商州区 21洛南县 22丹凤县 23商南县 24山阳县 25镇安县 26柞水县
6201兰州市 02城关区 03七里河区 04西固区 05安宁区 11红古区 21永登县 22皋兰县 23榆中县
6202嘉峪关市
6203金昌市 02金川区 21永昌县
6204白银市 02白银区 03平川区 21靖远县 22会宁县 23景泰县
6205天水市 02秦州区 03麦积区 21清水县 22秦安县 23甘谷县 24武山县 25张家川回族自治县
6206武威市 02凉州区 21民勤县 22古浪县 23天祝藏族自治县
6207张掖市 02甘州区 21肃南裕固族自治县 22民乐县 23临泽县 24高台县 25山丹县
6208平凉市 02崆峒区 21泾川县 22灵台县 23崇信县 24华亭县 25庄浪县 26静宁县
6209酒泉市 02肃州区 21金塔县 22瓜州县 23肃北蒙古族自治县 24阿克塞哈萨克族自治县 81玉门市 82敦煌市
6210庆阳市 02西峰区 21庆城县 22环县 23华池县 24合水县 25正宁县 26宁县 27镇原县
6211定西市 02安定区 21通渭县 22陇西县 23渭源县 24临洮县 25漳县 26岷县
6212陇南市 02武都区 21成县 22文县 23宕昌县 24康县 25西和县 26礼县 27徽县 28两当县
6229临夏回族自治州 01临夏市 21临夏县 22康乐县 23永靖县 24广河县 25和政县 26东乡族自治县
  27积石山保安族东乡族撒拉族自治县
6230甘南藏族自治州 01合作市 21临潭县 22卓尼县 23舟曲县 24迭部县 25玛曲县 26碌曲县 27夏河县
6301西宁市 02城东区 03城中区 04城西区 05城北区 21大通回族土族自治县 22湟中县 23湟源县
6302海东市 02乐都区 03平安区 22民和回族土族自治县 23互助土族自治县 24化隆回族自治县
  25循化撒拉族自治县
6322海北藏族自治州 21门源回族自治县 22祁连县 23海晏县 24刚察县
6323黄南藏族自治州 21同仁县 22尖扎县 23泽库县 24河南蒙古族自治县
6325海南藏族自治州 21共和县 22同德县 23贵德县 24兴海县 25贵南县
6326果洛藏族自治州 21玛沁县 22班玛县 23甘德县 24达日县 25久治县 26玛多县
6327玉树藏族自治州 01玉树市 22杂多县 23称多县 24治多县 25囊谦县 26曲麻莱县
6328海西蒙古族藏族自治州 01格尔木市 02德令哈市 21乌兰县 22都兰县 23天峻县
6401银川市 04兴庆区 05西夏区 06金凤区 21永宁县 22贺兰县 81灵武市
6402石嘴山市 02大武口区 05惠农区 21平罗县
6403吴忠市 02利通区 03红寺堡区 23盐池县 24同心县 81青铜峡市
6404固原市 02原州区 22西吉县 23隆德县 24泾源县 25彭阳县
6405中卫市 02沙坡头区 21中宁县 22海原县
6501乌鲁木齐市 02天山区 03沙依巴克区 04新市区 05水磨沟区 06头屯河区 07达坂城区 09米东区 21乌鲁木齐县
6502克拉玛依市 02独山子区 03克拉玛依区 04白碱滩区 05乌尔禾区
6504吐鲁番市 02高昌区 21鄯善县 22托克逊县
6505哈密市 02伊州区 21巴里坤哈萨克自治县 22伊吾县
6523昌吉回族自治州 01昌吉市 02阜康市 23呼图壁县 24玛纳斯县 25奇台县 27吉木萨尔县 28木垒哈萨克自治县
6527博尔塔拉蒙古自治州 01博乐市 02阿拉山口市 22精河县 23温泉县
6528巴音郭楞蒙古自治州 01库尔勒市 22轮台县 23尉犁县 24若羌县 25且末县 26焉耆回族自治县 27和静县
  28和硕县 29博湖县
6529阿克苏地区 01阿克苏市 22温宿县 23库车县 24沙雅县 25新和县 26拜城县 27乌什县 28阿瓦提县 29柯坪县
6530克孜勒苏柯尔克孜自治州 01阿图什市 22阿克陶县 23阿合奇县 24乌恰县
6531喀什地区 01喀什市 21疏附县 22疏勒县 23英吉沙县 24泽普县 25莎车县 26叶城县 27麦盖提县 28岳普湖县
  29伽师县 30巴楚县 31塔什库尔干塔吉克自治县
6532和田地区 01和田市 21和田县 22墨玉县 23皮山县 24洛浦县 25策勒县 26于田县 27民丰县
6540伊犁哈萨克自治州 02伊宁市 03奎屯市 04霍尔果斯市 21伊宁县 22察布查尔锡伯自治县 23霍城县 24巩留县
  25新源县 26昭苏县 27特克斯县 28尼勒克县
6542塔城地区 01塔城市 02乌苏市 21额敏县 23沙湾县 24托里县 25裕民县 26和布克赛尔蒙古自治县
6543阿勒泰地区 01阿勒泰市 21布尔津县 22富蕴县 23福海县 24哈巴河县 25青河县 26吉木乃县
6590 01石河子市 02阿拉尔市 03图木舒克市 04五家渠市 06铁门关市
"""

if __name__ == "__main__":
    main(sys.argv[1:])
