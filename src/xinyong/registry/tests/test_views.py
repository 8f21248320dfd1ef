"""Back-office pages for associations: registration, 变更 and who sees what (R-INF-1, R-REC-3)."""

import pytest
from django.urls import reverse

from xinyong.history.models import HistoryEntry
from xinyong.registry.models import Association
from xinyong.testing import factories as f


def create_payload(**overrides) -> dict:
    data = {
        "name": "北京市网页登记测试协会",
        "uscc": f.uscc(),
        "registration_type": "social_group",
        "address": "北京市东城区和平里西街5号",
        "legal_representative": "赵网页",
        "staff_count": "8",
        "registered_capital": "30",
        "business_scope": "行业交流、培训",
        "founded_on": "2015-06-01",
        "branch_0_name": "咨询服务部",
        "branch_0_address": "北京市东城区和平里西街6号",
        "branch_0_head": "钱负责",
        "mark_legal_representative": "personal_privacy",
        "reason": "依法登记成立",
    }
    data.update(overrides)
    return data


def modify_payload(association: Association, **overrides) -> dict:
    data = {
        "name": association.name,
        "uscc": association.uscc,
        "registration_type": association.registration_type,
        "address": association.address,
        "legal_representative": association.legal_representative,
        "staff_count": str(association.staff_count),
        "registered_capital": str(association.registered_capital),
        "business_scope": association.business_scope,
        "founded_on": association.founded_on.isoformat(),
        "status": association.status,
        "version": str(association.version),
        "reason": "",
    }
    for n, branch in enumerate(association.branches):
        for part in ("name", "address", "head"):
            data[f"branch_{n}_{part}"] = branch[part]
    for field, mark in association.confidential_fields.items():
        data[f"mark_{field}"] = mark
    data.update(overrides)
    return data


def test_staff_registers_association_through_the_form(client, dc_staff, dongcheng):
    client.force_login(dc_staff)
    payload = create_payload()
    response = client.post(reverse("registry:create"), payload)
    association = Association.objects.get(uscc=payload["uscc"])
    assert response.status_code == 302
    assert response.url == reverse("registry:detail", args=[association.pk])
    assert association.authority == dongcheng
    assert association.branches == [
        {"name": "咨询服务部", "address": "北京市东城区和平里西街6号", "head": "钱负责"}
    ]
    assert association.confidential_fields == {"legal_representative": "personal_privacy"}
    assert str(association.registered_capital) == "30.00"
    entry = HistoryEntry.objects.get(object_type="association", object_id=association.pk)
    assert entry.reason == "依法登记成立"

    public = client.get(reverse("disclosure:profile", args=[association.uscc])).content.decode()
    assert "北京市网页登记测试协会" in public
    assert "咨询服务部" in public
    assert "赵网页" not in public  # marked 个人隐私

    office = client.get(reverse("registry:detail", args=[association.pk])).content.decode()
    assert "赵网页" in office
    assert "个人隐私 · 不公开" in office


def test_invalid_code_is_refused_and_the_input_kept(client, dc_staff):
    client.force_login(dc_staff)
    response = client.post(reverse("registry:create"), create_payload(uscc="51110000MJ0000000X"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "北京市网页登记测试协会" in html  # what was typed is still there
    assert "钱负责" in html
    assert not Association.objects.filter(name="北京市网页登记测试协会").exists()


def test_registration_without_reason_is_refused(client, dc_staff):
    client.force_login(dc_staff)
    response = client.post(reverse("registry:create"), create_payload(reason=" "))
    assert response.status_code == 200
    assert "请填写原因" in response.content.decode()
    assert not Association.objects.filter(name="北京市网页登记测试协会").exists()


def test_half_filled_branch_row_gets_a_message(client, dc_staff):
    client.force_login(dc_staff)
    response = client.post(reverse("registry:create"), create_payload(branch_1_name="只有名称"))
    assert "第2个分支（代表）机构的名称、地址、负责人都必须填写" in response.content.decode()
    assert not Association.objects.filter(name="北京市网页登记测试协会").exists()


def test_modify_with_reason_is_kept_in_history(client, dc_staff, assoc):
    client.force_login(dc_staff)
    response = client.post(
        reverse("registry:modify", args=[assoc.pk]),
        modify_payload(assoc, address="北京市东城区新地址88号", reason="住所变更"),
    )
    assert response.status_code == 302
    assoc.refresh_from_db()
    assert assoc.address == "北京市东城区新地址88号"
    assert assoc.version == 2
    html = client.get(reverse("history:association", args=[assoc.pk])).content.decode()
    assert "住所变更" in html
    assert "北京市东城区东四十条1号" in html  # before
    assert "北京市东城区新地址88号" in html  # after
    assert "住所（地址）" in html


def test_modify_without_reason_changes_nothing(client, dc_staff, assoc):
    client.force_login(dc_staff)
    entries = HistoryEntry.objects.count()
    response = client.post(
        reverse("registry:modify", args=[assoc.pk]), modify_payload(assoc, address="不应保存的地址")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写原因" in html
    assert "不应保存的地址" in html  # kept in the form
    assoc.refresh_from_db()
    assert assoc.address == "北京市东城区东四十条1号"
    assert HistoryEntry.objects.count() == entries


def test_modify_with_stale_version_says_someone_else_changed_it(client, dc_staff, assoc):
    client.force_login(dc_staff)
    stale = modify_payload(assoc, address="第一次修改", reason="第一次")
    assert client.post(reverse("registry:modify", args=[assoc.pk]), stale).status_code == 302
    stale.update(address="第二次修改", reason="第二次")  # still carries version 1
    response = client.post(reverse("registry:modify", args=[assoc.pk]), stale)
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    assoc.refresh_from_db()
    assert assoc.address == "第一次修改"


def test_stale_save_merges_the_other_change_and_can_be_resubmitted(client, dc_staff, assoc):
    """Clerk A and clerk B open the form at version 1; A changes the address and saves; B changed
    the legal representative. B's save is refused, then shown merged: A's address taken, B's
    change kept; one more submit saves both, and A's change is not undone."""
    url = reverse("registry:modify", args=[assoc.pk])
    clerk_b = modify_payload(assoc, legal_representative="王五", reason="法定代表人变更")
    client.force_login(dc_staff)
    assert client.post(url, modify_payload(assoc, address="新地址1号", reason="住所变更")).status_code == 302

    response = client.post(url, clerk_b)
    assert response.status_code == 409
    merge = response.context["merge"]
    taken = {c.label: c for c in merge.changes}
    assert taken["住所（地址）"].theirs == "新地址1号" and not taken["住所（地址）"].conflict
    assert "法定代表人" not in taken  # only B changed it: nothing to decide
    assert [e.reason for e in merge.entries] == ["住所变更"]
    form = response.context["form"]
    assert form["address"].value() == "新地址1号"
    assert form["legal_representative"].value() == "王五"
    assert form["version"].value() == "2"
    html = response.content.decode()
    assert "已被他人修改" in html and "已采用他人的修改" in html

    resubmit = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert client.post(url, resubmit).status_code == 302
    assoc.refresh_from_db()
    assert (assoc.address, assoc.legal_representative, assoc.version) == ("新地址1号", "王五", 3)


def test_stale_save_with_the_same_field_changed_differently_is_a_conflict(client, dc_staff, assoc):
    url = reverse("registry:modify", args=[assoc.pk])
    clerk_b = modify_payload(assoc, address="乙填写的地址", reason="乙")
    client.force_login(dc_staff)
    client.post(url, modify_payload(assoc, address="甲填写的地址", reason="甲"))
    response = client.post(url, clerk_b)
    assert response.status_code == 409
    (change,) = response.context["merge"].changes
    assert (change.base, change.theirs, change.mine, change.conflict) == (
        "北京市东城区东四十条1号",
        "甲填写的地址",
        "乙填写的地址",
        True,
    )
    assert response.context["form"]["address"].value() == "乙填写的地址"  # kept, for B to decide
    assoc.refresh_from_db()
    assert assoc.address == "甲填写的地址"


@pytest.mark.parametrize("who", ["xc_staff", "city_staff", "supervisor"])
def test_only_the_registering_authority_modifies(client, request, assoc, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("registry:modify", args=[assoc.pk]), modify_payload(assoc, address="越权地址", reason="越权")
    )
    assert response.status_code == 403
    assoc.refresh_from_db()
    assert assoc.address == "北京市东城区东四十条1号"


def test_list_is_limited_to_the_staff_authority(client, dc_staff, xc_staff, assoc):
    f.association(actor=xc_staff, name="北京市西城区书法协会")
    client.force_login(dc_staff)
    html = client.get(reverse("registry:list")).content.decode()
    assert assoc.name in html
    assert "北京市西城区书法协会" not in html


def test_list_search_and_status_filter(client, supervisor, dc_staff, assoc):
    f.association(actor=dc_staff, name="北京市东城区书法协会", status="deregistered")
    client.force_login(supervisor)
    html = client.get(reverse("registry:list"), {"q": "书法"}).content.decode()
    assert "北京市东城区书法协会" in html and assoc.name not in html
    html = client.get(reverse("registry:list"), {"status": "active"}).content.decode()
    assert assoc.name in html and "北京市东城区书法协会" not in html
    html = client.get(reverse("registry:list"), {"q": assoc.uscc}).content.decode()
    assert assoc.name in html
    assert "请输入至少" in client.get(reverse("registry:list"), {"q": "书"}).content.decode()


def names_listed(client, **params) -> set[str]:
    page = client.get(reverse("registry:list"), params).context["page"]
    return {a.name for a in page}


def test_list_filters_by_type_authority_and_credit(client, supervisor, dc_staff, xc_staff, assoc, dishonesty):
    foundation = f.association(actor=dc_staff, name="北京市东城区助学基金会", registration_type="foundation")
    with_draft = f.association(actor=xc_staff, name="北京市西城区书法协会")
    f.record(actor=xc_staff, association_obj=with_draft, draft=True, evidence=False)
    client.force_login(supervisor)
    everyone = {assoc.name, foundation.name, with_draft.name}
    assert names_listed(client) == everyone
    assert names_listed(client, registration_type="foundation") == {foundation.name}
    assert names_listed(client, authority=str(xc_staff.authority_id)) == {with_draft.name}
    assert names_listed(client, credit="dishonesty") == {assoc.name}
    assert names_listed(client, credit="drafts") == {with_draft.name}
    assert names_listed(client, credit="no_records") == {foundation.name}
    # Filters combine: a Dongcheng association with drafts — there is none.
    assert names_listed(client, authority=str(dc_staff.authority_id), credit="drafts") == set()
    newest_first = client.get(reverse("registry:list"), {"order": "-updated_at"}).context["page"]
    assert newest_first[0].name == with_draft.name


def test_list_filter_by_authority_only_where_there_is_a_choice(client, dc_staff, supervisor, assoc):
    client.force_login(dc_staff)
    assert "authority" not in client.get(reverse("registry:list")).context["form"].fields
    client.force_login(supervisor)
    xicheng_staff = f.staff(f.authority(code="110102", name="北京市西城区民政局"))
    f.association(actor=xicheng_staff, name="北京市西城区棋协")
    form = client.get(reverse("registry:list")).context["form"]
    assert "authority" in form.fields
    # An authority outside the choices is refused as a field error, not a crash.
    response = client.get(reverse("registry:list"), {"authority": "999999"})
    assert response.status_code == 200 and "authority" in response.context["form"].errors


def test_detail_explains_why_a_record_is_not_public(client, dc_staff, assoc, dishonesty):
    draft = f.record(actor=dc_staff, association_obj=assoc, draft=True, evidence=False)
    client.force_login(dc_staff)
    html = client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    assert "公示中" in html
    assert "草稿、缺少证明材料" in html
    assert reverse("records:detail", args=[draft.pk]) in html
    assert reverse("records:create", args=[assoc.pk, "dishonesty"]) in html


def test_association_account_sees_its_own_association_read_only(client, assoc, assoc_user, dishonesty):
    client.force_login(assoc_user)
    html = client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    assert reverse("records:detail", args=[dishonesty.pk]) in html
    assert reverse("registry:modify", args=[assoc.pk]) not in html
    assert reverse("records:create", args=[assoc.pk, "dishonesty"]) not in html


def test_crafted_branch_index_is_refused_quickly(client, dc_staff):
    client.force_login(dc_staff)
    response = client.post(reverse("registry:create"), create_payload(branch_10000000_name="x"))
    assert response.status_code == 200
    assert "分支（代表）机构最多填写200个" in response.content.decode()
    assert not Association.objects.exists()


def test_implausible_staff_count_is_refused_on_every_engine(client, dc_staff):
    client.force_login(dc_staff)
    response = client.post(reverse("registry:create"), create_payload(staff_count="99999999999"))
    assert response.status_code == 200
    assert "工作人员数不能超过1,000,000" in response.content.decode()
    assert not Association.objects.exists()


def test_expired_dishonesty_stays_visible_to_its_authority(client, dc_staff, assoc):
    from datetime import timedelta

    from django.utils import timezone

    old = f.record(
        actor=dc_staff,
        association_obj=assoc,
        data={"event_date": timezone.localdate() - timedelta(days=6 * 365), "misconduct": "六年前的失信行为"},
    )
    client.force_login(dc_staff)
    detail = client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    assert reverse("records:detail", args=[old.pk]) in detail and "已过公示期" in detail
    assert "六年前的失信行为" in client.get(reverse("records:detail", args=[old.pk])).content.decode()
    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "六年前的失信行为" not in public


def test_an_identity_number_in_basic_information_is_flagged_before_it_is_stored(client, dc_staff, assoc):
    """Not refused: the clerk is warned, and may confirm and save."""
    client.force_login(dc_staff)
    url = reverse("registry:modify", args=[assoc.pk])
    payload = modify_payload(assoc, branch_0_head="李四 1101 0119 9003 0712 34", reason="分支负责人变更")
    response = client.post(url, payload)
    html = response.content.decode()
    assert response.status_code == 200
    assert "似乎含有身份证号或手机号" in html and 'name="confirm_no_personal_data"' in html
    assoc.refresh_from_db()
    assert assoc.version == 1
    assert client.post(url, {**payload, "confirm_no_personal_data": "on"}).status_code == 302
    assoc.refresh_from_db()
    assert assoc.branches[0]["head"] == "李四 1101 0119 9003 0712 34"
    # Marked 个人隐私, the same text is not public and is not flagged.
    create = create_payload(address="北京市东城区 电话 13800138000", mark_address="personal_privacy")
    assert client.post(reverse("registry:create"), create).status_code == 302
