"""Planning records on the device (issue 19): delegations of a household's visit to another
visitor, and households a counselor proposes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.protocol.vocabulary import DelegationKind, DelegationStatus, ProposalStatus


class Delegation(Synced, Base):
    """Someone else visits a household jointly or instead (委托家访). No foreign key to the
    household: a delegate's laptop may receive the request before the household."""

    __tablename__ = "delegations"

    household_id: Mapped[str] = mapped_column(String(36))
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None)
    kind: Mapped[DelegationKind] = mapped_column(EnumText(DelegationKind))
    delegate: Mapped[str] = mapped_column(String(100))
    assignee: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[DelegationStatus] = mapped_column(
        EnumText(DelegationStatus), default=DelegationStatus.REQUESTED)
    note: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str | None] = mapped_column(Text, default=None)
    requested_by: Mapped[str | None] = mapped_column(String(100), default=None)
    delegating_office: Mapped[str | None] = mapped_column(String(100), default=None)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=None)

    __table_args__ = (Index(None, "household_id"),)


class Proposal(Synced, Base):
    """A family on no list, proposed with minimal data once it consented."""

    __tablename__ = "proposals"

    region_code: Mapped[str] = mapped_column(String(9))
    address: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_relation: Mapped[str | None] = mapped_column(String(40), default=None)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    notice_version: Mapped[str] = mapped_column(String(40))
    consented_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    status: Mapped[ProposalStatus] = mapped_column(
        EnumText(ProposalStatus), default=ProposalStatus.PROPOSED)
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    proposed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    decided_by: Mapped[str | None] = mapped_column(String(100), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=None)
    household_id: Mapped[str | None] = mapped_column(String(36), default=None)
