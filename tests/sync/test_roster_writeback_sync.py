"""A finalized roster's moved-out member reaching the server through the outbox (issue 14
item 10), over real HTTP: merged field by field with an edit another device made meanwhile,
kept (never deleted), and gone from the other device's household detail after its pull."""

from __future__ import annotations

import datetime as dt

from homevisit import outbox
from homevisit.households.detail import household_detail
from homevisit.model import Member
from homevisit.server.models import Member as ServerMember
from homevisit.visits.roster_writeback import write_back_roster

DAY = dt.date(2026, 7, 1)


def test_a_moved_out_member_merges_with_an_edit_made_elsewhere_and_reaches_every_device(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok
    stays, leaves = a.add_members(household, 2)
    assert a.sync().ok and b.sync().ok

    def new_phone(session):
        member = session.get(Member, leaves)
        member.phone = "13812345678"
        outbox.save(session, member)

    b.store.run(new_phone)
    assert b.sync().ok
    # Offline, device a finalizes a visit whose roster no longer has her.
    roster = {"members": {"people": [{"_id": stays, "name": "成员0", "relation": "child"}]}}
    assert a.store.run(lambda s: write_back_roster(s, household, roster, today=DAY)) == [leaves]
    result = a.sync()
    assert result.ok and result.rejected == 0, result
    assert result.conflicts == 1  # based on the copy before b's edit: merged field by field
    with central.services.sessions() as s:
        on_server = s.get(ServerMember, leaves)
        assert (on_server.phone, on_server.moved_out_on, on_server.deleted) == (
            "13812345678", DAY, False)
    assert b.sync().ok
    assert b.store.run(lambda s: s.get(Member, leaves).moved_out_on) == DAY
    shown = b.store.run(lambda s: household_detail(s, household)).members
    assert [m.name for m in shown] == ["成员0"]
