"""The push's batches (issue 20b): the body is spliced from the stored record text and the
results are applied with bulk statements; what the server receives and what the device
keeps must be exactly what the ORM path gave (the record as queued, the acknowledged rev,
later edits rebased, refusals quarantined, a replay deduplicated)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import select

from homevisit import outbox
from homevisit.model import Household, Member, Outbox, Visit
from homevisit.protocol.sync import PushResponse
from homevisit.server.models import Visit as ServerVisit
from homevisit.sync.push import take_batch

ANSWERS = {"income": 12345678901234, "ratio": 0.125, "note": "家中整洁 \"引号\" \\ 斜杠",
           "list": [1, None, True, "二"], "nested": {"emoji": "😀", "tab": "a\tb"}}


def _queue_visit(device, household: str, **fields: object) -> str:
    def make(session) -> str:
        visit = Visit(household_id=household, mode="home",
                      started_at=dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC), **fields)
        outbox.save(session, visit)
        return visit.id

    return device.store.run(make)


def test_the_spliced_body_carries_each_queued_record_as_it_was_stored(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok
    visit_id = _queue_visit(a, household, answers=ANSWERS, observations="东村\n第二行")
    queued = a.store.run(lambda s: s.scalars(select(Outbox)).one().payload["record"])
    batch = a.store.run(lambda s: take_batch(s, 500))
    body = json.loads(batch.body)  # valid JSON, and the record exactly as queued
    [op] = body["ops"]
    assert op["payload"] == queued and op["entity_id"] == visit_id
    assert op["operation"] == "upsert" and op["base_rev"] == 0
    result = a.sync()
    assert result.ok and result.pushed == 1, result.error
    with central.services.sessions() as s:
        stored = s.get(ServerVisit, visit_id)
        assert stored.answers == ANSWERS and stored.observations == "东村\n第二行"
        rev = stored.rev
    assert a.store.run(lambda s: s.get(Visit, visit_id).rev) == rev
    assert a.outbox_size() == 0


def test_an_op_sent_but_never_acknowledged_is_resent_with_its_id_and_applied_once(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok
    members = a.add_members(household, 3)
    batch = a.store.run(lambda s: take_batch(s, 500))  # committed as attempted
    transport = a.engine.transport()
    # Sent and applied by the server, but the device dies before it applies the answer.
    first = transport.call("POST", "/sync/push", PushResponse, content=batch.body,
                           headers={"Content-Type": "application/json"})
    assert first is not None and {r.status for r in first.results} == {"applied"}
    again = a.store.run(lambda s: take_batch(s, 500))
    assert again.op_ids == batch.op_ids and again.body == batch.body
    result = a.sync()
    assert result.ok and result.pushed == 3, result.error
    from synckit import server_records

    from homevisit.server.models import Member as ServerMember

    first_revs = {key[1]: r.rev for key, r in zip(batch.keys, first.results, strict=True)}
    assert set(first_revs) == set(members)
    on_server = server_records(central, ServerMember, household_id=household)
    assert {m: on_server[m] for m in members} == first_revs  # applied once, not twice
    local = a.store.run(lambda s: dict(s.execute(select(Member.id, Member.rev).where(
        Member.id.in_(members))).all()))
    assert local == first_revs
    assert a.outbox_size() == 0


def test_an_edit_made_while_its_record_was_in_flight_builds_on_the_acknowledged_rev(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok

    def rename(session, name: str) -> None:
        row = session.get(Household, household)
        row.address = name
        outbox.save(session, row)

    a.store.run(lambda s: rename(s, "西村 1 号"))
    a.store.run(lambda s: take_batch(s, 500))  # the first edit is on its way
    a.store.run(lambda s: rename(s, "西村 2 号"))  # a new op, not folded into the sent one
    assert a.outbox_size() == 2
    result = a.sync()
    assert result.ok and result.conflicts == 0 and result.pushed == 2, result.error
    from homevisit.server.models import Household as ServerHousehold

    with central.services.sessions() as s:
        on_server = s.get(ServerHousehold, household)
        assert on_server.address == "西村 2 号"
        rev = on_server.rev
    assert a.store.run(lambda s: s.get(Household, household).rev) == rev
    assert a.outbox_size() == 0


def test_a_refused_op_is_quarantined_while_the_rest_of_its_batch_is_applied(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a = device(central, "wang")
    assert a.sync().ok
    good = a.add_members(household, 2)
    forged = _queue_visit(a, household, answers={"income": 1})

    def forge(session) -> None:  # a household nobody knows: the server refuses the visit
        row = session.scalars(select(Outbox).where(Outbox.entity_id == forged)).one()
        row.payload = {"record": {**row.payload["record"], "household_id": str(uuid.uuid4())},
                       "base": {}}

    a.store.run(forge)
    result = a.sync()
    assert result.ok and result.pushed == 2 and result.rejected == 1, result.error
    left = a.store.run(lambda s: s.scalars(select(Outbox)).all())
    assert [(row.entity_id, row.quarantined) for row in left] == [(forged, True)]
    assert left[0].last_error  # the server's reason, shown with the quarantined op
    assert all(a.store.run(lambda s, m=m: s.get(Member, m).rev) >= 1 for m in good)
    again = a.sync()  # the quarantined op is not sent again
    assert again.ok and again.pushed == 0 and again.rejected == 0
