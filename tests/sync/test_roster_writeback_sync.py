"""A finalized roster's edits reaching the server through the outbox (issue 14 item 10), over
real HTTP: a moved-out member merged field by field with an edit another device made
meanwhile, kept (never deleted) and gone from the other device's household detail after its
pull; a corrected ID number replacing the old number's roster flag on server and device."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from homevisit import outbox
from homevisit.households.detail import household_detail
from homevisit.ids import id_check_character
from homevisit.model import Flag, Member
from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.models import ConsentRecord, Visit
from homevisit.server.models import Flag as ServerFlag
from homevisit.server.models import Member as ServerMember
from homevisit.server.roster import RosterRow, import_roster, match_household
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


def test_a_corrected_id_number_from_the_roster_replaces_the_old_numbers_roster_flag(
        central, device):
    old_number, new_number = (first17 + id_check_character(first17) for first17 in (
        "32032119800101001", "32032119800101002"))  # the counselor mistyped one digit
    central.user("counselor", "wang")
    household = central.household("wang")
    with central.services.sessions.begin() as s:
        father = ServerMember(id="f0000000-0000-4000-8000-000000000001", rev=0,
                              household_id=household, name="王大山", relation="father",
                              id_number=old_number, is_guardian=True)
        bump(father)
        s.add(father)
        s.flush()
        record_change(s, Entity.MEMBER, father)
        import_roster(s, "payroll", [RosterRow(n, "某镇人民政府", "科员")
                                     for n in (old_number, new_number)], batch="2026-06")
        visit = Visit(id="v0000000-0000-4000-8000-000000000001", rev=1,
                      household_id=household, status="draft")
        s.add(visit)
        s.flush()
        s.add(ConsentRecord(id="c0000000-0000-4000-8000-000000000001", rev=1,
                            visit_id=visit.id, household_id=household, notice_version="2026-1",
                            choices={"basic_information": True}, roster_check_authorised=True))
        s.flush()
        [first_flag] = match_household(s, household)
        first_flag_id, father_id = first_flag.id, father.id
    a = device(central, "wang")
    assert a.sync().ok

    def live_flags(session):
        return sorted(f.id for f in session.scalars(select(Flag).where(
            Flag.member_id == father_id, Flag.deleted.is_(False))))

    assert a.store.run(live_flags) == [first_flag_id]
    roster = {"members": {"people": [{"_id": father_id, "name": "王大山", "relation": "father",
                                      "id_number": new_number}]}}
    assert a.store.run(lambda s: write_back_roster(s, household, roster, today=DAY)) == [
        father_id]
    result = a.sync()
    assert result.ok and result.rejected == 0, result
    # The old number's result is withdrawn and the corrected number matched: one live flag,
    # a new one, on the server and on the device after the same sync's pull.
    [now] = a.store.run(live_flags)
    assert now != first_flag_id
    with central.services.sessions() as s:
        assert s.get(ServerFlag, first_flag_id).deleted
        assert not s.get(ServerFlag, now).deleted
