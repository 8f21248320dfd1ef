"""Hostile files (issue 13, findings 4 and 5): a zip bomb, a sheet of millions of rows, XML
entities, JSON nested a hundred thousand deep. Each is refused — a rejected batch with the
limit's ``code``, 400 from the API, the message at the file field of the page, one line and exit
1 from ``xinyong import`` — quickly and in bounded memory, whatever limit it breaks first.

The files are built in the test (``xinyong.testing.hostile``): a 1 GiB member takes a second to
write, not a gibibyte. Memory is measured in a child process that reads each file as the import
does and reports its own peak.
"""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from xinyong.exchange.choices import BatchStatus
from xinyong.exchange.models import ImportBatch
from xinyong.records.models import CreditRecord
from xinyong.testing import hostile

from .helpers import HEADER, csv_bytes, deliver, json_bytes, row

MIB = hostile.MIB
SECONDS = 10  # the bound for refusing any hostile file
PEAK_MB = 300  # and for the memory of the worker doing it


def build(tmp_path: Path, name: str) -> Path:
    """Each hostile file by name (see ``FILES``)."""
    path = tmp_path / f"{name}.{'json' if name.startswith('deep') else 'xlsx'}"
    if name == "shared_strings_1gib":
        return hostile.shared_strings_bomb(path, HEADER)
    if name == "rows_20m":
        return hostile.many_rows(path, HEADER)
    if name == "rows_20m_declared":
        return hostile.many_rows(path, HEADER, dimension="A1:H20000001")
    if name == "entities":
        return hostile.entity_bomb(path, HEADER)
    if name == "parts_5000":
        return hostile.many_parts(path, HEADER)
    if name == "deep_array":
        path.write_bytes(hostile.deep_json())
        return path
    if name == "deep_lines":
        path.write_bytes(hostile.deep_json(lines=True))
        return path
    raise KeyError(name)


# name → the code it is refused with, under the default limits
FILES = {
    "shared_strings_1gib": "xlsx_too_large",
    "rows_20m": "xlsx_too_large",
    "rows_20m_declared": "xlsx_too_large",
    "entities": "xml_entities",
    "parts_5000": "xlsx_too_large",
    "deep_array": "json_too_deep",
    "deep_lines": "json_too_deep",
}


def timed_deliver(department, path: Path, **kw):
    start = time.perf_counter()
    outcome = deliver(department, path.read_bytes(), name=path.name, **kw)
    return outcome, time.perf_counter() - start


@pytest.mark.parametrize(("name", "code"), FILES.items())
def test_each_hostile_file_is_refused_quickly(department, assoc, tmp_path, name, code):
    outcome, seconds = timed_deliver(department, build(tmp_path, name))
    assert outcome.status == BatchStatus.REJECTED
    assert outcome.refused == code, outcome.message
    assert seconds < SECONDS
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.REJECTED and batch.message == outcome.message
    assert outcome.preview == [{"row": None, "column": "", "message": outcome.message}]
    assert not CreditRecord.objects.exists()


# The peak is VmHWM, the high-water mark of this process's own memory: getrusage's ru_maxrss
# would start from the parent's (the test run's) size, which Linux carries over fork and exec.
PROBE = """
import re, sys, time
from pathlib import Path
import django
django.setup()
from xinyong.exchange import formats
start = time.perf_counter()
try:
    table = formats.open_table(Path(sys.argv[1]))
    for _ in table.rows:
        pass
    result = "read"
except formats.FileRefused as exc:
    result = exc.code
seconds = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
print(result, seconds, peak)
"""


def probe(path: Path, **environ) -> tuple[str, float, float]:
    """(refusal code or "read", seconds, peak MB) of reading ``path`` in a fresh process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xinyong.settings", **environ}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    code, seconds, peak = done.stdout.split()
    return code, float(seconds), float(peak)


@pytest.mark.parametrize(
    ("name", "environ", "code"),
    [
        # Under the default limits, each is stopped by the zip directory or the XML scan.
        *((name, {}, code) for name, code in FILES.items()),
        # With the directory's limits out of the way, the next line of defence holds, still in
        # bounded memory: the part-size limit keeps any one text under 64 MiB, the byte count
        # refuses 20 million rows without parsing them.
        ("shared_strings_60mib", {"XINYONG_IMPORT_XLSX_MAX_RATIO": "1e9"}, "cell_too_long"),
        (
            "rows_20m",
            {
                "XINYONG_IMPORT_XLSX_MAX_RATIO": "1e9",
                "XINYONG_IMPORT_XLSX_MAX_PART_BYTES": str(1024 * MIB),
                "XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES": str(1024 * MIB),
            },
            "too_many_cells",
        ),
    ],
)
def test_peak_memory_and_time_of_each_hostile_file(tmp_path, name, environ, code):
    if name == "shared_strings_60mib":
        path = hostile.shared_strings_bomb(tmp_path / "s.xlsx", HEADER, inflated=60 * MIB)
    else:
        path = build(tmp_path, name)
    refused, seconds, peak = probe(path, **environ)
    assert refused == code
    assert seconds < SECONDS
    assert peak < PEAK_MB


def test_the_declared_dimension_refuses_before_counting(department, assoc, tmp_path, settings):
    settings.XINYONG_IMPORT_XLSX_MAX_RATIO = 1e9
    settings.XINYONG_IMPORT_XLSX_MAX_PART_BYTES = 1024 * MIB
    settings.XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES = 1024 * MIB
    outcome, seconds = timed_deliver(department, build(tmp_path, "rows_20m_declared"))
    assert outcome.refused == "too_many_cells"
    assert "工作表声明的范围为 20,000,001 行 × 8 列" in outcome.message
    assert seconds < 2  # read from the first kilobytes, not counted over 120 MB


def test_counting_refuses_a_sheet_that_declares_nothing(department, assoc, tmp_path, settings):
    settings.XINYONG_IMPORT_XLSX_MAX_RATIO = 1e9
    settings.XINYONG_IMPORT_MAX_CELLS = 100_000
    path = hostile.many_cells(tmp_path / "c.xlsx", HEADER, rows=20_000, noise=True)
    outcome, seconds = timed_deliver(department, path)
    assert outcome.refused == "too_many_cells"
    assert "工作表有超过 100,000 行或单元格" in outcome.message
    assert seconds < SECONDS


@pytest.mark.parametrize(
    ("build_file", "code", "words"),
    [
        (lambda p: hostile.long_cell(p, HEADER, chars=40_000), "cell_too_long", "超过 32,767 个字符"),
        (
            lambda p: hostile.write_zip(
                p,
                hostile._with(
                    HEADER,
                    {
                        "xl/worksheets/sheet1.xml": b"".join(
                            hostile._sheet(
                                hostile._header_row(HEADER) + b'<row r="2">' + b"<c/>" * 200_000 + b"</row>"
                            )
                        )
                    },
                ),
            ),
            "too_many_cells",
            "单元格",
        ),
        (lambda p: hostile.many_parts(p, HEADER, parts=1001), "xlsx_too_large", "部件"),
        (
            # A part openpyxl parses whole has the lower limit (4 MiB), whatever it holds.
            lambda p: hostile.write_zip(
                p, hostile._with(HEADER, {"xl/styles.xml": b"<!--" + b" " * (5 * MIB) + b"-->"})
            ),
            "xlsx_too_large",
            "部件 xl/styles.xml 解压后 5.0 MB，上限为 4.0 MB",
        ),
    ],
    ids=["long_cell", "wide_row", "many_parts", "styles"],
)
def test_other_limits(department, assoc, tmp_path, settings, build_file, code, words):
    settings.XINYONG_IMPORT_MAX_CELLS = 100_000
    outcome, _seconds = timed_deliver(department, build_file(tmp_path / "x.xlsx"))
    assert outcome.refused == code and words in outcome.message, outcome.message


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_xml_entities_are_refused_in_every_part(department, assoc, tmp_path, part):
    """The shared strings and the sheet are scanned for a DOCTYPE before the standard parser reads
    them; the parts openpyxl reads go through defusedxml."""
    outcome, seconds = timed_deliver(department, hostile.entity_bomb(tmp_path / "e.xlsx", HEADER, part=part))
    assert outcome.refused == "xml_entities", outcome.preview
    assert seconds < SECONDS


def test_too_many_shared_strings(department, assoc, tmp_path, settings):
    settings.XINYONG_IMPORT_XLSX_MAX_RATIO = 1e9
    settings.XINYONG_IMPORT_MAX_CELLS = 10_000
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{hostile.MAIN_NS}">'.encode()
    strings = hostile.Repeated(head, b"<si><t>a</t></si>" * 1000, 11, b"</sst>")
    path = hostile.write_zip(tmp_path / "s.xlsx", hostile._with(HEADER, {"xl/sharedStrings.xml": strings}))
    outcome, _seconds = timed_deliver(department, path)
    assert outcome.refused == "too_many_cells" and "共享字符串超过 10,000 项" in outcome.message


def test_a_part_that_inflates_past_its_stated_size_is_a_broken_file(department, assoc, tmp_path):
    """The central directory says 1 KB; the data inflates to 256 MB. zipfile stops at the stated
    size and the CRC fails: a broken file, in bounded memory, not a bomb that slipped through."""
    path = hostile.shared_strings_bomb(tmp_path / "b.xlsx", HEADER, inflated=256 * MIB)
    data = bytearray(path.read_bytes())
    offset = data.rfind(b"xl/sharedStrings.xml") - 46 + 24  # its central entry's uncompressed size
    data[offset : offset + 4] = (1024).to_bytes(4, "little")
    local = data.find(b"xl/sharedStrings.xml") - 30 + 22
    data[local : local + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    outcome, seconds = timed_deliver(department, path)
    assert outcome.status == BatchStatus.REJECTED and not outcome.refused
    assert "XLSX 文件已损坏" in outcome.preview[0]["message"]
    assert seconds < SECONDS


def test_rich_text_in_shared_strings_reads_as_openpyxl_reads_it(department, assoc):
    """Not a hostile file: a guard that the compact string table reads rich text (runs of
    differently formatted text in one cell) as the plain text openpyxl gave before."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    cells = row(assoc.uscc, 1)
    cells[1] = CellRichText("社区", TextBlock(InlineFont(b=True), "养老"), "项目")
    sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    outcome = deliver(department, out.getvalue(), name="x.xlsx")
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert CreditRecord.objects.get().title == "社区养老项目"


# --- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lines", [False, True])
def test_json_nested_too_deep_is_refused(department, assoc, lines):
    outcome = deliver(department, hostile.deep_json(1000, lines=lines), name="d.json")
    assert outcome.refused == "json_too_deep"
    assert "JSON 嵌套超过 32 层" in outcome.message
    assert ("第 1 行" if lines else "第 1 个对象") in outcome.message


@pytest.mark.parametrize("lines", [False, True])
def test_json_within_the_depth_limit_is_only_wrong_where_it_is_wrong(department, assoc, lines):
    item = dict(zip(HEADER, row(assoc.uscc, 1), strict=True))
    item["承接项目名称"] = [[["深"]]]
    content = json.dumps([item], ensure_ascii=False) if not lines else json.dumps(item, ensure_ascii=False)
    outcome = deliver(department, content.encode(), name="d.json")
    assert outcome.status == BatchStatus.REJECTED and not outcome.refused
    assert outcome.preview[0]["message"] == "此处应为文字，不能是列表或对象。"


@pytest.mark.parametrize("lines", [False, True])
def test_an_oversized_json_object_or_line_is_refused(department, assoc, settings, lines):
    settings.XINYONG_IMPORT_JSON_MAX_OBJECT_BYTES = 4096
    big = dict(zip(HEADER, row(assoc.uscc, 1, title="长" * 5000), strict=True))
    content = json_bytes([row(assoc.uscc, 2)], lines=lines)
    if lines:
        content += b"\n" + json.dumps(big, ensure_ascii=False).encode()
    else:
        content = json.dumps([dict(zip(HEADER, row(assoc.uscc, 2), strict=True)), big]).encode()
    outcome = deliver(department, content, name="d.json")
    assert outcome.refused == "json_too_large"
    assert ("JSON Lines 第 2 行" if lines else "JSON 文件第 2 个对象") in outcome.message


@pytest.mark.parametrize(
    ("item", "column", "message"),
    [
        ({"承接项目名称": "社区\u0000项目"}, "承接项目名称", "含有不允许的控制字符。"),
        ({"承接项目名称": "社区\ud800项目"}, "承接项目名称", "含有无效的 Unicode 字符（不成对的代理项）。"),
        ({"多余\u0000列": "x"}, "多余\\u0000列", "无法识别的列“多余\\u0000列”：请使用模板中的列名。"),
        ({"多余\udfff列": "x"}, "多余\\udfff列", "无法识别的列“多余\\udfff列”：请使用模板中的列名。"),
    ],
    ids=["nul", "surrogate", "nul_key", "surrogate_key"],
)
def test_nul_and_surrogates_in_json_rows_are_row_problems(department, assoc, item, column, message):
    """JSON can carry what no database column can hold; each such cell or key is a problem in the
    report, on both engines, not an error when the batch or its report is stored."""
    values = {**dict(zip(HEADER, row(assoc.uscc, 1), strict=True)), **item}
    outcome = deliver(department, json.dumps([values]).encode(), name="d.json")
    assert outcome.status == BatchStatus.REJECTED and not outcome.refused
    assert [(p["column"], p["message"]) for p in outcome.preview] == [(column, message)]
    report = outcome.report.read_text(encoding="utf-8-sig")
    assert message in report
    assert ImportBatch.objects.get().errors_preview == outcome.preview


# --- the three entry points -------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("shared_strings_1gib", XLSX), ("rows_20m", XLSX), ("deep_array", "application/json")],
)
def test_the_api_answers_400_with_the_code(deliver_key, assoc, tmp_path, name, content_type):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {deliver_key[1]}")
    path = build(tmp_path, name)
    start = time.perf_counter()
    response = api.generic(
        "POST", "/api/v1/deliveries?kind=purchased_service", path.read_bytes(), content_type=content_type
    )
    assert time.perf_counter() - start < SECONDS
    assert response.status_code == 400
    assert response.json() == {"detail": ImportBatch.objects.get().message, "code": FILES[name]}


def test_the_api_answers_400_for_a_multipart_upload_too(deliver_key, assoc, tmp_path):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {deliver_key[1]}")
    upload = io.BytesIO(hostile.deep_json(1000, lines=True))
    upload.name = "d.jsonl"
    response = api.post(
        "/api/v1/deliveries", {"file": upload, "kind": "purchased_service"}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["code"] == "json_too_deep"


@pytest.mark.parametrize("name", ["shared_strings_1gib", "rows_20m", "deep_lines"])
def test_the_page_says_why_at_the_file_field(client, dc_staff, assoc, tmp_path, name):
    client.force_login(dc_staff)
    path = build(tmp_path, name)
    upload = io.BytesIO(path.read_bytes())
    upload.name = path.name
    response = client.post("/office/imports/", {"file": upload, "kind": "purchased_service"})
    assert response.status_code == 400
    page = response.content.decode()
    message = ImportBatch.objects.get().message
    assert message and message in page
    assert response.context["form"].errors["file"] == [message]


@pytest.mark.parametrize("name", ["shared_strings_1gib", "rows_20m", "deep_array"])
def test_the_command_says_one_line_and_exits_1(tmp_path, department, assoc, name):
    path = build(tmp_path, name)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import", str(path), "--department", "北京市财政局", "--kind", "purchased_service",
            "--no-progress", stdout=out, stderr=err,
        )  # fmt: skip
    message = str(raised.value)
    assert message == ImportBatch.objects.get().message and "\n" not in message
    assert raised.value.returncode == 1
    assert out.getvalue() == ""


def test_the_command_refuses_arguments_that_are_not_text(tmp_path, department, assoc):
    """A shell passes bytes; Python turns bytes that are not UTF-8 into lone surrogates, which
    stopped the command with a traceback when they reached the database."""
    data = tmp_path / os.fsdecode(b"\xc6\xc0\xbc\xdb.csv")  # 评价.csv in GBK, not UTF-8
    data.write_bytes(csv_bytes([row(assoc.uscc, 1)]))
    with pytest.raises(CommandError, match=r"^--reason 含有无效的 Unicode 字符"):
        call_command("import", str(data), "--department", "北京市财政局", "--reason", os.fsdecode(b"\xff"))
    with pytest.raises(CommandError, match=r"^--department 含有无效的 Unicode 字符"):
        call_command("import", str(data), "--department", os.fsdecode(b"\xb2\xc6"))
    out = io.StringIO()
    call_command(
        "import", str(data), "--department", "北京市财政局", "--kind", "purchased_service",
        "--no-progress", stdout=out,
    )  # fmt: skip
    assert "applied" in out.getvalue()
    assert ImportBatch.objects.get().file_name == "\ufffd\ufffd\ufffd\ufffd.csv"
