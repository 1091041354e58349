"""The volunteer's shifts on this laptop: replaced whole with the server's list at each
sync (a shift the administrator removed goes), read each morning to pick desk and day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit.model import DeskShift
from homevisit.protocol.helpdesk import DeskDayStats, ShiftOut


def store_shifts(session: Session, shifts: list[ShiftOut],
                 totals: dict[tuple[str, dt.date], DeskDayStats] | None = None) -> int:
    """Keep exactly ``shifts`` (the caller's own, from ``GET /helpdesk/shifts``), with the
    desk's figures of the days fetched (``totals``)."""
    picked = {(row.desk_id, row.day) for row in session.execute(
        select(DeskShift.desk_id, DeskShift.day).where(DeskShift.picked.is_(True)))}
    session.execute(delete(DeskShift))
    for s in shifts:
        figures = (totals or {}).get((s.desk.id, s.day))
        session.add(DeskShift(desk_id=s.desk.id, day=s.day, site=s.desk.site,
                              township=s.desk.township, hours=s.desk.hours,
                              picked=(s.desk.id, s.day) in picked,
                              desk_totals=figures.model_dump(mode="json") if figures else {}))
    return len(shifts)


def pick(session: Session, desk_id: str, day: dt.date) -> None:
    """The volunteer starts the day at this desk (the page asks no more that day)."""
    for shift in session.scalars(select(DeskShift).where(DeskShift.day == day)):
        shift.picked = shift.desk_id == desk_id
