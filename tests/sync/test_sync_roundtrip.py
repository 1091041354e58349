"""End to end over real HTTP: enrol, pull the assigned households, push local work, and
a second device sees it."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.model import Household, Member, Outbox, SyncState


def test_enrolment_keeps_token_only_in_the_encrypted_store(central, device, tmp_path):
    central.user("counselor", "wang")
    d = device(central, "wang")
    state = d.store.run(lambda s: s.get(SyncState, 1))
    assert state.server_url == central.url and state.device_token
    token = state.device_token.split()[0].encode()
    for path in (tmp_path / "device-0").rglob("*"):
        if path.is_file() and path.name != "key":
            assert token not in path.read_bytes()


def test_pull_then_push_reaches_another_device(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    first = a.sync()
    assert first.ok, first.error
    assert a.store.run(lambda s: s.get(Household, household)) is not None
    members = a.add_members(household, 3)
    second = a.sync()
    assert second.ok, second.error
    assert second.pushed == 3
    assert a.outbox_size() == 0
    b = device(central, "wang")
    assert b.sync().ok
    names = b.store.run(lambda s: sorted(s.scalars(select(Member.id).where(
        Member.household_id == household, Member.relation == "child")).all()))
    assert names == sorted(members)
    assert a.store.check() == [] and b.store.check() == []
    assert a.store.run(lambda s: s.scalars(select(Outbox)).all()) == []
