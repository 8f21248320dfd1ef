"""The demo associations' basic information (R-INF-1), registered and changed through the services."""

import random
from datetime import date, timedelta
from decimal import Decimal

from xinyong.registry.choices import AssociationStatus, RegistrationType
from xinyong.registry.models import Association, Authority
from xinyong.registry.services import association_create, association_modify
from xinyong.registry.uscc import make_uscc

from .data import (
    CATALOGUE,
    CHANGES,
    CONFIDENTIAL_AT_CREATION,
    CONFIDENTIAL_LATER,
    DEREGISTERED,
    DISTRICTS,
    GIVEN_NAMES,
    NOT_TRADE,
    SURNAMES,
    TRAINING_COURSES,
    District,
)
from .writer import Place

DISTRICT_BY_CODE = {d.code: d for d in DISTRICTS}
SHORT_TYPE = {
    RegistrationType.SOCIAL_GROUP: "sg",
    RegistrationType.SOCIAL_SERVICE: "ss",
    RegistrationType.FOUNDATION: "fd",
}
SOCIAL_GROUP_SCOPES = (
    "开展{topic}领域行业自律、业务培训、交流研讨、信息咨询；承接政府部门委托事项",
    "组织{topic}相关学术研究与交流，开展业务培训、展览展示、咨询服务",
    "维护会员合法权益，开展{topic}行业调研、标准制定、人才培训、对外交流",
)
BRANCH_SUFFIXES = (
    "专家委员会",
    "青年工作委员会",
    "标准化工作委员会",
    "自律工作委员会",
    "培训中心",
    "会员服务部",
)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def address(rng: random.Random, district: District) -> str:
    text = f"北京市{district.name}{rng.choice(district.streets)}{rng.randint(1, 199)}号"
    if rng.random() < 0.5:
        text += f"{rng.randint(1, 12)}号楼{rng.randint(1, 20)}{rng.randint(1, 30):02d}室"
    return text


def build_associations(
    *, rng: random.Random, today: date, authorities: dict[str, Authority], staff: dict[int, object]
) -> dict[str, Place]:
    """Register every association of the catalogue with its authority, as that authority's staff."""
    places: dict[str, Place] = {}
    bodies: set[str] = set()
    for code, entries in CATALOGUE.items():
        authority = authorities[code]
        district = DISTRICT_BY_CODE.get(code)
        for registration_type, name, topic in entries:
            located = district or rng.choice(DISTRICTS)
            data = {
                "name": name,
                "uscc": make_uscc(
                    registration_type=registration_type, division=code, org_body=_org_body(rng, bodies)
                ),
                "registration_type": registration_type,
                "address": address(rng, located),
                "legal_representative": person(rng),
                **_size(rng, registration_type),
                "business_scope": _scope(rng, registration_type, name, topic),
                "branches": _branches(rng, registration_type, name, located),
                "founded_on": _founded(rng, registration_type, today),
                "confidential_fields": CONFIDENTIAL_AT_CREATION.get(name, {}),
            }
            association = association_create(
                actor=staff[authority.pk], authority=authority, data=data, reason="成立登记"
            )
            tags = {"any", SHORT_TYPE[registration_type]}
            if registration_type == RegistrationType.SOCIAL_GROUP and name not in NOT_TRADE:
                tags.add("trade")
            if district:
                tags.add("district")
            if "培训学校" in name:
                tags.add("training")
            if "养老" in name or "颐养" in name:
                tags.add("elderly")
            places[name] = Place(association, authority, district, topic, frozenset(tags))
    return places


def apply_later_changes(*, rng: random.Random, places: dict[str, Place], staff: dict[int, object]) -> None:
    """变更 of basic information, confidentiality marks and deregistrations, each with its reason."""
    for name, (field, reason) in CHANGES.items():
        _modify(places[name], staff, {field: _changed_value(rng, places[name], field)}, reason)
    for name, (marks, reason) in CONFIDENTIAL_LATER.items():
        current = places[name].association.confidential_fields
        _modify(places[name], staff, {"confidential_fields": {**current, **marks}}, reason)
    for name, reason in DEREGISTERED.items():
        _modify(places[name], staff, {"status": AssociationStatus.DEREGISTERED}, reason)


def _modify(place: Place, staff: dict[int, object], changes: dict, reason: str) -> Association:
    association = place.association
    # Earlier changes in this run raised the version; the service refuses a stale one.
    association.refresh_from_db()
    return association_modify(
        actor=staff[place.authority.pk],
        association=association,
        changes=changes,
        reason=reason,
        expected_version=association.version,
    )


def _changed_value(rng: random.Random, place: Place, field: str):
    association = place.association
    if field == "legal_representative":
        new = person(rng)
        while new == association.legal_representative:
            new = person(rng)
        return new
    if field == "address":
        return address(rng, place.district or rng.choice(DISTRICTS))
    if field == "business_scope":
        return association.business_scope + "；承接政府购买服务和政府转移职能事项"
    if field == "registered_capital":
        return str(Decimal(association.registered_capital) + 300)
    if field == "staff_count":
        return association.staff_count + rng.randint(3, 10)
    raise ValueError(field)


def _org_body(rng: random.Random, used: set[str]) -> str:
    """Organisation-code body in the MJ series that civil-affairs authorities assign."""
    while True:
        body = f"MJ{rng.randint(0, 999_999):06d}"
        if body not in used:
            used.add(body)
            return body


def _size(rng: random.Random, registration_type: str) -> dict:
    if registration_type == RegistrationType.FOUNDATION:
        staff, capital = rng.randint(3, 15), rng.choice((200, 400, 500, 800, 1000, 2000))
    elif registration_type == RegistrationType.SOCIAL_SERVICE:
        staff, capital = rng.randint(6, 60), rng.choice((10, 20, 30, 50, 100, 200))
    else:
        staff, capital = rng.randint(3, 30), rng.choice((3, 5, 10, 20, 30, 50))
    return {"staff_count": staff, "registered_capital": f"{capital}.00"}


def _scope(rng: random.Random, registration_type: str, name: str, topic: str) -> str:
    if registration_type == RegistrationType.FOUNDATION:
        return f"资助{topic}公益项目，开展{topic}相关公益活动，接受社会捐赠，开展项目合作与交流"
    if registration_type == RegistrationType.SOCIAL_GROUP:
        return rng.choice(SOCIAL_GROUP_SCOPES).format(topic=topic)
    if "培训学校" in name:
        return f"职业技能培训（{'、'.join(rng.sample(TRAINING_COURSES, 4))}）"
    if "养老" in name or "颐养" in name:
        return "为老年人提供生活照料、康复护理、助餐助浴、精神慰藉服务"
    if "社会工作" in name:
        return "社会工作服务、社区治理服务、困难群体帮扶、志愿服务组织与培训"
    if "科技" in name:
        return "青少年科技教育活动、科普讲座、科技竞赛辅导"
    return "社区便民服务、社区文化活动组织、居家养老服务、志愿服务"


def _branches(rng: random.Random, registration_type: str, name: str, district: District) -> list[dict]:
    """Social groups have 0-3 branches; a foundation may keep one representative office;
    社会服务机构 may not set up branches at all."""
    if registration_type == RegistrationType.SOCIAL_GROUP:
        count = rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0]
        names = [name + suffix for suffix in rng.sample(BRANCH_SUFFIXES, count)]
    elif registration_type == RegistrationType.FOUNDATION and rng.random() < 0.4:
        names = [f"{name}{district.name.removesuffix('区')}代表处"]
    else:
        names = []
    return [{"name": n, "address": address(rng, district), "head": person(rng)} for n in names]


def _founded(rng: random.Random, registration_type: str, today: date) -> date:
    # Foundations were registered locally only after the 2004 《基金会管理条例》.
    oldest = 18 if registration_type == RegistrationType.FOUNDATION else 30
    return today - timedelta(days=rng.randint(9 * 365, oldest * 365))
