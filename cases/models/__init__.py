"""The case hub's models: the case and its team, timeline and documents (core), the
stage transitions of every workflow (workflow) and statutory deadlines (deadlines)."""

from .core import *  # noqa: F403
from .core import (
    AccessLogEntry,
    AssignmentQuerySet,
    Case,
    CaseAssignment,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseReferenceCounter,
    CaseRole,
    CaseUserObjectPermission,
    ExploitationForm,
    InsertOnlyModel,
    InsertOnlyQuerySet,
    RecruitmentMeans,
    RiskLevel,
    document_storage_name,
)
from .deadlines import CalendarKind, Deadline, DeadlineRule, Holiday, HolidayCalendar
from .duplicates import SurvivorMatch
from .generated import GeneratedDocument
from .work import DeadlineNotice, Notification, SurvivorUpdate, Task
from .workflow import StageTransition

__all__ = [
    "AccessLogEntry",
    "AssignmentQuerySet",
    "CalendarKind",
    "Case",
    "CaseAssignment",
    "CaseDocument",
    "CaseEvent",
    "CaseNote",
    "CaseReferenceCounter",
    "CaseRole",
    "CaseUserObjectPermission",
    "Deadline",
    "DeadlineNotice",
    "DeadlineRule",
    "ExploitationForm",
    "GeneratedDocument",
    "Holiday",
    "HolidayCalendar",
    "InsertOnlyModel",
    "InsertOnlyQuerySet",
    "Notification",
    "RecruitmentMeans",
    "RiskLevel",
    "StageTransition",
    "SurvivorMatch",
    "SurvivorUpdate",
    "Task",
    "document_storage_name",
]
