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
