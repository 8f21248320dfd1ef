"""Building import files for the tests."""

import csv
import io
import json
from datetime import timedelta

from django.utils import timezone

from xinyong.exchange.choices import BatchChannel
from xinyong.exchange.services import Attachment, batch_import
from xinyong.exchange.submitter import Submitter
from xinyong.testing.factories import MINIMAL_PDF

HEADER = [
    "统一社会信用代码",
    "承接项目名称",
    "委托政府部门",
    "绩效评价情况",
    "评价日期",
    "文号",
    "出具机关",
    "出具日期",
]


def row(uscc: str, n: int, *, days_ago: int = 30, **overrides) -> list[str]:
    day = timezone.localdate() - timedelta(days=days_ago)
    values = {
        "uscc": uscc,
        "title": f"社区养老服务项目{n}",
        "counterpart": "北京市财政局",
        "evaluation": "优秀",
        "date": day.isoformat(),
        "number": f"京财评〔2025〕{n}号",
        "issuer": "北京市财政局",
        "issued": day.isoformat(),
    }
    values.update(overrides)
    return list(values.values())


def csv_bytes(rows: list[list[str]], *, header=HEADER, encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def json_bytes(rows: list[list[str]], *, lines: bool = False, header=HEADER) -> bytes:
    objects = [dict(zip(header, r, strict=True)) for r in rows]
    if lines:
        return "\n".join(json.dumps(o, ensure_ascii=False) for o in objects).encode()
    return json.dumps(objects, ensure_ascii=False, indent=1).encode()


def xlsx_bytes(rows: list[list], *, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def deliver(department, content: bytes, *, name: str = "delivery.csv", kind: str = "purchased_service", **kw):
    return batch_import(
        submitter=Submitter.for_department(department, via="test key"),
        source=io.BytesIO(content),
        file_name=name,
        kind=kind,
        channel=kw.pop("channel", BatchChannel.API),
        **kw,
    )


def staff_import(user, content: bytes, *, name: str = "import.csv", kind: str = "", evidence=None, **kw):
    attachments = [Attachment("证明.pdf", io.BytesIO(MINIMAL_PDF))] if evidence else []
    return batch_import(
        submitter=Submitter.staff(user),
        source=io.BytesIO(content),
        file_name=name,
        kind=kind,
        evidence=attachments,
        channel=kw.pop("channel", BatchChannel.OFFICE),
        **kw,
    )
