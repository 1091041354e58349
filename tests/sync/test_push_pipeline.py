"""The pipelined push (issue 20): while one batch is on the wire, the store applies the
results of the batch before and takes the next one. The push's rules must hold all the
same: a record's later op waits for its earlier op's result, every answer is applied once
and in order, and a failed request loses nothing and applies nothing twice."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from synckit import Central, Device, server_records

from homevisit import outbox
from homevisit.model import Member, Outbox
from homevisit.server.models import Member as ServerMember
from homevisit.server.models import Token
from homevisit.server.models import utc_now as server_now
from homevisit.sync.errors import NetworkUnavailable, ServerBusy
from homevisit.sync.progress import Phase, Progress

BATCH = 4  # as pipeline_child.py pushes
CHILD = Path(__file__).with_name("pipeline_child.py")


def on_push(device: Device, before: Callable[[int], None] | None = None,
            after: Callable[[int, Any], Any] | None = None) -> list[int]:
    """Watch the device's push requests: ``before(n)`` runs as the n-th (from 1) leaves,
    ``after(n, reply)`` once it is answered (its value is what the push gets). Returns the
    list of push request numbers sent so far."""
    transport = device.engine.transport()  # the engine keeps this one client
    call = transport.call
    sent: list[int] = []

    def watched(method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path != "/sync/push":
            return call(method, path, *args, **kw)
        sent.append(len(sent) + 1)
        if before is not None:
            before(sent[-1])
        reply = call(method, path, *args, **kw)
        return reply if after is None else after(sent[-1], reply)

    transport.call = watched
    return sent


def attempted(device: Device) -> int:
    return device.store.run(lambda s: s.execute(
        select(func.count()).select_from(Outbox).where(Outbox.attempts > 0)).scalar_one())


def rename_all(device: Device, members: list[str], name: str) -> None:
    def rename(session: Any) -> None:
        for member_id in members:
            row = session.get(Member, member_id)
            row.name = name
            outbox.save(session, row)

    device.store.run(rename)


def local_revs(device: Device, members: list[str]) -> dict[str, tuple[str, int]]:
    return device.store.run(lambda s: {m: (row.name, row.rev) for m, row in (
        (m, s.get(Member, m)) for m in members)})


def server_copies(central: Central, members: list[str]) -> dict[str, tuple[str, int]]:
    with central.services.sessions() as s:
        return {m: (row.name, row.rev) for m, row in (
            (m, s.get(ServerMember, m)) for m in members)}


def test_the_next_batch_is_taken_while_the_one_before_is_on_the_wire(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang", push_batch=BATCH)
    assert a.sync().ok
    a.add_members(household, 3 * BATCH)
    seen: list[int] = []

    def count(n: int, reply: Any) -> Any:
        # The store's worker runs one job at a time, in order: a count asked for once batch
        # n is answered runs after the step started while it was out.
        seen.append(attempted(a))
        return reply

    on_push(a, after=count)
    reports: list[Progress] = []
    result = a.engine.run(reports.append)
    assert result.ok and result.pushed == 3 * BATCH, result.error
    done = [p.done for p in reports if p.phase is Phase.PUSHING]
    assert done == [0, BATCH, 2 * BATCH, 3 * BATCH]  # as each answer is applied, in order
    # While batch n was out, batch n+1 was taken (committed as attempted) and the answer to
    # batch n-1 applied (its ops gone); sent one after the other, it would be [4, 4, 4].
    assert seen == [2 * BATCH, 2 * BATCH, BATCH]
    assert a.outbox_size() == 0


def test_edits_made_while_their_records_are_in_flight_end_on_the_servers_revs(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang", push_batch=BATCH)
    assert a.sync().ok
    members = a.add_members(household, 3 * BATCH)
    names: list[str] = []

    def edit_everything(progress: Progress) -> None:
        # Between round trips, with one batch on the wire and another taken: every record
        # gets a new op that must wait for (and build on) the result of its earlier one.
        if progress.phase is Phase.PUSHING and progress.done and len(names) < 4:
            names.append(f"第{len(names) + 1}次改名")
            rename_all(a, members, names[-1])

    result = a.engine.run(edit_everything)
    assert result.ok and result.conflicts == 0 and result.rejected == 0, result.error
    assert len(names) == 4 and a.outbox_size() == 0
    on_server = server_copies(central, members)
    assert local_revs(a, members) == on_server
    assert {name for name, _ in on_server.values()} == {names[-1]}
    assert max(rev for _, rev in on_server.values()) > 1  # edited after being created


def test_an_edit_of_a_record_taken_for_the_next_batch_waits_for_that_batchs_answer(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang", push_batch=BATCH)
    assert a.sync().ok
    members = a.add_members(household, 2 * BATCH)  # oldest first: batch 1, then batch 2
    second = members[BATCH:]

    def edit_the_second_batch(n: int, reply: Any) -> Any:
        # Once batch 1 is answered: after the step that took batch 2 while it was out (the
        # store's jobs run in order). The new ops build on batch 2's ops, so they must not
        # go out before its answer (base_rev 0 would conflict with the rev it creates).
        if n == 1:
            rename_all(a, second, "改名")
        return reply

    sent = on_push(a, after=edit_the_second_batch)
    result = a.sync()
    assert result.ok and result.conflicts == 0 and result.rejected == 0, result.error
    assert result.pushed == 3 * BATCH and len(sent) == 3 and a.outbox_size() == 0
    on_server = server_copies(central, second)
    assert local_revs(a, second) == on_server
    assert set(on_server.values()) == {("改名", 2)}


def test_a_token_refreshed_while_the_next_batch_is_taken_goes_on(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang", push_batch=BATCH)
    assert a.sync().ok
    made = a.add_members(household, 3 * BATCH)

    def expire_access(n: int) -> None:
        if n == 2:  # the device's access token runs out mid-push: 401, refresh, resend
            with central.services.sessions.begin() as s:
                s.execute(update(Token).where(Token.kind == "access")
                          .values(expires_at=server_now()))

    on_push(a, before=expire_access)
    result = a.sync()
    assert result.ok and result.pushed == len(made), result.error
    assert set(server_records(central, ServerMember, household_id=household,
                              relation="child")) == set(made)
    assert a.outbox_size() == 0
    assert a.sync().ok  # the refreshed tokens were saved in the store


def lose_answer(n: int, reply: Any) -> Any:
    """The second push reached the server, which applied it; its answer never came."""
    if n == 2:
        raise NetworkUnavailable()
    return reply


def refuse(n: int) -> None:
    """The second push never reached the server (it answered 503 to every retry)."""
    if n == 2:
        raise ServerBusy(status=503)


@pytest.mark.parametrize(("before", "after", "error"), [
    (None, lose_answer, NetworkUnavailable),
    (refuse, None, ServerBusy),
], ids=["answer-lost", "never-arrived"])
def test_a_failed_request_mid_pipeline_loses_nothing_and_the_next_sync_finishes(
        central, device, before, after, error):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang", push_batch=BATCH)
    assert a.sync().ok
    made = a.add_members(household, 4 * BATCH)
    sent = on_push(a, before=before, after=after)
    failed = a.sync()
    assert isinstance(failed.error, error)  # surfaced as it was without pipelining
    assert len(sent) == 2
    queued = set(a.store.run(lambda s: s.scalars(select(Outbox.entity_id)).all()))
    on_server = server_records(central, ServerMember, household_id=household,
                               relation="child")
    local = a.store.run(lambda s: dict(s.execute(
        select(Member.id, Member.rev).where(Member.id.in_(made))).all()))
    for member in made:  # applied and acknowledged, or still queued: never neither
        assert member in queued or local[member] == on_server[member] == 1, member
    assert len(made) - len(queued) == BATCH  # the first batch's answer was applied
    # The batch taken while the failed one was on the wire is marked attempted and queued.
    assert attempted(a) == 2 * BATCH
    clean = a.sync()  # its push requests are numbered from 3 on: no fault
    assert clean.ok, clean.error
    assert a.outbox_size() == 0
    on_server = server_records(central, ServerMember, household_id=household,
                               relation="child")
    assert set(on_server) == set(made) and set(on_server.values()) == {1}  # each once
    assert a.store.check() == []


@pytest.mark.parametrize("point", ["mid-step", "answer-lost", "taken-not-sent"])
def test_a_kill_during_a_pipelined_push_loses_and_duplicates_nothing(central, tmp_path,
                                                                      point):
    central.user("counselor", "wang")
    household = central.household("wang")
    root = tmp_path / "device"
    device = Device.enrolled(root, central, "wang")
    try:
        assert device.sync().ok
        made = device.add_members(household, 5 * BATCH)
    finally:
        device.close()
    child = subprocess.run([sys.executable, str(CHILD), str(root), point], timeout=300,
                           check=False)
    assert child.returncode == -signal.SIGKILL  # it got to the point and died there
    device = Device.open(root, (root / "key").read_bytes())
    try:
        assert device.store.check() == []
        clean = device.sync()
        assert clean.ok, clean.error
        assert device.outbox_size() == 0
        on_server = server_records(central, ServerMember, household_id=household,
                                   relation="child")
        assert set(on_server) == set(made) and set(on_server.values()) == {1}
        local = device.store.run(lambda s: dict(s.execute(
            select(Member.id, Member.rev).where(Member.id.in_(made))).all()))
        assert local == on_server
    finally:
        device.close()
