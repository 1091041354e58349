"""The volunteer's shifts on this laptop: replaced whole with the server's list at each
sync (a shift the administrator removed goes), read each morning to pick desk and day."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from homevisit.model import DeskShift
from homevisit.protocol.helpdesk import ShiftOut


def store_shifts(session: Session, shifts: list[ShiftOut]) -> int:
    """Keep exactly ``shifts`` (the caller's own, from ``GET /helpdesk/shifts``)."""
    session.execute(delete(DeskShift))
    for s in shifts:
        session.add(DeskShift(desk_id=s.desk.id, day=s.day, site=s.desk.site,
                              township=s.desk.township, hours=s.desk.hours))
    return len(shifts)
