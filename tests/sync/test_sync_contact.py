"""When a sync records its contact with the server (issue 20): with its last transaction,
so a sync that changes nothing commits once; and when the sync fails after the server
answered, all the same (the offline limit counts from the last contact)."""

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
