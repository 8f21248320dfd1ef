"""Database triggers that refuse UPDATE and DELETE on the report register (R-QRY-4), on both
engines, as the change log (history/0002) and the query log (api/0002) have: a report once
issued stays on the register, so its number and verification code can always be checked."""

from django.db import migrations

from xinyong.appendonly import append_only


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [append_only("reports_issuedreport")]
