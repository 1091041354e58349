"""The demo county's planning (issue 19): each counselor has a few appointments this week
(today, tomorrow, later; one missed yesterday), the guardians of those households have a
phone (masked on the devices until revealed), and one hand-back from ``counselor2`` waits
for the supervisor. Deterministic for a seed; made-up data."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import HandbackReason, HandbackStatus, VisitMode
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Appointment, Handback, Household, Member, Visit, utc_now

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOTES = ("放学后，父亲在家", "母亲周末才回家，先电话约好", "", "带上助学贷款材料清单",
         "村委会门口集合")
# (days from today, hour, minute, mode): one missed yesterday, today, then the week.
PLAN = ((-1, 16, 0, VisitMode.HOME), (0, 15, 30, VisitMode.HOME), (1, 10, 0, VisitMode.PHONE),
        (2, 14, 0, VisitMode.HOME))


def seed_appointments(session: Session, rng: random.Random, today: dt.date,
                  counselors: tuple[str, ...] = ("counselor1", "counselor2", "counselor3"),
                  ) -> list[str]:
    """Appointments for ``counselors``' unvisited households and one hand-back; returns
    the appointments' ids."""
    visited = select(Visit.household_id)
    made: list[str] = []
    for counselor in counselors:
        households = list(session.scalars(select(Household).where(
            Household.assigned_counselor == counselor, Household.id.not_in(visited))
            .order_by(Household.address).limit(len(PLAN) + 1)))
        for household, (days, hour, minute, mode) in zip(households, PLAN, strict=False):
            starts = dt.datetime.combine(today + dt.timedelta(days=days),
                                         dt.time(hour, minute), BEIJING)
            appointment = Appointment(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), rev=0,
                household_id=household.id, starts_at=starts, mode=mode,
                note=rng.choice(NOTES), counselor=counselor, cancelled=False)
            bump(appointment)
            session.add(appointment)
            session.flush()
            record_change(session, Entity.APPOINTMENT, appointment, household=household)
            _give_phone(session, household, rng)
            made.append(appointment.id)
        if counselor == "counselor2" and len(households) > len(PLAN):
            _hand_back(session, households[len(PLAN)], counselor, rng)
    return made


def _give_phone(session: Session, household: Household, rng: random.Random) -> None:
    guardian = session.scalars(select(Member).where(
        Member.household_id == household.id, Member.is_guardian.is_(True))
        .order_by(Member.name)).first()
    if guardian is None or guardian.phone:
        return
    guardian.phone = f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"
    bump(guardian)
    record_change(session, Entity.MEMBER, guardian, household=household)


def _hand_back(session: Session, household: Household, counselor: str,
               rng: random.Random) -> None:
    handback = Handback(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), rev=0,
        household_id=household.id, reason=HandbackReason.CONFLICT_OF_INTEREST,
        note="学生是我邻居家的孩子，请改派其他老师", requested_by=counselor,
        requested_at=utc_now(), status=HandbackStatus.REQUESTED)
    bump(handback)
    session.add(handback)
    session.flush()
    record_change(session, Entity.HANDBACK, handback, household=household)
