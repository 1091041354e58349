"""A household changed on two devices: non-overlapping fields merge, overlapping fields are
listed as a conflict with both copies kept, and resolving it syncs."""

from __future__ import annotations

from sqlalchemy import select

from homevisit import outbox
from homevisit.model import Conflict, Household, Outbox
from homevisit.server.models import Household as ServerHousehold
from homevisit.sync.conflicts import open_conflicts, resolve


def edit_household(device, household_id: str, **fields: object) -> None:
    def edit(session):
        row = session.get(Household, household_id)
        for name, value in fields.items():
            setattr(row, name, value)
        outbox.save(session, row)

    device.store.run(edit)


def server_household(central, household_id: str) -> ServerHousehold:
    with central.services.sessions() as s:
        return s.get(ServerHousehold, household_id)


def test_non_overlapping_edits_merge_field_by_field(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    edit_household(b, household, address="西村 9 号")
    assert b.sync().ok
    edit_household(a, household, rural=True, special_categories=["低保"])  # offline edit
    result = a.sync()
    assert result.ok, result.error
    assert result.conflicts == 1 and a.outbox_size() == 0
    on_server = server_household(central, household)
    assert (on_server.address, on_server.rural, on_server.special_categories) == (
        "西村 9 号", True, ["低保"])
    mine = a.store.run(lambda s: s.get(Household, household))
    assert (mine.address, mine.rural, mine.rev) == ("西村 9 号", True, on_server.rev)
    assert a.store.run(open_conflicts) == []


def test_overlapping_edit_is_listed_with_both_copies_and_resolving_syncs(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    edit_household(b, household, address="西村 9 号")
    assert b.sync().ok
    edit_household(a, household, address="东村 2 号", rural=True)
    result = a.sync()
    assert result.ok and result.conflicts == 1
    [conflict] = a.store.run(open_conflicts)
    assert conflict.fields == ["address"]
    assert conflict.local["address"] == "东村 2 号"
    assert conflict.server["address"] == "西村 9 号"
    # The user's edit is kept on the device, nothing is sent until they choose.
    assert a.store.run(lambda s: s.get(Household, household)).address == "东村 2 号"
    assert server_household(central, household).address == "西村 9 号"

    a.store.run(lambda s: resolve(s, conflict.id, {"address": "local"}))
    assert a.sync().ok
    on_server = server_household(central, household)
    assert (on_server.address, on_server.rural) == ("东村 2 号", True)
    assert a.outbox_size() == 0
    assert a.store.run(lambda s: s.scalars(
        select(Conflict).where(Conflict.resolved_at.is_(None))).all()) == []
    assert b.sync().ok
    assert b.store.run(lambda s: s.get(Household, household)).address == "东村 2 号"


def test_taking_the_server_side_sends_nothing_new(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    edit_household(b, household, address="西村 9 号")
    assert b.sync().ok
    edit_household(a, household, address="东村 2 号")
    assert a.sync().conflicts == 1
    [conflict] = a.store.run(open_conflicts)
    a.store.run(lambda s: resolve(s, conflict.id, default="server"))
    assert a.store.run(lambda s: s.scalars(select(Outbox)).all()) == []
    assert a.store.run(lambda s: s.get(Household, household)).address == "西村 9 号"
    assert a.sync().ok
