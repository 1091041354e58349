"""Appointments (issue 19): a counselor sets a date, time, mode and note for a visit with a
household, and edits or cancels it; each change commits with its outbox row. Times are
aware datetimes stored in UTC and shown in Beijing time (UTC+8 all year: China keeps no
daylight saving, so a fixed offset needs no time-zone database on Windows)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.errors import (
    AppointmentNotFound,
    AppointmentTimeRequired,
    HouseholdNotHeld,
    TextTooLong,
)
from homevisit.model import Appointment, Household
from homevisit.protocol.vocabulary import VisitMode

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
"""The time zone appointments are shown and entered in."""

NOTE_LIMIT = 4000  # the protocol's LongText


def beijing(moment: dt.datetime) -> dt.datetime:
    """``moment`` (aware) as Beijing wall-clock time."""
    return moment.astimezone(BEIJING)


def _checked(starts_at: dt.datetime | None, note: str) -> dt.datetime:
    if starts_at is None or starts_at.tzinfo is None:
        raise AppointmentTimeRequired()
    if len(note) > NOTE_LIMIT:
        raise TextTooLong(limit=NOTE_LIMIT)
    return starts_at.astimezone(dt.UTC)


def set_appointment(session: Session, household_id: str, starts_at: dt.datetime | None,
                    mode: VisitMode, note: str = "", *,
                    appointment_id: str | None = None) -> str:
    """Make an appointment with a household held here, or change one (``appointment_id``);
    queued for the server in the same transaction. Returns its id. A cancelled appointment
    that is set again is on again."""
    when = _checked(starts_at, note)
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise HouseholdNotHeld()
    if appointment_id is None:
        appointment = Appointment(household_id=household_id)
    else:
        found = session.get(Appointment, appointment_id)
        if found is None or found.household_id != household_id or found.deleted:
            raise AppointmentNotFound()
        appointment = found
    appointment.starts_at = when
    appointment.mode = VisitMode(mode)
    appointment.note = note
    appointment.cancelled = False
    outbox.save(session, appointment)
    return appointment.id


def cancel_appointment(session: Session, appointment_id: str) -> None:
    """Call an appointment off (kept, marked cancelled, so the team's week shows it)."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.deleted:
        raise AppointmentNotFound()
    if not appointment.cancelled:
        appointment.cancelled = True
        outbox.save(session, appointment)
