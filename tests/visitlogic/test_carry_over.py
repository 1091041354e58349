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
