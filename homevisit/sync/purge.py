"""Purging local copies the device no longer needs (DESIGN §4): a household and everything
under it once it is no longer assigned to this counselor; help-desk cases once the server
has them and the policy's ``retention_days`` passed. A purge never removes unsent work:
the outbox rows of a household that left (reassigned after a hand-back, say) are kept,
quarantined as :data:`HOUSEHOLD_LEFT` and shown on the sync page — the server would refuse
them now — and a household with a file not yet uploaded is kept whole."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit.model import (
    AidEntry,
    Appointment,
    Assignment,
    Attachment,
    ConsentRecord,
    Delegation,
    Flag,
    Handback,
    HandbackRuling,
    HelpDeskCase,
    Household,
    Member,
    Outbox,
    Review,
    SearchKey,
    SearchTerm,
    Student,
    Visit,
    VisitVersion,
)
from homevisit.protocol.records import Entity
from homevisit.sync.policies import load_policies

# Everything under a household, children before parents.
_UNDER_HOUSEHOLD = (HandbackRuling, Handback, Appointment, AidEntry, Delegation, Review,
                    Flag, ConsentRecord, Attachment, VisitVersion, Visit, Student, Assignment,
                    Member)


HOUSEHOLD_LEFT = "household_left"
"""``Outbox.last_error`` of work kept after its household left this user's scope."""


def _household_of(row: Outbox) -> str | None:
    record = (row.payload or {}).get("record") or {}
    if row.entity == Entity.HOUSEHOLD.value:
        return row.entity_id
    household = record.get("household_id")
    return household if isinstance(household, str) else None


def quarantine_left(session: Session, household_ids: set[str]) -> int:
    """Quarantine the unsent outbox rows of households that left this user's scope: the
    server refuses them now, and they must not be lost with the household. Returns how
    many were newly quarantined."""
    moved = 0
    for row in session.scalars(select(Outbox)):
        if _household_of(row) in household_ids and row.last_error != HOUSEHOLD_LEFT:
            row.quarantined = True
            row.last_error = HOUSEHOLD_LEFT
            moved += 1
    return moved


def _files_unsent(session: Session, household_ids: set[str]) -> set[str]:
    """The households among ``household_ids`` holding a file not yet uploaded."""
    return set(session.scalars(select(Attachment.household_id).where(
        Attachment.household_id.in_(household_ids), Attachment.uploaded.is_(False),
        Attachment.deleted.is_(False))))


def held_households(session: Session) -> list[str]:
    """The synced households this device holds (asked about with ``POST /sync/scope``)."""
    return list(session.scalars(select(Household.id).where(Household.rev > 0)))


def purge_households(session: Session, out_of_scope: set[str]) -> tuple[int, list[str]]:
    """Remove the households the server says this user may no longer see (reassigned to
    another counselor, moved out of a supervisor's team), with everything under them. Their
    unsent outbox rows stay, quarantined (:func:`quarantine_left`); a household with a file
    not yet uploaded stays whole. Returns (households purged, vault file ids to delete
    after the commit)."""
    if out_of_scope:
        quarantine_left(session, out_of_scope)
    gone = out_of_scope - _files_unsent(session, out_of_scope) if out_of_scope else set()
    if not gone:
        return 0, []
    files = list(session.scalars(select(Attachment.vault_file_id).where(
        Attachment.household_id.in_(gone), Attachment.file_key != b"")))
    keys = select(SearchKey.key).where(SearchKey.household_id.in_(gone))
    session.execute(delete(SearchTerm).where(SearchTerm.key.in_(keys)))
    session.execute(delete(SearchKey).where(SearchKey.household_id.in_(gone)))
    for model in _UNDER_HOUSEHOLD:
        session.execute(delete(model).where(model.household_id.in_(gone)))
    session.execute(delete(Household).where(Household.id.in_(gone)))
    return len(gone), files


def purge_helpdesk_cases(session: Session, now: dt.datetime | None = None) -> int:
    """Remove help-desk cases the server has (``rev`` > 0, nothing queued) whose last change
    is older than ``retention_days``. Returns how many."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=load_policies(session).retention_days)
    queued = select(Outbox.entity_id)
    doomed = list(session.scalars(select(HelpDeskCase.id).where(
        HelpDeskCase.rev > 0, HelpDeskCase.updated_at < cutoff,
        HelpDeskCase.id.not_in(queued))))
    if doomed:
        session.execute(delete(HelpDeskCase).where(HelpDeskCase.id.in_(doomed)))
    return len(doomed)
