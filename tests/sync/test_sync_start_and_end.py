"""How a sync starts and ends (issue 20): who the user is and the policies in one round
trip (two with an older server); the contact with the server kept with the sync's last
transaction, so a sync that changes nothing commits once; and kept when the sync fails
after the server answered (the offline limit counts from the last contact)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homevisit.changes import StoreChanges
from homevisit.model import SyncState
from homevisit.sync.errors import NetworkUnavailable

LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def contact(device: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    state = device.store.run(lambda s: s.get(SyncState, 1))
    return state.last_server_contact_at, state.last_sync_at


def set_contact(device: Any, when: dt.datetime) -> None:
    def set_(session: Any) -> None:
        state = session.get(SyncState, 1)
        state.last_server_contact_at = state.last_sync_at = when

    device.store.run(set_)


def test_a_sync_that_changes_nothing_commits_once(central, device):
    central.user("counselor", "wang")
    central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok and a.sync().ok  # the second one's audit events are sent too
    set_contact(a, LONG_AGO)
    written: list[StoreChanges] = []
    remove = a.store.add_listener(written.append)
    try:
        assert a.sync().ok
    finally:
        remove()
    assert [sorted(c.tables) for c in written] == [["sync_state"]], written
    contacted, synced = contact(a)
    assert contacted is not None and contacted > LONG_AGO and synced == contacted


def test_a_sync_that_fails_after_the_server_answered_still_records_the_contact(
        central, device):
    central.user("counselor", "wang")
    a = device(central, "wang")
    assert a.sync().ok
    set_contact(a, LONG_AGO)
    transport = a.engine.transport()
    call = transport.call

    def pull_fails(method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path == "/sync/pull":
            raise NetworkUnavailable()
        return call(method, path, *args, **kw)

    transport.call = pull_fails
    result = a.sync()
    assert isinstance(result.error, NetworkUnavailable)
    contacted, synced = contact(a)
    assert contacted is not None and contacted > LONG_AGO  # the server answered /me
    assert synced == LONG_AGO  # but this was no finished sync


def requests_of(device: Any, strip_policies: bool = False) -> list[str]:
    """The paths the device asks for; ``strip_policies``: its /me answers come without
    the policies, as a server older than that field sends them."""
    transport = device.engine.transport()
    call = transport.call
    asked: list[str] = []

    def watched(method: str, path: str, *args: Any, **kw: Any) -> Any:
        asked.append(path)
        answer = call(method, path, *args, **kw)
        if strip_policies and path == "/me":
            assert answer.policies is not None
            answer = answer.model_copy(update={"policies": None})
        return answer

    transport.call = watched
    return asked


def test_a_sync_learns_who_and_the_policies_in_one_round_trip(central, device):
    central.user("counselor", "wang")
    a = device(central, "wang")
    assert a.sync().ok
    asked = requests_of(a)
    assert a.sync().ok
    assert asked[0] == "/me" and "/device/policies" not in asked, asked


def test_with_a_server_that_sends_no_policies_in_me_the_device_asks_for_them(
        central, device):
    central.user("counselor", "wang")
    a = device(central, "wang")
    asked = requests_of(a, strip_policies=True)
    assert a.sync().ok
    assert asked[:2] == ["/me", "/device/policies"], asked
    assert a.store.run(lambda s: s.get(SyncState, 1).policies)  # kept all the same
