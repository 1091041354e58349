"""Appointment reminders (issue 19), headless: which appointments are due a reminder now,
given a clock the caller passes in (the GUI's timer asks every half minute; tests pass any
time). Each appointment is reminded once per start time (a moved appointment is reminded
again).

What a reminder says is fixed here too: only "家访提醒" and the time. The OS notification
area is seen by anyone at the screen (and some systems log notifications), so neither the
family's name, address, phone nor the note ever goes there; the app's own banner, shown
only while the profile is unlocked, adds the address the counselor needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.model import Appointment, Household
from homevisit.planning.appointments import beijing


@dataclass(frozen=True, slots=True)
class Reminder:
    appointment_id: str
    starts_at: dt.datetime  # Beijing time
    address: str  # for the in-app banner only

    @property
    def public_text(self) -> Text:
        """What the OS notification says: the time, nothing about the family."""
        at = self.starts_at.strftime("%H:%M")
        return Text(f"家访提醒：{at} 有一次家访。", f"Home visit reminder: a visit at {at}.")


def due_reminders(session: Session, now: dt.datetime, lead: dt.timedelta) -> list[Reminder]:
    """Appointments (not cancelled) starting within ``lead`` from ``now``, soonest first."""
    rows = session.execute(
        select(Appointment.id, Appointment.starts_at, Household.address)
        .join(Household, Household.id == Appointment.household_id)
        .where(Appointment.deleted.is_(False), Appointment.cancelled.is_(False),
               Appointment.starts_at >= now, Appointment.starts_at <= now + lead)
        .order_by(Appointment.starts_at)).all()
    return [Reminder(id_, beijing(at), address or "") for id_, at, address in rows]


@dataclass
class ReminderClock:
    """Remembers what was already reminded (in memory: after a restart a reminder may come
    once more, never not at all)."""

    lead: dt.timedelta
    reminded: set[tuple[str, dt.datetime]] = field(default_factory=set)

    def fresh(self, due: list[Reminder]) -> list[Reminder]:
        """Those of ``due`` not reminded yet; marks them reminded."""
        new = [r for r in due if (r.appointment_id, r.starts_at) not in self.reminded]
        self.reminded.update((r.appointment_id, r.starts_at) for r in new)
        return new
