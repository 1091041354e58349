"""Planning records (issue 19): delegated and joint visits, and households proposed by a
counselor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import DelegationKind, DelegationStatus, ProposalStatus
from homevisit.server.models.base import Base, Json, SyncedColumns, UtcDateTime


class Delegation(SyncedColumns, Base):
    """A request that someone else visits a household jointly or instead (委托家访)."""

    __tablename__ = "delegations"
    # Scope asks "which active delegations name this user" on every pull.
    __table_args__ = (Index(None, "delegate", "status"), Index(None, "assignee", "status"))

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), default=None)
    kind: Mapped[DelegationKind] = mapped_column(EnumText(DelegationKind, 10))
    delegate: Mapped[str] = mapped_column(ForeignKey("users.username"))
    assignee: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    status: Mapped[DelegationStatus] = mapped_column(
        EnumText(DelegationStatus, 10), default=DelegationStatus.REQUESTED)
    note: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str | None] = mapped_column(Text, default=None)
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    delegating_office: Mapped[str | None] = mapped_column(String(100), default=None)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True),
                                                         default=None)


class Proposal(SyncedColumns, Base):
    """A family on no list, proposed by a counselor (minimal data, consent first)."""

    __tablename__ = "proposals"

    region_code: Mapped[str] = mapped_column(String(9), index=True)
    address: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_relation: Mapped[str | None] = mapped_column(String(40), default=None)
    reasons: Mapped[list[str]] = mapped_column(Json, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    notice_version: Mapped[str] = mapped_column(String(40))
    consented_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True))
    status: Mapped[ProposalStatus] = mapped_column(
        EnumText(ProposalStatus, 10), default=ProposalStatus.PROPOSED)
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    proposed_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.username"), default=None, index=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True),
                                                           default=None)
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), default=None)
    # Server-only scope column: the proposer's team (supervisor scope, like a household's).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), default=None, index=True)
