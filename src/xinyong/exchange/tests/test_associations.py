"""An authority moving onto Xinyong brings its registrations in one batch (R-INF-1)."""

from datetime import date

import pytest

from xinyong.errors import NotAllowed
from xinyong.exchange.choices import BatchStatus, BatchTarget
from xinyong.history.choices import Action
from xinyong.history.models import HistoryEntry
from xinyong.registry.models import Association
from xinyong.registry.services import association_snapshot
from xinyong.testing import factories as f

from .conftest import verify
from .helpers import csv_bytes, deliver, staff_import, xlsx_bytes

HEADER = [
    "名称",
    "统一社会信用代码",
    "登记类型",
    "住所（地址）",
    "法定代表人",
    "工作人员数",
    "注册（开办或原始）资金（万元）",
    "业务范围",
    "分支（代表）机构情况",
    "成立登记日期",
    "状态",
]


def association_row(n: int, **overrides) -> list:
    values = {
        "name": f"北京市东城区第{n}行业协会",
        "uscc": f.uscc(division="110101"),
        "type": "社会团体",
        "address": f"北京市东城区东四十条{n}号",
        "head": "王五",
        "staff": "8",
        "capital": "3",
        "scope": "行业自律、培训",
        "branches": f"第{n}培训中心|北京市东城区东四十条{n}号|赵六；第{n}分会|北京市东城区|钱七",
        "founded": "2015-06-01",
        "status": "正常",
    }
    values.update(overrides)
    return list(values.values())


def test_a_batch_of_registrations(dc_staff, dongcheng):
    rows = [association_row(n) for n in range(1, 6)]
    rows[4][2] = "基金会"
    rows[4][1] = f.uscc(registration_type="foundation", division="110101")
    outcome = staff_import(dc_staff, csv_bytes(rows, header=HEADER), name="登记.csv")
    assert (outcome.status, outcome.target, outcome.created) == (
        BatchStatus.APPLIED,
        BatchTarget.ASSOCIATIONS,
        5,
    )
    imported = Association.objects.get(name="北京市东城区第1行业协会")
    assert imported.authority == dongcheng and imported.registered_capital == 3
    assert imported.branches == [
        {"name": "第1培训中心", "address": "北京市东城区东四十条1号", "head": "赵六"},
        {"name": "第1分会", "address": "北京市东城区", "head": "钱七"},
    ]
    assert imported.founded_on == date(2015, 6, 1) and imported.name_normalized == "北京市东城区第1行业协会"
    entry = HistoryEntry.objects.get(object_type="association", object_id=imported.pk)
    assert entry.action == Action.ASSOCIATION_CREATE and entry.actor == dc_staff
    assert entry.after == association_snapshot(imported)
    assert Association.objects.get(registration_type="foundation").uscc == rows[4][1]
    assert verify()[0] == 0


def test_the_kind_basic_and_xlsx(dc_staff):
    outcome = staff_import(
        dc_staff, xlsx_bytes([association_row(1)], header=HEADER), name="a.xlsx", kind="basic"
    )
    assert outcome.status == BatchStatus.APPLIED, outcome.preview


def test_registration_problems_are_reported(dc_staff, assoc):
    bad_code = association_row(2, uscc="51110100MA0000000X")
    wrong_type = association_row(3, type="基金会")  # the code says 社会团体 (position 2 is 1)
    rows = [
        association_row(1),
        bad_code,
        wrong_type,
        association_row(4, staff="很多"),
        association_row(5, uscc=assoc.uscc),
    ]
    dup = association_row(6)
    rows += [
        dup,
        association_row(7, uscc=dup[1]),
        association_row(8, branches="只有名称"),
        association_row(9, founded="2099-01-01"),
    ]
    outcome = staff_import(dc_staff, csv_bytes(rows, header=HEADER))
    assert outcome.status == BatchStatus.REJECTED
    problems = {p["row"]: (p["column"], p["message"]) for p in outcome.preview}
    assert problems[3] == (
        "统一社会信用代码",
        "统一社会信用代码第17位（组织机构代码校验码）应为“7”，实际为“0”。",
    )
    assert problems[4] == ("统一社会信用代码", "统一社会信用代码第2位应为“3”（与登记类型一致），实际为“1”。")
    assert problems[5] == ("工作人员数", "“很多”不是整数。")
    assert problems[6][1].startswith(f"统一社会信用代码 {assoc.uscc} 已被“北京市东城区餐饮行业协会”使用")
    assert problems[8] == ("统一社会信用代码", "统一社会信用代码与本批次第 7 行重复。")
    assert problems[9][1] == "第1个分支（代表）机构的名称、地址、负责人都必须填写。"
    assert problems[10] == ("成立登记日期", "成立登记日期不能晚于今天。")
    assert 2 not in problems and 7 not in problems
    assert Association.objects.count() == 1


def test_an_identical_registration_is_already_present(dc_staff):
    rows = [association_row(1), association_row(2)]
    staff_import(dc_staff, csv_bytes(rows, header=HEADER))
    outcome = staff_import(dc_staff, csv_bytes([*rows, association_row(3)], header=HEADER))
    assert (outcome.status, outcome.created, outcome.present) == (BatchStatus.APPLIED, 1, 2)
    assert verify()[0] == 0


def test_departments_do_not_load_registrations(department):
    outcome = deliver(department, csv_bytes([association_row(1)], header=HEADER), kind="")
    assert outcome.status == BatchStatus.REJECTED
    assert outcome.preview[0]["message"] == "相关部门只能报送承接政府购买服务信息和承接政府转移职能信息。"
    with pytest.raises(NotAllowed):
        deliver(department, b"x", kind="basic")


def test_the_authority_column_must_be_ones_own(dc_staff):
    header = [*HEADER, "登记管理机关"]
    outcome = staff_import(dc_staff, csv_bytes([[*association_row(1), "北京市西城区民政局"]], header=header))
    assert outcome.preview[0]["message"] == "只能导入在本机关（北京市东城区民政局）登记的协会。"


def test_personal_numbers_in_registrations_are_warned_about(dc_staff):
    rows = [association_row(1, branches="培训中心|东城区|赵六 13800138000"), association_row(2)]
    outcome = staff_import(dc_staff, csv_bytes(rows, header=HEADER), name="登记.csv", dry_run=True)
    assert outcome.status == BatchStatus.RECEIVED and outcome.warning_count == 1
    assert outcome.warnings_preview[0]["row"] == 2
    assert outcome.warnings_preview[0]["column"] == "分支（代表）机构情况"
    applied = staff_import(dc_staff, csv_bytes(rows, header=HEADER), name="登记.csv")
    assert applied.created == 2 and applied.warning_count == 1 and applied.report.exists()


def test_invisible_characters_in_registrations_are_removed(dc_staff):
    from xinyong.registry.search import search_associations

    rows = [association_row(1, name="北京市东城\u200b区第1行业协会", scope="行业自律\u202e、培训")]
    outcome = staff_import(dc_staff, csv_bytes(rows, header=HEADER), name="登记.csv")
    assert outcome.created == 1
    imported = Association.objects.get()
    assert imported.name == "北京市东城区第1行业协会" and imported.business_scope == "行业自律、培训"
    assert list(search_associations("城区第1")) == [imported]
    assert verify()[0] == 0
