"""The central database (SQLite or PostgreSQL). Every table is made by migrations/server."""

from homevisit.server.models.admin import AuditEvent, DeviceAuditLog, Policy, RosterEntry
from homevisit.server.models.aid import AidEntry
from homevisit.server.models.appointments import Appointment, Handback, HandbackRuling
from homevisit.server.models.base import Base, utc_now
from homevisit.server.models.documents import DataDocument
from homevisit.server.models.guard import LoginLimit, ServerKey
from homevisit.server.models.helpdesk import HelpDeskCase
from homevisit.server.models.households import Assignment, Household, Member, Student
from homevisit.server.models.org import DeskShift, Device, HelpDesk, Region, Team, Token, User
from homevisit.server.models.planning import Delegation, Proposal
from homevisit.server.models.sync import (
    AppliedBatch,
    Blob,
    BlobUpload,
    Change,
    QueuedChange,
    UploadSession,
)
from homevisit.server.models.visits import (
    Attachment,
    CommentAnswer,
    ConsentRecord,
    Flag,
    FlagRuling,
    Review,
    Visit,
    VisitVersion,
)

__all__ = [
    "AidEntry",
    "AppliedBatch",
    "Appointment",
    "Assignment",
    "Attachment",
    "AuditEvent",
    "Base",
    "Blob",
    "BlobUpload",
    "Change",
    "CommentAnswer",
    "ConsentRecord",
    "DataDocument",
    "Delegation",
    "DeskShift",
    "Device",
    "DeviceAuditLog",
    "Flag",
    "FlagRuling",
    "Handback",
    "HandbackRuling",
    "HelpDesk",
    "HelpDeskCase",
    "Household",
    "LoginLimit",
    "Member",
    "Policy",
    "Proposal",
    "QueuedChange",
    "Region",
    "Review",
    "RosterEntry",
    "ServerKey",
    "Student",
    "Team",
    "Token",
    "UploadSession",
    "User",
    "Visit",
    "VisitVersion",
    "utc_now",
]
