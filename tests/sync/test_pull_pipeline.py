"""The pipelined pull (issue 20): the next page is asked for while the store applies the one
before. Pages must still land in order, each once: a request that fails loses no page
already received, and a page that fails to apply stops the pull before any later page
lands."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select
from synckit import Central, Device

from homevisit.model import Member
from homevisit.sync import pull
from homevisit.sync.errors import BadServerResponse, NetworkUnavailable
from homevisit.sync.pull import sync_state

PAGE = 4


def twelve_members(central: Central, device: Any) -> tuple[Device, list[str]]:
    """A counselor's device B (pages of PAGE) and the ids of 12 members device A pushed."""
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok
    members = a.add_members(household, 12)
    assert a.sync().ok and a.outbox_size() == 0
    b = device(central, "wang")
    b.engine.pull_limit = PAGE
    return b, members


def pulls_of(device: Device, fail_at: int | None = None) -> list[int]:
    """Watch the device's pull requests; the ``fail_at``-th (from 1) fails as if the network
    dropped. Returns the ``since`` of each request sent so far."""
    transport = device.engine.transport()
    call = transport.call
    sent: list[int] = []

    def watched(method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path == "/sync/pull":
            sent.append(kw["params"]["since"])
            if len(sent) == fail_at:
                raise NetworkUnavailable()
        return call(method, path, *args, **kw)

    transport.call = watched
    return sent


def held(device: Device) -> tuple[set[str], int]:
    return device.store.run(lambda s: (set(s.scalars(select(Member.id))),
                                       sync_state(s).pull_cursor))


def test_the_next_page_is_asked_for_while_the_store_applies_the_one_before(
        central, device, monkeypatch):
    b, members = twelve_members(central, device)
    sent = pulls_of(b)
    overlapped: list[bool] = []
    apply_page = pull.apply_page

    def slow_apply(session: Any, page: Any, since: int) -> int:
        # The first page waits (in the store's worker) for the second request to leave:
        # sent one after the other, it never would, and this waits out its timeout.
        if not overlapped:
            pause = threading.Event()  # never set: a sleep
            for _ in range(100):
                if len(sent) >= 2:
                    break
                pause.wait(0.05)
            overlapped.append(len(sent) >= 2)
        return apply_page(session, page, since)

    monkeypatch.setattr(pull, "apply_page", slow_apply)
    result = b.engine.run()
    assert result.ok, result.error
    assert overlapped == [True]
    assert held(b)[0] >= set(members)
    assert sent == sorted(sent) and len(set(sent)) == len(sent)  # each cursor asked once


def test_a_request_that_fails_loses_none_of_the_pages_already_received(central, device):
    b, members = twelve_members(central, device)
    sent = pulls_of(b, fail_at=3)
    result = b.engine.run()
    assert isinstance(result.error, NetworkUnavailable)
    got, cursor = held(b)
    # Page 2 was being applied while request 3 went out and failed: it landed all the same.
    assert cursor == sent[2] > sent[1] > 0
    assert got and got < set(members)
    del b.engine.transport().call  # the network is back
    assert b.sync().ok
    assert held(b)[0] >= set(members)


def test_a_page_that_fails_to_apply_stops_the_pull_before_later_pages_land(
        central, device, monkeypatch):
    b, members = twelve_members(central, device)
    sent = pulls_of(b)
    apply_page = pull.apply_page
    applied: list[int] = []

    def failing_second(session: Any, page: Any, since: int) -> int:
        applied.append(since)
        if len(applied) == 2:
            raise BadServerResponse(what="rev")
        return apply_page(session, page, since)

    monkeypatch.setattr(pull, "apply_page", failing_second)
    result = b.engine.run()
    assert isinstance(result.error, BadServerResponse)
    got, cursor = held(b)
    assert cursor == sent[1]  # page 1's cursor: page 2 rolled back, page 3 never applied
    assert len(got) <= PAGE and got < set(members)
    assert len(applied) == 2 and len(sent) == 3  # page 3 was asked for, not applied
    monkeypatch.setattr(pull, "apply_page", apply_page)
    assert b.sync().ok
    assert held(b)[0] >= set(members)
