"""A finalized roster's edits reaching the server (issue 14 item 10), over HTTP on SQLite and
PostgreSQL: a member marked moved out stays a record, a device that does not know the field
cannot erase the mark, and a changed ID number withdraws the old number's roster results and
matches the new one only where the household's synced consent authorises roster checks."""

from __future__ import annotations

from sqlalchemy import select
from synchelp import GUARDIAN_ID, consent_payload, new_id, op, pull_all, push, visit_payload

from homevisit.ids import id_check_character
from homevisit.server.models import Flag, Member
from homevisit.server.roster import RosterRow, import_roster


def resident_id(first17: str) -> str:
    return first17 + id_check_character(first17)


NEW_ID = resident_id("32032119800101003")  # the corrected number of the same father
OTHER_ID = resident_id("32032119750505002")


def member_of(services, household_id: str) -> Member:
    with services.sessions() as s:
        member = s.execute(select(Member).where(Member.household_id == household_id)).scalar_one()
        s.expunge(member)
        return member


def wire(member: Member, **changes) -> dict:
    payload = {"id": member.id, "household_id": member.household_id, "name": member.name,
               "relation": member.relation, "id_number": member.id_number,
               "is_guardian": member.is_guardian, "income": {}, "moved_out_on": None}
    return {**payload, **changes}


def test_a_member_left_off_the_roster_is_marked_moved_out_never_deleted(
        actor, services, make_household):
    counselor = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    father = member_of(services, household_id)
    [result] = push(counselor.client, [op("member", wire(father, moved_out_on="2026-07-01"),
                                          base_rev=father.rev)])
    assert result["status"] == "applied"
    stored = member_of(services, household_id)
    assert str(stored.moved_out_on) == "2026-07-01" and not stored.deleted
    changes, _ = pull_all(counselor.client)
    [pulled] = [c["record"] for c in changes if c["entity"] == "member"]
    assert pulled["moved_out_on"] == "2026-07-01"

    # A device from before the field pushes an edit of him without it: the mark stays.
    old_device = wire(stored, phone="13812345678")
    del old_device["moved_out_on"]
    [result] = push(counselor.client, [op("member", old_device, base_rev=stored.rev)])
    assert result["status"] == "applied"
    again = member_of(services, household_id)
    assert (again.phone, str(again.moved_out_on)) == ("13812345678", "2026-07-01")

    # He is on a later roster again: present.
    [result] = push(counselor.client, [op("member", wire(again, moved_out_on=None),
                                          base_rev=again.rev)])
    assert result["status"] == "applied" and member_of(services, household_id).moved_out_on is None


def _roster_of(services, *numbers: str) -> None:
    with services.sessions.begin() as s:
        import_roster(s, "payroll", [RosterRow(n, "某镇人民政府", "科员") for n in numbers],
                      batch="2026-06")


def _flags(services) -> list[tuple[str | None, bool]]:
    with services.sessions() as s:
        return sorted((f.member_id, f.deleted) for f in s.execute(select(Flag)).scalars())


def test_a_changed_id_number_withdraws_the_old_results_and_matches_the_new_one(
        actor, services, make_household):
    counselor = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    father = member_of(services, household_id)
    _roster_of(services, GUARDIAN_ID, NEW_ID)
    visit = visit_payload(household_id)
    push(counselor.client, [op("visit", visit), op("consent", consent_payload(visit, roster=True))])
    assert _flags(services) == [(father.id, False)]  # the old number is on the payroll
    _, cursor = pull_all(counselor.client)

    # The counselor corrects the number (the new one is on the payroll too): the old
    # number's result is withdrawn and the new number's is raised, once.
    father = member_of(services, household_id)
    [result] = push(counselor.client, [op("member", wire(father, id_number=NEW_ID),
                                          base_rev=father.rev)])
    assert result["status"] == "applied"
    assert _flags(services) == [(father.id, False), (father.id, True)]
    changes, cursor = pull_all(counselor.client, cursor)
    assert sorted(c["deleted"] for c in changes if c["entity"] == "flag") == [False, True]
    assert NEW_ID not in str([c for c in changes if c["entity"] == "flag"])

    # Corrected to a number on no roster: the result goes, nothing new is raised.
    father = member_of(services, household_id)
    [result] = push(counselor.client, [op("member", wire(father, id_number=OTHER_ID),
                                          base_rev=father.rev)])
    assert result["status"] == "applied"
    assert [deleted for _, deleted in _flags(services)] == [True, True]
    # An edit that keeps the number matches nothing again (and raises nothing).
    father = member_of(services, household_id)
    push(counselor.client, [op("member", wire(father, phone="13812345678"), base_rev=father.rev)])
    assert [deleted for _, deleted in _flags(services)] == [True, True]


def test_no_roster_check_for_a_changed_number_without_the_written_authorisation(
        actor, services, make_household):
    counselor = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    _roster_of(services, NEW_ID)
    visit = visit_payload(household_id)
    push(counselor.client, [op("visit", visit), op("consent", consent_payload(visit))])
    father = member_of(services, household_id)
    [result] = push(counselor.client, [op("member", wire(father, id_number=NEW_ID),
                                          base_rev=father.rev)])
    assert result["status"] == "applied"
    assert member_of(services, household_id).id_number == NEW_ID
    assert _flags(services) == []  # the consent does not authorise roster checks


def test_a_new_member_with_a_listed_number_waits_for_the_visit_match(
        actor, services, make_household):
    """A member added in the visit is matched with the visit (as before), not on its own."""
    counselor = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    _roster_of(services, OTHER_ID)
    mother = {"id": new_id(), "household_id": household_id, "name": "李娟",
              "relation": "mother", "id_number": OTHER_ID, "is_guardian": True}
    visit = visit_payload(household_id)
    results = push(counselor.client, [op("member", mother), op("visit", visit),
                                      op("consent", consent_payload(visit, roster=True))])
    assert [r["status"] for r in results] == ["applied"] * 3
    assert _flags(services) == [(mother["id"], False)]
