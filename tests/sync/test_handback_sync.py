"""Hand-backs between real encrypted stores through a real server (issue 19): a declined
hand-back reaches the counselor with the supervisor's note and the household stays; an
accepted one takes the household and its appointments off the first laptop, onto the new
counselor's, and the first counselor's unsent appointment note stays quarantined."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from homevisit.model import Household, Outbox
from homevisit.planning.appointments import BEIJING, set_appointment
from homevisit.planning.handback import (
    answer_handback,
    awaiting_answer,
    household_handbacks,
    request_handback,
)
from homevisit.protocol.vocabulary import (
    HandbackDecision,
    HandbackReason,
    HandbackStatus,
    VisitMode,
)
from homevisit.sync.purge import HOUSEHOLD_LEFT

WHEN = dt.datetime(2026, 12, 3, 15, 0, tzinfo=BEIJING)


def _held(d) -> set[str]:
    return set(d.store.run(lambda s: list(s.scalars(select(Household.id)))))


def test_a_declined_handback_comes_back_with_its_note(central, device):
    central.user("counselor", "wang")
    central.user("supervisor", "li")
    household = central.household("wang")
    counselor, supervisor = device(central, "wang"), device(central, "li")
    assert counselor.sync().ok and supervisor.sync().ok
    counselor.store.run(lambda s: request_handback(s, household, HandbackReason.UNREACHABLE))
    assert counselor.sync().ok and counselor.outbox_size() == 0
    assert supervisor.sync().ok
    [waiting] = supervisor.store.run(awaiting_answer)
    supervisor.store.run(lambda s: answer_handback(s, waiting.id, HandbackDecision.DECLINE,
                                                   "请周末再去一次"))
    result = supervisor.sync()
    assert result.ok and result.rejected == 0, result.error
    assert supervisor.store.run(awaiting_answer) == []
    assert counselor.sync().ok
    [answered] = counselor.store.run(lambda s: household_handbacks(s, household))
    assert (answered.status, answered.decision_note) == (HandbackStatus.DECLINED,
                                                         "请周末再去一次")
    assert household in _held(counselor)


def test_an_accepted_handback_moves_the_household_keeping_unsent_work(central, device):
    for name in ("wang", "zhao"):
        central.user("counselor", name)
    central.user("supervisor", "li")
    household = central.household("wang")
    first, supervisor = device(central, "wang"), device(central, "li")
    assert first.sync().ok and supervisor.sync().ok
    first.store.run(lambda s: set_appointment(s, household, WHEN, VisitMode.HOME, "已约好"))
    first.store.run(lambda s: request_handback(s, household, HandbackReason.MOVED_AWAY))
    assert first.sync().ok and first.outbox_size() == 0
    # Typed offline after the hand-back: a changed appointment note, never sent.
    first.store.run(lambda s: set_appointment(s, household, WHEN, VisitMode.PHONE,
                                              "改为电话：父亲晚上八点后方便"))
    assert supervisor.sync().ok
    [waiting] = supervisor.store.run(awaiting_answer)
    supervisor.store.run(lambda s: answer_handback(s, waiting.id, HandbackDecision.ACCEPT,
                                                   "同意", "zhao"))
    assert supervisor.sync().ok
    result = first.sync()
    assert result.ok, result.error
    assert household not in _held(first)
    [kept] = first.store.run(lambda s: list(s.scalars(select(Outbox))))
    assert (kept.entity, kept.quarantined, kept.last_error) == ("appointment", True,
                                                                HOUSEHOLD_LEFT)
    assert kept.payload["record"]["note"] == "改为电话：父亲晚上八点后方便"
    assert first.store.check() == []
    second = device(central, "zhao")
    assert second.sync().ok
    assert household in _held(second)
    [handback] = second.store.run(lambda s: household_handbacks(s, household))
    assert handback.status is HandbackStatus.ACCEPTED
