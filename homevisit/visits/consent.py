"""The visit's consent record (DESIGN §4): the guardian's choices per kind of capture, the
notice version, the authorisation for roster checks and the signature, kept in step with the
consent step's answers. Every change is audited; the audit detail says what, never who."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.model import ConsentRecord, Member, Visit


def save_consent(session: Session, visit: Visit, actor: str,
                 signature_id: str | None = None) -> ConsentRecord:
    """Write the consent record from the visit's consent answers (and, with
    ``signature_id``, the guardian's signature on it), with its outbox row and audit event."""
    answers = (visit.answers or {}).get("consent") or {}
    row = session.scalars(select(ConsentRecord).where(
        ConsentRecord.visit_id == visit.id, ConsentRecord.deleted.is_(False))).first()
    if row is None:
        row = ConsentRecord(visit_id=visit.id, household_id=visit.household_id)
    guardian = session.scalars(select(Member).where(
        Member.household_id == visit.household_id, Member.is_guardian.is_(True),
        Member.deleted.is_(False), Member.moved_out_on.is_(None))).first()
    row.guardian_member_id = guardian.id if guardian else None
    row.guardian_relation = answers.get("guardian_relation")
    row.notice_version = str(answers.get("notice_version") or "unknown")
    row.choices = {code: True for code in answers.get("consent_choices") or []}
    row.roster_check_authorised = bool(answers.get("roster_check_authorised"))
    if signature_id is not None:
        row.signature_attachment_id = signature_id
        row.signed_at = dt.datetime.now(dt.UTC)
    outbox.save(session, row)
    audit.append(session, actor=actor, action="consent", entity="consent", entity_id=row.id,
                 detail={"choices": sorted(row.choices), "signed": signature_id is not None,
                         "roster_check_authorised": row.roster_check_authorised})
    return row
