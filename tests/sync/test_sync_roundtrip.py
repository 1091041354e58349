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


def test_edits_fold_into_one_op_and_a_delete_reaches_the_server(central, device):
    from synckit import server_records

    from homevisit import outbox
    from homevisit.server.models import Member as ServerMember

    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok
    [member_id] = a.add_members(household, 1)

    def rename(session, name):
        member = session.get(Member, member_id)
        member.name = name
        outbox.save(session, member)

    a.store.run(lambda s: rename(s, "改名一"))
    a.store.run(lambda s: rename(s, "改名二"))
    assert a.outbox_size() == 1  # never sent: the edits folded into the first op
    assert a.sync().pushed == 1
    with central.services.sessions() as s:
        assert s.get(ServerMember, member_id).name == "改名二"

    a.store.run(lambda s: outbox.delete(s, s.get(Member, member_id)))
    assert a.sync().ok
    assert member_id not in server_records(central, ServerMember, household_id=household)
    assert a.store.run(lambda s: s.get(Member, member_id)).deleted
