from baken.cases.models.b8 import B8Track, IndDecision, ReportStatus
from baken.cases.models.case import Case, CaseMember, CaseStatusChange
from baken.cases.models.handover import Handover
from baken.cases.models.identification import (
    DecisionOutcome,
    DecisionStage,
    IdentificationDecision,
)
from baken.cases.models.retention import DeletionRecord
from baken.cases.models.support import (
    Placement,
    PlacementKind,
    SupportArea,
    SupportItem,
    SupportKind,
)
from baken.cases.models.tasks import Task
from baken.cases.models.timeline import CaseEvent, EventKind

__all__ = [
    "B8Track",
    "Case",
    "CaseEvent",
    "CaseMember",
    "CaseStatusChange",
    "DecisionOutcome",
    "DecisionStage",
    "DeletionRecord",
    "EventKind",
    "Handover",
    "IdentificationDecision",
    "IndDecision",
    "Placement",
    "PlacementKind",
    "ReportStatus",
    "SupportArea",
    "SupportItem",
    "SupportKind",
    "Task",
]
