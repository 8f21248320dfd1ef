from .actions import (
    evidence_add_view,
    evidence_download,
    evidence_revoke_view,
    record_finalize_view,
    record_modify_view,
    record_revoke_view,
)
from .dashboard import dashboard
from .oversight import oversight
from .pages import record_create_view, record_detail

__all__ = [
    "dashboard",
    "evidence_add_view",
    "evidence_download",
    "evidence_revoke_view",
    "oversight",
    "record_create_view",
    "record_detail",
    "record_finalize_view",
    "record_modify_view",
    "record_revoke_view",
]
