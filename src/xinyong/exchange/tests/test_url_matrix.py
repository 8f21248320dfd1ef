"""Who may use the import pages (R-EXC-1): clerks of registration authorities upload and see their
authority's batches; the supervising bureau and administrators read every batch."""

import pytest

from xinyong.testing.matrix import ANONYMOUS, NOT_FOUND, Case, Matrix, expect, run

from .helpers import csv_bytes, row, staff_import

ROLES = (ANONYMOUS, "assoc_user", "dc_staff", "xc_staff", "supervisor", "dept_user", "auditor", "admin_user")
READERS = ("dc_staff", "supervisor", "admin_user")  # of 东城区's batch; 西城区 does not find it


@pytest.fixture
def batch(dc_staff, assoc):
    """东城区's upload, refused for a bad USCC: it has an error report."""
    outcome = staff_import(dc_staff, csv_bytes([row("51", 1)]), kind="purchased_service")
    assert outcome.batch.report_file
    return outcome.batch


def _batch(batch):
    return [batch.pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("exchange:list", expect("dc_staff", "xc_staff", "supervisor", "admin_user")),
        # An empty upload: clerks get the form back with its errors; readers may not upload.
        Case("exchange:list", expect("dc_staff", "xc_staff"), method="post"),
        Case("exchange:detail", expect(*READERS, xc_staff=NOT_FOUND), args=_batch),
        Case("exchange:report", expect(*READERS, xc_staff=NOT_FOUND), args=_batch),
        Case(
            "exchange:template",
            expect("dc_staff", "xc_staff", "supervisor", "admin_user"),
            args=lambda _: ["purchased_service", "csv"],
        ),
    ],
)


@MATRIX.parametrize
def test_import_pages(client, request, batch, cell):
    run(client, cell, batch, request=request)
