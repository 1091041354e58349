"""Typed SQLAlchemy models of the local store (DESIGN §3, §5), split by theme.

The closed states (``VisitStatus``, ``FlagSource`` …) are the protocol's vocabulary
(:mod:`homevisit.protocol.vocabulary`), re-exported here for the store's users.

JSON columns are not mutation-tracked: assign a new list or dict (``h.special_categories =
[*h.special_categories, code]``) rather than changing one in place.
"""

from homevisit.model.account import Account
from homevisit.model.aid import AidEntry
from homevisit.model.appointments import Appointment, Handback, HandbackRuling
from homevisit.model.audit import AuditAnchor, AuditEvent, PendingExport
from homevisit.model.base import Base, EnumText, Synced, UtcDateTime, new_id, utc_now
from homevisit.model.documents import ReceivedDocument
from homevisit.model.helpdesk import DeskShift, HelpDeskCase
from homevisit.model.household import Assignment, Household, Member, Student
from homevisit.model.planning import Delegation, Proposal
from homevisit.model.reports import ReportSnapshot
from homevisit.model.review import CommentAnswer, Flag, FlagRuling, Review
from homevisit.model.search_index import SearchKey, SearchPending, SearchTerm
from homevisit.model.sync import Conflict, Outbox, OutboxOperation, SyncState
from homevisit.model.visit import (
    CONTENT_COLUMNS,
    Attachment,
    ConsentRecord,
    Visit,
    VisitContent,
    VisitVersion,
)
from homevisit.protocol.vocabulary import (
    FlagCategory,
    FlagSource,
    FlagStatus,
    LoanType,
    ReviewDecision,
    VisitMode,
    VisitStatus,
)

__all__ = [
    "CONTENT_COLUMNS",
    "Account",
    "AidEntry",
    "Appointment",
    "Assignment",
    "Attachment",
    "AuditAnchor",
    "AuditEvent",
    "Base",
    "CommentAnswer",
    "Conflict",
    "ConsentRecord",
    "Delegation",
    "DeskShift",
    "EnumText",
    "Flag",
    "FlagCategory",
    "FlagRuling",
    "FlagSource",
    "FlagStatus",
    "Handback",
    "HandbackRuling",
    "HelpDeskCase",
    "Household",
    "LoanType",
    "Member",
    "Outbox",
    "OutboxOperation",
    "PendingExport",
    "Proposal",
    "ReceivedDocument",
    "ReportSnapshot",
    "Review",
    "ReviewDecision",
    "SearchKey",
    "SearchPending",
    "SearchTerm",
    "Student",
    "SyncState",
    "Synced",
    "UtcDateTime",
    "Visit",
    "VisitContent",
    "VisitMode",
    "VisitStatus",
    "VisitVersion",
    "new_id",
    "utc_now",
]
