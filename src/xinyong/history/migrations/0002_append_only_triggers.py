"""Database triggers that refuse UPDATE and DELETE on the change log (R-REC-4), on both engines."""

from django.db import migrations

from xinyong.appendonly import append_only


class Migration(migrations.Migration):
    dependencies = [("history", "0001_initial")]
    operations = [append_only("history_historyentry", prefix="history")]
