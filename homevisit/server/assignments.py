"""Assigning a household to a counselor (which also runs the roster match)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import Role
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import InvalidRequest, NotFound
from homevisit.server.models import Assignment, Flag, Household, utc_now
from homevisit.server.principal import Principal
from homevisit.server.records import ORM_TYPES
from homevisit.server.roster import match_household
from homevisit.server.users import user_by_name


def assign_household(
    session: Session,
    household_id: str,
    counselor: str,
    due_date: dt.date | None,
    *,
    actor: Principal | str,
    replay: bool = True,
) -> tuple[Assignment, list[Flag]]:
    """Make ``counselor`` responsible for the household (the household joins their team),
    log the change for sync, and raise roster flags for its guardians. ``replay=False``
    skips re-logging the household's records: only for bulk loads into a database no
    device has pulled from yet (the demo seed)."""
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise NotFound()
    user = user_by_name(session, counselor)
    if user.role != Role.COUNSELOR.value or user.disabled:
        raise InvalidRequest()
    household.assigned_counselor = user.username
    household.due_date = due_date or household.due_date
    if user.team_id is not None:
        household.team_id = user.team_id
    bump(household)
    record_change(session, Entity.HOUSEHOLD, household)
    assignment = Assignment(
        id=str(uuid.uuid4()),
        household_id=household.id,
        counselor=user.username,
        assigned_at=utc_now(),
        due_date=due_date,
        assigned_by=actor.user_id if isinstance(actor, Principal) else None,
        rev=0,
    )
    bump(assignment)
    session.add(assignment)
    session.flush()
    record_change(session, Entity.ASSIGNMENT, assignment)
    if replay:
        replay_household(session, household.id)
    flags = match_household(session, household.id)
    audit(session, actor, "household.assign", "household", household.id,
          {"counselor": user.username, "flags_raised": len(flags)})
    return assignment, flags


def replay_household(session: Session, household_id: str, *,
                     with_household: bool = False) -> None:
    """Log every record of the household again (same rev) so a counselor whose pull cursor
    is already past them receives them after the assignment (or a delegate after a
    delegation opens the household to them: ``with_household`` logs the household too)."""
    if with_household:
        household = session.get(Household, household_id)
        if household is not None:
            record_change(session, Entity.HOUSEHOLD, household)
    for entity, model in ORM_TYPES.items():
        if entity in (Entity.HOUSEHOLD, Entity.ASSIGNMENT, Entity.HELPDESK_CASE,
                      Entity.PROPOSAL):
            continue
        column = model.__table__.c.household_id
        for row in session.execute(select(model).where(column == household_id)).scalars():
            record_change(session, entity, row)
