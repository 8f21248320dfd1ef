"""`make sample-report`: a public and a full credit report of a demo association (R-QRY-4).

Builds a fresh scratch SQLite database with the demo data (as `make run` and `make screenshots`
do), issues both versions through the real service for 北京市海淀区软件行业协会, writes the public
one to docs/sample-credit-report.pdf and renders its first page to
docs/screenshots/credit-report.png with pdfium. Nothing outside docs/ and a temporary directory
is touched.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_OUT = ROOT / "docs" / "sample-credit-report.pdf"
PNG_OUT = ROOT / "docs" / "screenshots" / "credit-report.png"
XINYONG = str(Path(sys.executable).with_name("xinyong"))
ACCOUNT = "assoc_haidian"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'sample.sqlite3'}",
            "XINYONG_EVIDENCE_ROOT": str(Path(tmp) / "evidence"),
            "DJANGO_SETTINGS_MODULE": "xinyong.settings",
        }
        subprocess.run([XINYONG, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([XINYONG, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        issue_samples()


def issue_samples() -> None:
    import django

    django.setup()
    import pypdfium2 as pdfium

    from xinyong.accounts.models import User
    from xinyong.reports.services import report_issue

    user = User.objects.select_related("association").get(username=ACCOUNT)
    association = user.association
    public = report_issue(actor=None, association=association, version="public")
    full = report_issue(actor=user, association=association, version="full")
    PDF_OUT.write_bytes(public.pdf)
    PNG_OUT.parent.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(public.pdf)
    try:
        document[0].render(scale=150 / 72).to_pil().save(PNG_OUT)
        pages = len(document)
    finally:
        document.close()
    full_pages = len(pdfium.PdfDocument(full.pdf))
    print(f"{association.name}: 公开版 {public.report.number} ({pages} pages)")
    print(f"{association.name}: 完整版 {full.report.number} ({full_pages} pages)")
    print(PDF_OUT.relative_to(ROOT))
    print(PNG_OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
