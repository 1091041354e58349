"""A real encrypted profile (Workspace) holding what a supervisor's device pulls: a
household with two members and a submitted visit with flags, as synced records (rev > 0)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from homevisit import profiles
from homevisit.kdf import FLOOR
from homevisit.model import (
    Account,
    Flag,
    FlagCategory,
    FlagSource,
    FlagStatus,
    Household,
    Member,
    Visit,
    VisitStatus,
    VisitVersion,
)
from homevisit.store import Store
from homevisit.workspace import Workspace

PASSPHRASE = "correct horse battery"


@dataclass
class Seeded:
    household_id: str
    visit_id: str
    father_id: str
    mother_id: str
    open_flag: str
    explained_flag: str


def answers(father: str, mother: str) -> dict:
    return {"members": {"people": [{"_id": father, "income": 30000},
                                   {"_id": mother, "income": 1000}]},
            "family": {"housing": "rented"}}


@pytest.fixture
def roster_answers():
    """``answers(father_id, mother_id)``: a version's answers with two roster items."""
    return answers


@pytest.fixture
def workspace(_isolated_home) -> Iterator[Workspace]:
    made = profiles.create_profile("督导", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    ws = Workspace.open(made, PASSPHRASE)
    yield ws
    ws.close()


@pytest.fixture
def seeded(workspace: Workspace) -> Seeded:
    def seed(session) -> Seeded:
        session.add(Account(id=1, user_id=7, username="li", display_name="李督导",
                            role="supervisor", team="team-a", region_code="320321"))
        household = Household(region_code="320321", address="东村 1 号", rev=3)
        father = Member(household=household, name="父", relation="father", rev=1)
        mother = Member(household=household, name="母", relation="mother", rev=1)
        session.add_all([household, father, mother])
        session.flush()
        content = {"answers": answers(father.id, mother.id), "mode": "home",
                   "started_at": dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)}
        visit = Visit(household_id=household.id, status=VisitStatus.SUBMITTED, version=1,
                      rev=2, counselor="wang", **content)
        session.add(visit)
        session.add(VisitVersion(visit_id=visit.id, household_id=household.id, version=1,
                                 rev=1, **content))
        flags = [Flag(household_id=household.id, visit_id=visit.id, member_id=father.id,
                      source=FlagSource.DEVICE, rule_id="employer_type",
                      category=FlagCategory.PUBLIC_EMPLOYEE, evidence="单位类型：事业单位",
                      status=status, rev=1, explanation=note)
                 for status, note in ((FlagStatus.OPEN, None),
                                      (FlagStatus.EXPLAINED, "已退休"))]
        session.add_all(flags)
        session.flush()
        return Seeded(household.id, visit.id, father.id, mother.id, flags[0].id, flags[1].id)

    return workspace.store.run(seed)


@pytest.fixture
def store(tmp_path):
    """A fresh encrypted store (a supervisor's, once seeded by tests/review/seed.py)."""
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()
