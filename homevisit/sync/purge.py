"""Purging local copies the device no longer needs (DESIGN §4): a household and everything
under it once it is no longer assigned to this counselor and nothing of it is unsent;
help-desk cases once the server has them and the policy's ``retention_days`` passed. A purge
never removes unsent work (an outbox row, a file not yet uploaded)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit.model import (
    Assignment,
    Attachment,
    ConsentRecord,
    Delegation,
    Flag,
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
from homevisit.sync.policies import load_policies

# Everything under a household, children before parents.
_UNDER_HOUSEHOLD = (Delegation, Review, Flag, ConsentRecord, Attachment, VisitVersion, Visit,
                    Student, Assignment, Member)


def _unsent(session: Session, household_ids: set[str]) -> set[str]:
    """The households among ``household_ids`` holding anything not yet on the server."""
    queued = set(session.scalars(select(Outbox.entity_id)))
    busy = household_ids & queued
    for model in _UNDER_HOUSEHOLD:
        rows = session.execute(select(model.id, model.household_id).where(
            model.household_id.in_(household_ids))).all()
        busy |= {str(household) for id_, household in rows if id_ in queued}
    busy |= set(session.scalars(select(Attachment.household_id).where(
        Attachment.household_id.in_(household_ids), Attachment.uploaded.is_(False),
        Attachment.deleted.is_(False))))
    return busy


def held_households(session: Session) -> list[str]:
    """The synced households this device holds (asked about with ``POST /sync/scope``)."""
    return list(session.scalars(select(Household.id).where(Household.rev > 0)))


def purge_households(session: Session, out_of_scope: set[str]) -> tuple[int, list[str]]:
    """Remove the households the server says this user may no longer see (reassigned to
    another counselor, moved out of a supervisor's team), with everything under them,
    unless anything of theirs is unsent. Returns (households purged, vault file ids to
    delete after the commit)."""
    gone = out_of_scope - _unsent(session, out_of_scope) if out_of_scope else set()
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
