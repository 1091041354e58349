"""Proposing a household (issue 19, item 4) on the device: a counselor who meets a family
in difficulty that is on no list records, once the family has agreed, the minimum the
supervisor needs — address, township code, a contact's name and why — never an ID number.
The supervisor accepts it (the server makes the household and assigns it to the proposer)
or declines it with a reason; both come back at the next sync.

Consent comes first: :class:`ProposalConsent` is confirmed before anything about the family
is written (the same notice versions as the visit's consent step)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.i18n import Text
from homevisit.model import Proposal
from homevisit.planning.errors import (
    AlreadyDecided,
    ConsentNotConfirmed,
    FieldRequired,
    ReasonNeeded,
    RegionCodeInvalid,
)
from homevisit.protocol.vocabulary import ProposalReason, ProposalStatus

NOTICE_VERSIONS = {"notice-2025-1": Text("隐私告知书（2025 年第 1 版）",
                                         "Privacy notice (2025 edition 1)")}
"""The notices a family may be told of (the visit form's consent step names the same)."""

REASON_LABELS: dict[ProposalReason, Text] = {
    ProposalReason.SUDDEN_HARDSHIP: Text("突发严重困难", "Sudden severe hardship"),
    ProposalReason.SERIOUS_ILLNESS: Text("家人大病重病", "Serious illness in the family"),
    ProposalReason.DISABILITY: Text("残疾", "Disability"),
    ProposalReason.LOST_INCOME: Text("失业或收入骤降", "Lost job or income"),
    ProposalReason.DISASTER: Text("灾害或意外事故", "Disaster or accident"),
    ProposalReason.NO_CARER: Text("孤儿或事实无人抚养", "Orphan or no one caring for the child"),
    ProposalReason.OTHER: Text("其他（见说明）", "Other (see the note)"),
}

_REGION = re.compile(r"^[1-8]\d{5}(\d{3})?$")


@dataclass(frozen=True, slots=True)
class ProposalConsent:
    """What the counselor confirms before writing anything about the family."""

    notice_version: str
    notice_explained: bool
    family_agrees: bool

    @property
    def confirmed(self) -> bool:
        return (self.notice_version in NOTICE_VERSIONS and self.notice_explained
                and self.family_agrees)


@dataclass
class ProposalDraft:
    """The minimal data of a proposal (no ID numbers, no phone)."""

    region_code: str = ""
    address: str = ""
    contact_name: str = ""
    contact_relation: str | None = None
    reasons: list[ProposalReason] = field(default_factory=list)
    note: str = ""

    def missing(self) -> list[tuple[str, Text]]:
        """(field, label) of what must still be filled in, in the form's order."""
        out = []
        if not self.region_code.strip():
            out.append(("region_code", Text("乡镇或县区代码", "Township or county code")))
        if not self.address.strip():
            out.append(("address", Text("住址", "Address")))
        if not self.contact_name.strip():
            out.append(("contact_name", Text("联系人姓名", "Contact's name")))
        if not self.reasons:
            out.append(("reasons", Text("提议原因", "Reasons")))
        return out


def propose(session: Session, consent: ProposalConsent, draft: ProposalDraft, *,
            actor: str, now: dt.datetime | None = None) -> Proposal:
    """Write the proposal with its outbox row (offline is fine: it goes at the next sync).
    Raises :class:`ConsentNotConfirmed` before looking at the family's data, then
    :class:`FieldRequired` or :class:`RegionCodeInvalid`."""
    if not consent.confirmed:
        raise ConsentNotConfirmed()
    for _field, label in draft.missing()[:1]:
        raise FieldRequired(field_zh=label.zh, field_en=label.en)
    if not _REGION.match(draft.region_code.strip()):
        raise RegionCodeInvalid()
    row = Proposal(region_code=draft.region_code.strip(), address=draft.address.strip(),
                   contact_name=draft.contact_name.strip(),
                   contact_relation=draft.contact_relation or None,
                   reasons=[ProposalReason(r).value for r in dict.fromkeys(draft.reasons)],
                   note=draft.note.strip(), notice_version=consent.notice_version,
                   consented_at=now or dt.datetime.now(dt.UTC),
                   status=ProposalStatus.PROPOSED, proposed_by=actor)
    outbox.save(session, row)
    audit.append(session, actor=actor, action="proposal.create", entity="proposal",
                 entity_id=row.id, detail={"reasons": row.reasons,
                                           "notice_version": row.notice_version})
    return row


def decide(session: Session, proposal_id: str, *, accept: bool, actor: str,
           reason: str = "") -> Proposal:
    """A supervisor accepts the proposal into assignments or declines it with a reason."""
    row = session.get(Proposal, proposal_id)
    if row is None or row.status != ProposalStatus.PROPOSED or row.decided_by is not None:
        raise AlreadyDecided()
    if not accept and not reason.strip():
        raise ReasonNeeded()
    row.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    row.decision_reason = reason.strip() or None
    row.decided_by = actor  # shown as "waiting to sync" until the server's copy arrives
    outbox.save(session, row)
    audit.append(session, actor=actor, action=f"proposal.{row.status.value}",
                 entity="proposal", entity_id=row.id)
    return row


@dataclass(frozen=True, slots=True)
class ProposalRow:
    id: str
    region_code: str
    address: str
    contact_name: str
    reasons: tuple[str, ...]
    note: str
    status: ProposalStatus
    decision_reason: str | None
    proposed_by: str | None
    consented_at: dt.datetime
    household_id: str | None
    synced: bool


def listing(session: Session, statuses: Sequence[ProposalStatus] = tuple(ProposalStatus),
            proposed_by: str | None = None) -> list[ProposalRow]:
    """Proposals held on the device, newest first; ``proposed_by`` narrows to one user."""
    query = select(Proposal).where(Proposal.status.in_(statuses), Proposal.deleted.is_(False))
    if proposed_by is not None:
        query = query.where(Proposal.proposed_by == proposed_by)
    return [ProposalRow(
        id=p.id, region_code=p.region_code, address=p.address, contact_name=p.contact_name,
        reasons=tuple(p.reasons or ()), note=p.note, status=p.status,
        decision_reason=p.decision_reason, proposed_by=p.proposed_by,
        consented_at=p.consented_at, household_id=p.household_id, synced=p.rev > 0)
        for p in session.scalars(query.order_by(Proposal.consented_at.desc()))]
