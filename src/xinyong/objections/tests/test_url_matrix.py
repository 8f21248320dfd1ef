"""Who may use the objection pages (R-OBJ-*): the association files and withdraws its own; the
authority that registered it verifies and concludes; the supervising bureau and administrators
read; nobody else sees an objection."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xinyong.objections.services import Attachment, objection_file, objection_verify
from xinyong.testing import factories as f
from xinyong.testing.matrix import ANONYMOUS, DONE, Case, Matrix, expect, run

ROLES = (
    ANONYMOUS,
    "assoc_user",
    "other_assoc_user",
    "dc_staff",
    "xc_staff",
    "supervisor",
    "dept_user",
    "auditor",
    "admin_user",
)
READERS = ("assoc_user", "dc_staff", "supervisor", "admin_user")


@pytest.fixture
def world(assoc, assoc_user, dc_staff, dishonesty):
    """A submitted objection with an attachment, and one that 东城区 has begun verifying."""

    def file(record):
        pdf = SimpleUploadedFile("撤销决定.pdf", f.MINIMAL_PDF, content_type="application/pdf")
        return objection_file(
            actor=assoc_user,
            association=assoc,
            records=[record],
            statement="该行政处罚决定已于今年撤销。",
            attachments=[Attachment(file=pdf, name=pdf.name)],
        )

    submitted = file(dishonesty)
    verifying = file(f.record(actor=dc_staff, association_obj=assoc, kind="dishonesty"))
    verifying = objection_verify(actor=dc_staff, objection=verifying, expected_version=verifying.version)
    return {"submitted": submitted, "verifying": verifying}


def _submitted(world):
    return [world["submitted"].pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("objections:list", expect(*ROLES[1:], dept_user=403)),
        Case("objections:create", expect("assoc_user", "other_assoc_user")),
        Case("objections:detail", expect(*READERS), args=_submitted),
        Case("objections:attachment", expect(*READERS), args=lambda w: [w["submitted"].attachments.get().pk]),
        Case(
            "objections:withdraw",
            expect("assoc_user", status=DONE),
            method="post",
            args=_submitted,
            data=lambda w: {"reason": "已与登记管理机关沟通", "version": w["submitted"].version},
        ),
        Case(
            "objections:verify",
            expect("dc_staff", status=DONE),
            method="post",
            args=_submitted,
            data=lambda w: {"version": w["submitted"].version},
        ),
        Case(
            "objections:conclude",
            expect("dc_staff", status=DONE),
            method="post",
            args=lambda w: [w["verifying"].pk],
            data=lambda w: {
                "outcome": "confirmed",
                "explanation": "经核实，该处罚决定仍然有效，信息与事实相符。",
                "version": w["verifying"].version,
            },
        ),
    ],
)


@MATRIX.parametrize
def test_objection_pages(client, request, world, cell):
    run(client, cell, world, request=request)
