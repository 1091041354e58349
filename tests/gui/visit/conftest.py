"""Visit-wizard fixtures: a fresh encrypted profile with one household to visit."""

from __future__ import annotations

import datetime as dt

import pytest

from homevisit.ids import id_check_character
from homevisit.model import Household, Member
from homevisit.workspace import Workspace

TODAY = dt.date(2026, 11, 29)


def resident_id(region: str, birth: str, sequence: str) -> str:
    first17 = f"{region}{birth}{sequence}"
    return first17 + id_check_character(first17)


STUDENT_ID = resident_id("320826", "20100305", "012")
FATHER_ID = resident_id("320826", "19800101", "013")
MOTHER_ID = resident_id("320826", "19820202", "024")


def seed_family(ws: Workspace) -> str:
    """A rural household in 涟水 (苏北) with a student, father (guardian) and mother."""

    def add(session) -> str:
        household = Household(region_code="320826", address="涟水县红窑镇1号", rural=True,
                              due_date=dt.date(2026, 12, 1))
        session.add(household)
        session.add(Member(household=household, name="王小明", relation="self",
                           id_number=STUDENT_ID))
        session.add(Member(household=household, name="王大山", relation="father",
                           id_number=FATHER_ID, is_guardian=True, phone="13812341234"))
        session.add(Member(household=household, name="李秀英", relation="mother",
                           id_number=MOTHER_ID))
        return household.id

    return ws.store.run(add)


@pytest.fixture
def household_id(workspace) -> str:
    return seed_family(workspace)
