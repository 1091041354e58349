"""The planning core on a real encrypted store (issue 19), with the clock passed in: the
schedule's order (overdue first, then today, then the week), missed appointments, the team
week, reminders once and without personal data, hand-backs and their answers, bad input."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import select

from homevisit.errors import (
    AppointmentTimeRequired,
    DecisionNoteRequired,
    HandbackNotAwaiting,
    HandbackNoteRequired,
    HandbackPending,
    HouseholdNotHeld,
    NewCounselorRequired,
    TextTooLong,
    UnstorableValue,
)
from homevisit.model import Appointment, Handback, Household, Member, Outbox, Visit
from homevisit.planning.appointments import BEIJING, cancel_appointment, set_appointment
from homevisit.planning.appointments_schedule import Slot, counselor_schedule, team_week
from homevisit.planning.handback import (
    answer_handback,
    awaiting_answer,
    counselors_to_pick,
    request_handback,
)
from homevisit.planning.reminders import ReminderClock, due_reminders
from homevisit.protocol.vocabulary import (
    HandbackDecision,
    HandbackReason,
    HandbackStatus,
    VisitMode,
    VisitStatus,
)
from homevisit.store import Store

# Wednesday 2 December 2026, 09:00 in Beijing.
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()


def _households(store: Store, *specs: tuple[str, dt.date | None, str | None]) -> list[str]:
    def add(session) -> list[str]:
        ids = []
        for address, due, status in specs:
            household = Household(region_code="320321", address=address, due_date=due,
                                  visit_status=status, rev=1, assigned_counselor="wang")
            session.add(household)
            session.add(Member(household=household, name="王伟", relation="father",
                               is_guardian=True, phone="13812345678", rev=1))
            ids.append(household.id)
        return ids

    return store.run(add)


def test_the_schedule_puts_overdue_first_then_today_then_the_week(store):
    late, done, booked, missed, visited = _households(
        store, ("东村 1 号", dt.date(2026, 11, 30), None),
        ("东村 2 号", dt.date(2026, 11, 30), VisitStatus.SUBMITTED),
        ("东村 3 号", dt.date(2026, 12, 20), None), ("东村 4 号", None, None),
        ("东村 5 号", None, None))
    store.run(lambda s: set_appointment(s, booked, at(4, 14), VisitMode.HOME, "周五下午"))
    store.run(lambda s: set_appointment(s, booked, at(2, 16), VisitMode.PHONE))
    store.run(lambda s: set_appointment(s, booked, at(8, 9), VisitMode.HOME))  # next week
    store.run(lambda s: set_appointment(s, missed, at(1, 10), VisitMode.HOME))
    store.run(lambda s: set_appointment(s, visited, at(1, 10), VisitMode.HOME))
    store.run(lambda s: s.add(Visit(household_id=visited, started_at=at(1, 10, 20))))
    gone = store.run(lambda s: set_appointment(s, booked, at(3, 9), VisitMode.HOME))
    store.run(lambda s: cancel_appointment(s, gone))

    schedule = store.run(lambda s: counselor_schedule(s, NOW.astimezone(dt.UTC)))
    assert [(line.slot, line.household_id) for line in schedule.lines] == [
        (Slot.OVERDUE, missed), (Slot.OVERDUE, late), (Slot.TODAY, booked),
        (Slot.WEEK, booked)]
    assert done not in {line.household_id for line in schedule.lines}
    today, week = schedule.of(Slot.TODAY)[0], schedule.of(Slot.WEEK)[0]
    assert today.starts_at == at(2, 16) and today.starts_at.utcoffset() == dt.timedelta(hours=8)
    assert (week.note, week.mode, week.contact) == ("周五下午", VisitMode.HOME, "王伟")
    assert week.phone_masked == "138****5678"  # never the full number in a read-model


def test_the_team_week_lists_every_counselors_week_cancelled_ones_marked(store):
    [household] = _households(store, ("西村 1 号", None, None))

    def seed(session) -> None:
        for who, when, cancelled in (("wang", at(2, 10), False), ("li", at(6, 15), True),
                                     ("li", at(9, 15), False), ("zhao", at(30, 8), False)):
            session.add(Appointment(household_id=household, starts_at=when, counselor=who,
                                    mode=VisitMode.HOME, cancelled=cancelled, rev=1))

    store.run(seed)
    week = store.run(lambda s: team_week(s, NOW))
    assert [(x.counselor, x.slot, x.cancelled) for x in week.lines] == [
        ("li", Slot.WEEK, True), ("wang", Slot.TODAY, False)]


def test_reminders_come_once_within_the_lead_and_say_only_the_time(store):
    [household] = _households(store, ("南村 8 号", None, None))
    soon = store.run(lambda s: set_appointment(s, household, at(2, 9, 20), VisitMode.HOME,
                                               "父亲电话 13812345678"))
    store.run(lambda s: set_appointment(s, household, at(2, 11), VisitMode.HOME))
    clock = ReminderClock(dt.timedelta(minutes=30))
    due = store.run(lambda s: due_reminders(s, NOW, clock.lead))
    assert [r.appointment_id for r in clock.fresh(due)] == [soon]
    assert clock.fresh(store.run(lambda s: due_reminders(s, NOW + dt.timedelta(minutes=5),
                                                         clock.lead))) == []
    public = due[0].public_text
    assert "09:20" in public.zh and "家访提醒" in public.zh
    for text in (public.zh, public.en):
        assert "南村" not in text and "1381" not in text and "父亲" not in text
    # Moved to another time: reminded again; cancelled: never.
    store.run(lambda s: set_appointment(s, household, at(2, 9, 25), VisitMode.HOME,
                                        appointment_id=soon))
    assert len(clock.fresh(store.run(lambda s: due_reminders(s, NOW, clock.lead)))) == 1
    store.run(lambda s: cancel_appointment(s, soon))
    assert store.run(lambda s: due_reminders(s, NOW, clock.lead)) == []


def test_bad_appointments_are_refused_in_words_and_nothing_is_queued(store):
    [household] = _households(store, ("北村 1 号", None, None))
    naive = dt.datetime(2026, 12, 3, 9, 0)
    cases = [(lambda s: set_appointment(s, household, naive, VisitMode.HOME),
              AppointmentTimeRequired),
             (lambda s: set_appointment(s, household, None, VisitMode.HOME),
              AppointmentTimeRequired),
             (lambda s: set_appointment(s, household, at(3, 9), VisitMode.HOME, "x" * 4001),
              TextTooLong),
             (lambda s: set_appointment(s, household, at(3, 9), VisitMode.HOME, "a\x00b"),
              UnstorableValue),
             (lambda s: set_appointment(s, household, at(3, 9), VisitMode.HOME, "\ud800"),
              UnstorableValue),
             (lambda s: set_appointment(s, "no-such-household", at(3, 9), VisitMode.HOME),
              HouseholdNotHeld)]
    for write, error in cases:
        with pytest.raises(error) as raised:
            store.run(write)
        assert raised.value.text.zh and raised.value.text.en
    assert store.run(lambda s: s.scalars(select(Outbox)).all()) == []


def test_a_handback_and_its_answer_are_queued_once(store):
    [household] = _households(store, ("东村 9 号", None, None))
    with pytest.raises(HandbackNoteRequired):
        store.run(lambda s: request_handback(s, household, HandbackReason.OTHER, "  "))
    handback = store.run(lambda s: request_handback(s, household, HandbackReason.MOVED_AWAY,
                                                    "搬到外县"))
    with pytest.raises(HandbackPending):
        store.run(lambda s: request_handback(s, household, HandbackReason.UNREACHABLE))
    queued = store.run(lambda s: [(o.entity, o.payload["record"]["status"])
                                  for o in s.scalars(select(Outbox))])
    assert queued == [("handback", "requested")]

    # On the supervisor's laptop: the synced hand-back awaits an answer.
    store.run(lambda s: setattr(s.get(Handback, handback), "rev", 1))
    store.run(lambda s: setattr(s.get(Handback, handback), "requested_by", "wang"))
    assert [h.id for h in store.run(awaiting_answer)] == [handback]
    assert store.run(counselors_to_pick) == ["wang"]
    with pytest.raises(DecisionNoteRequired):
        store.run(lambda s: answer_handback(s, handback, HandbackDecision.DECLINE, " "))
    with pytest.raises(NewCounselorRequired):
        store.run(lambda s: answer_handback(s, handback, HandbackDecision.ACCEPT, "同意"))
    with pytest.raises(NewCounselorRequired):
        store.run(lambda s: answer_handback(s, handback, HandbackDecision.ACCEPT, "同意",
                                            "wang"))
    store.run(lambda s: answer_handback(s, handback, HandbackDecision.ACCEPT, "同意", "li"))
    with pytest.raises(HandbackNotAwaiting):
        store.run(lambda s: answer_handback(s, handback, HandbackDecision.DECLINE, "不"))
    [line] = store.run(awaiting_answer)
    assert line.answered_here and line.status is HandbackStatus.REQUESTED
    decision = store.run(lambda s: [o.payload["record"] for o in s.scalars(
        select(Outbox).where(Outbox.entity == "handback_decision"))])
    assert [(d["decision"], d["reassign_to"]) for d in decision] == [("accept", "li")]
