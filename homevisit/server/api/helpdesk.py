"""Help-desk endpoints (issue 17): a volunteer's shifts, and the figures of a desk on a
day for its volunteers (totals only), the supervisors of its team or region and admins.
Administering desks and shifts is under ``/admin/desks``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from homevisit.protocol import API_PREFIX
from homevisit.protocol.helpdesk import DeskDayStats, ShiftOut
from homevisit.protocol.types import UUID_PATTERN
from homevisit.protocol.vocabulary import Role
from homevisit.server import desks
from homevisit.server.deps import DbSession, require
from homevisit.server.errors import NotFound
from homevisit.server.models import HelpDesk
from homevisit.server.principal import Principal

router = APIRouter(prefix=f"{API_PREFIX}/helpdesk", tags=["helpdesk"])

DeskId = Annotated[str, Path(pattern=UUID_PATTERN)]
VolunteerPrincipal = Annotated[Principal, Depends(require(Role.VOLUNTEER))]
DeskReader = Annotated[Principal, Depends(require(Role.VOLUNTEER, Role.SUPERVISOR, Role.ADMIN))]


@router.get("/shifts", response_model=list[ShiftOut])
def my_shifts(
    principal: VolunteerPrincipal,
    session: DbSession,
    since: Annotated[dt.date | None, Query(description="Only shifts from this day on.")] = None,
):
    """The caller's own shifts (desk, day, the desk's site and hours): the laptop offers
    them to pick from each morning."""
    return desks.shifts(session, username=principal.username, since=since)


@router.get("/desks/{desk_id}/days/{day}/stats", response_model=DeskDayStats)
def desk_day_stats(desk_id: DeskId, day: dt.date, principal: DeskReader,
                   session: DbSession):
    """Cases, outcomes, minutes per case and missing-document reasons of one desk on one
    day. Outside the caller's scope: 404."""
    desk = session.get(HelpDesk, desk_id)
    if desk is None or not desks.may_see_desk(session, principal, desk):
        raise NotFound()
    return desks.day_stats(session, desk, day)
