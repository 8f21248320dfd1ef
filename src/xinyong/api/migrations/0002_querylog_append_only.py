"""Database triggers that refuse UPDATE and DELETE on the department query log (R-QRY-2), on both
engines, as the change log has (history/0002): a query once logged stays logged."""

from django.db import migrations

from xinyong.appendonly import append_only


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [append_only("api_querylog")]
