"""A new visit starts from what the household record knows (issue 14 item 10): members'
health, occupation and employer in the roster, their incomes summed into the household's
income by source — all of it editable answers, not locked values."""

from __future__ import annotations

import os

import pytest

from homevisit.model import Household, Member
from homevisit.store import Store
from homevisit.visits import draft


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()


def test_the_roster_and_income_start_from_the_household_record(store) -> None:
    def add(session) -> str:
        household = Household(region_code="320826", address="丰县测试村1号")
        session.add(household)
        session.add(Member(household=household, name="王大山", relation="father",
                           is_guardian=True, health="minor_illness", occupation="worker",
                           employer="丰县某厂", employer_type="private_enterprise",
                           income={"wages": 24000, "farming": 1500}))
        session.add(Member(household=household, name="李秀英", relation="mother",
                           health="healthy", occupation="farmer", income={"farming": 6000.5}))
        session.add(Member(household=household, name="王小明", relation="self",
                           health="healthy", occupation="student"))
        return household.id

    household_id = store.run(add)
    answers = store.run(lambda s: draft.open_visit(s, household_id)).answers
    people = {p["name"]: p for p in answers["members"]["people"]}
    assert people["王大山"]["health"] == "minor_illness"
    assert (people["王大山"]["occupation"], people["王大山"]["employer"]) == ("worker", "丰县某厂")
    assert people["王大山"]["employer_type"] == "private_enterprise"
    assert people["李秀英"]["occupation"] == "farmer"
    assert people["王小明"]["health"] == "healthy" and "occupation" not in people["王小明"]
    assert people["王大山"]["yearly_income"] == 25500
    assert answers["income"] == {"wages": 24000, "farming": 7500.5}


def test_the_finalized_roster_goes_back_to_the_member_rows_through_the_outbox(store) -> None:
    from sqlalchemy import select

    from homevisit.model import Outbox
    from homevisit.visits.roster_writeback import write_back_roster

    def add(session) -> tuple[str, str]:
        household = Household(region_code="320826", address="丰县测试村1号")
        session.add(household)
        father = Member(household=household, name="王大山", relation="father",
                        occupation="farmer", rev=2)
        session.add(father)
        session.flush()
        return household.id, father.id

    household_id, father_id = store.run(add)
    roster = {"members": {"people": [
        {"_id": father_id, "name": "王大山", "relation": "father",
         "occupation": "civil_servant", "employer": "某镇人民政府", "health": None},
        {"name": "王奶奶", "relation": "grandmother", "health": "serious_illness"},
    ]}}

    def finalize(session) -> list[str]:
        return write_back_roster(session, household_id, roster)

    written = store.run(finalize)

    def read(session):
        members = {m.name: m for m in session.scalars(select(Member))}
        queued = {o.entity_id: o.payload for o in session.scalars(
            select(Outbox).where(Outbox.entity == "member"))}
        return members, queued

    members, queued = store.run(read)
    father, grandmother = members["王大山"], members["王奶奶"]
    assert (father.occupation, father.employer) == ("civil_servant", "某镇人民政府")
    assert grandmother.household_id == household_id and grandmother.health == "serious_illness"
    assert set(written) == set(queued) == {father_id, grandmother.id}
    # The father's change carries its base values, so the sync merges it field by field.
    assert queued[father_id]["base"] == {"occupation": "farmer", "employer": None}
    assert store.run(lambda s: write_back_roster(s, household_id, roster)) == []  # no-op now


def test_a_member_left_off_the_roster_moves_out_and_comes_back_when_listed_again(
        store) -> None:
    import datetime as dt

    from sqlalchemy import select

    from homevisit.households.detail import household_detail
    from homevisit.model import Outbox
    from homevisit.visits.roster_writeback import write_back_roster

    def add(session) -> tuple[str, dict[str, str]]:
        household = Household(region_code="320826", address="丰县测试村1号")
        session.add(household)
        people = [Member(household=household, name=name, relation=relation, rev=1)
                  for name, relation in (("王小明", "self"), ("王大山", "father"),
                                         ("李秀英", "mother"))]
        session.add_all(people)
        session.flush()
        return household.id, {m.name: m.id for m in people}

    household_id, ids = store.run(add)
    # The mother went to work in another city: the counselor took her off the roster.
    roster = {"members": {"people": [
        {"_id": ids["王小明"], "name": "王小明", "relation": "self"},
        {"_id": ids["王大山"], "name": "王大山", "relation": "father"},
    ]}}
    day = dt.date(2026, 7, 1)
    written = store.run(lambda s: write_back_roster(s, household_id, roster, today=day))
    assert written == [ids["李秀英"]]

    def mother_and_queue(session):
        mother = session.get(Member, ids["李秀英"])
        queued = session.scalars(select(Outbox).where(
            Outbox.entity == "member", Outbox.entity_id == ids["李秀英"])).all()
        return (mother.deleted, mother.moved_out_on), [(o.operation.value, o.payload)
                                                       for o in queued]

    (deleted, moved_out_on), queued = store.run(mother_and_queue)
    assert (deleted, moved_out_on) == (False, day)  # kept, never deleted
    [(operation, payload)] = queued
    assert operation == "upsert"
    assert payload["record"]["moved_out_on"] == "2026-07-01"
    assert payload["base"] == {"moved_out_on": None}  # merged field by field at sync

    # The household detail and the next visit's roster no longer carry her...
    detail = store.run(lambda s: household_detail(s, household_id))
    assert {m.name for m in detail.members} == {"王大山", "王小明"}
    next_visit = store.run(lambda s: draft.open_visit(s, household_id)).answers
    assert [p["name"] for p in next_visit["members"]["people"]] == ["王小明", "王大山"]
    # ...and a roster without anyone on it says nothing about who lives there.
    assert store.run(lambda s: write_back_roster(
        s, household_id, {"members": {"people": []}}, today=day)) == []

    # She is back at the next visit: the counselor adds her again, and she is present.
    roster["members"]["people"].append({"name": "李秀英", "relation": "mother"})
    later = dt.date(2027, 7, 1)
    assert store.run(lambda s: write_back_roster(s, household_id, roster, today=later)) == [
        ids["李秀英"]]
    assert store.run(lambda s: s.get(Member, ids["李秀英"]).moved_out_on) is None
    assert "李秀英" in [m.name for m in store.run(
        lambda s: household_detail(s, household_id)).members]
