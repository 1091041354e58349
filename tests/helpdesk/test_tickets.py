"""The walk-in queue file: tickets only, shared by two processes, never the same ticket
called twice, a new day a new queue."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from pathlib import Path

import pytest

from homevisit.helpdesk.tickets import NoTicketWaiting, TicketQueue, TicketState, TicketTaken
from homevisit.protocol.vocabulary import LoanType

DAY = dt.date(2026, 7, 20)


def _call_in_another_process(path: str, out) -> None:  # type: ignore[no-untyped-def]
    try:
        out.put(TicketQueue(Path(path), today=DAY).call().number)
    except TicketTaken:
        out.put(None)


def test_tickets_are_numbered_called_once_and_finished(tmp_path):
    queue = TicketQueue(tmp_path / "q.json", today=DAY)
    assert [queue.issue(t).number for t in (LoanType.FIRST, LoanType.RENEWAL)] == [1, 2]
    other = TicketQueue(tmp_path / "q.json", today=DAY)  # another volunteer's session
    assert other.call().number == 1
    with pytest.raises(TicketTaken) as taken:
        queue.call(1)
    assert "第 1 号已被叫号" in str(taken.value)
    assert queue.call().number == 2
    with pytest.raises(NoTicketWaiting):
        queue.call()
    queue.finish(1)
    queue.put_back(2)
    assert [(t.number, t.state) for t in other.tickets()] == [
        (1, TicketState.DONE), (2, TicketState.WAITING)]


def test_a_new_day_starts_at_number_one(tmp_path):
    TicketQueue(tmp_path / "q.json", today=DAY).issue(LoanType.FIRST)
    tomorrow = TicketQueue(tmp_path / "q.json", today=DAY + dt.timedelta(days=1))
    assert tomorrow.tickets() == [] and tomorrow.issue(LoanType.FIRST).number == 1


def test_two_processes_calling_at_once_never_get_the_same_ticket(tmp_path):
    queue = TicketQueue(tmp_path / "q.json", today=DAY)
    for _ in range(3):
        queue.issue(LoanType.FIRST)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    workers = [ctx.Process(target=_call_in_another_process, args=(str(queue.path), out))
               for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    numbers = sorted(out.get(timeout=5) for _ in workers)
    assert numbers == [1, 2, 3]


def test_the_file_holds_tickets_only(tmp_path):
    queue = TicketQueue(tmp_path / "q.json", today=DAY)
    queue.issue(LoanType.RENEWAL)
    doc = json.loads(queue.path.read_text("utf-8"))
    assert set(doc) == {"format", "day", "tickets"}
    assert set(doc["tickets"][0]) == {"number", "arrived_at", "loan_type", "state"}
