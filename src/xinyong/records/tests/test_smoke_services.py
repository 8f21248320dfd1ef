from xinyong.history.models import HistoryEntry
from xinyong.records.choices import RecordStatus


def test_record_create_writes_history(dishonesty, dc_staff):
    assert dishonesty.status == RecordStatus.RECORDED
    entries = list(
        HistoryEntry.objects.filter(association_id=dishonesty.association_id).values_list("action", flat=True)
    )
    assert entries == ["association.create", "record.create", "evidence.add"]
