from .catalogue import kind_edit, kind_list, rule_edit, rule_list
from .measures import measure_apply_view, measure_detail, measure_lift_view, measure_list
from .proposals import proposal_dismiss_view, proposal_list, proposals_run

__all__ = [
    "kind_edit",
    "kind_list",
    "measure_apply_view",
    "measure_detail",
    "measure_lift_view",
    "measure_list",
    "proposal_dismiss_view",
    "proposal_list",
    "proposals_run",
    "rule_edit",
    "rule_list",
]
