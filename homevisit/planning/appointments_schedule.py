"""The schedule read-models (issue 19): a counselor's "日程" — what is overdue first
(households past their due date without a submitted visit, appointments past with no visit
since), then today's and this week's appointments — and a supervisor's "团队日程", every
counselor's appointments of the week in scope. Phones are masked; the full number comes only
through ``Workspace.reveal_household`` (re-authenticated, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from homevisit.ids import mask_phone
from homevisit.model import Appointment, Household, Member, Visit
from homevisit.planning.appointments import BEIJING, beijing
from homevisit.protocol.vocabulary import VisitMode, VisitStatus

NOT_DONE = (None, VisitStatus.DRAFT.value, VisitStatus.RETURNED.value)
"""A household's visit status while its visit still has to be made (or redone)."""


class Slot(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    slot: Slot
    household_id: str
    address: str
    contact: str  # the guardian's (or first member's) name
    phone_masked: str  # "" when no one has a phone
    appointment_id: str | None = None
    starts_at: dt.datetime | None = None  # Beijing time
    mode: VisitMode | None = None
    note: str = ""
    counselor: str = ""
    due_date: dt.date | None = None
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Schedule:
    today: dt.date
    lines: list[ScheduleLine] = field(default_factory=list)

    def of(self, slot: Slot) -> list[ScheduleLine]:
        return [line for line in self.lines if line.slot is slot]

    def of_overdue(self) -> list[ScheduleLine]:
        return self.of(Slot.OVERDUE)

    def of_today(self) -> list[ScheduleLine]:
        return self.of(Slot.TODAY)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of ``day``'s week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time(), BEIJING)
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=(last - first).days + 1)
                                      ).astimezone(dt.UTC)


def _contacts(session: Session, household_ids: set[str]) -> dict[str, tuple[str, str]]:
    """household id → (contact name, masked phone): the guardian with a phone first."""
    found: dict[str, tuple[str, str]] = {}
    if not household_ids:
        return found
    rows = session.execute(
        select(Member.household_id, Member.name, Member.phone)
        .where(Member.household_id.in_(household_ids), Member.deleted.is_(False),
               Member.moved_out_on.is_(None))
        .order_by(Member.household_id, Member.is_guardian.desc(),
                  Member.phone.is_(None), Member.name))
    for household_id, name, phone in rows:
        found.setdefault(household_id, (name, mask_phone(phone) if phone else ""))
    return found


def _line(slot: Slot, a: Appointment, households: dict[str, Household],
          contacts: dict[str, tuple[str, str]]) -> ScheduleLine:
    household = households.get(a.household_id)
    name, phone = contacts.get(a.household_id, ("", ""))
    return ScheduleLine(slot, a.household_id, household.address if household else "", name,
                        phone, a.id, beijing(a.starts_at), a.mode, a.note, a.counselor or "",
                        household.due_date if household else None, a.cancelled)


def _visited_since(session: Session, appointments: list[Appointment]) -> set[str]:
    """Ids of the appointments whose household has a visit started on or after the
    appointment's day (or one already past its draft)."""
    if not appointments:
        return set()
    latest = dict(session.execute(
        select(Visit.household_id, func.max(Visit.started_at))
        .where(Visit.household_id.in_({a.household_id for a in appointments}),
               Visit.deleted.is_(False))
        .group_by(Visit.household_id)).all())
    done = set()
    for a in appointments:
        started = latest.get(a.household_id)
        day = dt.datetime.combine(beijing(a.starts_at).date(), dt.time(), BEIJING)
        if started is not None and _aware(started) >= day:
            done.add(a.id)
    return done


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def counselor_schedule(session: Session, now: dt.datetime, me: str | None = None) -> Schedule:
    """Overdue first, then today, then the rest of this week (Monday–Sunday, Beijing time).
    ``me``: only my appointments (a household handed to me may hold another's old ones)."""
    today = beijing(now).date()
    _monday, sunday = week_of(today)
    start_today, end_week = _bounds(today, sunday)
    live = select(Appointment).where(Appointment.deleted.is_(False),
                                     Appointment.cancelled.is_(False))
    if me is not None:
        live = live.where((Appointment.counselor == me) | Appointment.counselor.is_(None))
    past = list(session.scalars(live.where(Appointment.starts_at < now)
                                .order_by(Appointment.starts_at)))
    ahead = list(session.scalars(live.where(Appointment.starts_at >= start_today,
                                            Appointment.starts_at < end_week)
                                 .order_by(Appointment.starts_at)))
    done = _visited_since(session, past)
    # Missed: past, no visit since, and before today (today's past ones stay under today).
    missed = [a for a in past if a.id not in done and _aware(a.starts_at) < start_today]
    late = list(session.scalars(select(Household).where(
        Household.deleted.is_(False), Household.due_date < today,
        Household.visit_status.is_(None) | Household.visit_status.in_(NOT_DONE[1:]))
        .order_by(Household.due_date)))
    ids = {a.household_id for a in [*missed, *ahead]} | {h.id for h in late}
    households = {h.id: h for h in session.scalars(select(Household).where(
        Household.id.in_(ids)))}
    contacts = _contacts(session, ids)
    # Missed appointments lead (a family that expected the counselor), then late households.
    lines = [_line(Slot.OVERDUE, a, households, contacts) for a in missed]
    lines += [ScheduleLine(Slot.OVERDUE, h.id, h.address, *contacts.get(h.id, ("", "")),
                           due_date=h.due_date) for h in late]
    end_today = _bounds(today, today)[1]
    for a in ahead:
        slot = Slot.TODAY if _aware(a.starts_at) < end_today else Slot.WEEK
        lines.append(_line(slot, a, households, contacts))
    return Schedule(today, lines)


def team_week(session: Session, now: dt.datetime) -> Schedule:
    """Every appointment of this week held here (a supervisor pulls their scope's), by
    counselor then time; cancelled ones included, marked."""
    today = beijing(now).date()
    monday, sunday = week_of(today)
    start, end = _bounds(monday, sunday)
    found = list(session.scalars(select(Appointment).where(
        Appointment.deleted.is_(False), Appointment.starts_at >= start,
        Appointment.starts_at < end).order_by(Appointment.counselor, Appointment.starts_at)))
    ids = {a.household_id for a in found}
    households = {h.id: h for h in session.scalars(select(Household).where(
        Household.id.in_(ids)))}
    contacts = _contacts(session, ids)
    end_today = _bounds(today, today)[1]
    start_today = _bounds(today, today)[0]
    lines = [_line(Slot.TODAY if start_today <= _aware(a.starts_at) < end_today else Slot.WEEK,
                   a, households, contacts) for a in found]
    return Schedule(today, lines)


def household_appointments(session: Session, household_id: str) -> list[ScheduleLine]:
    """A household's appointments, newest first (the household detail's list)."""
    found = list(session.scalars(select(Appointment).where(
        Appointment.household_id == household_id, Appointment.deleted.is_(False))
        .order_by(Appointment.starts_at.desc())))
    households = {h.id: h for h in session.scalars(select(Household).where(
        Household.id == household_id))}
    contacts = _contacts(session, {household_id})
    return [_line(Slot.WEEK, a, households, contacts) for a in found]
