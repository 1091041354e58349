"""A store write says what it changed (Anki's OpChanges): tables and households, handed to
listeners once per committed transaction and returned by Store.write."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import update

from homevisit.changes import StoreChanges
from homevisit.model import Household, Member, Visit, VisitStatus
from homevisit.store import Store


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()


def _household(store: Store) -> str:
    def add(session) -> str:
        household = Household(region_code="320826", address="丰县测试村1号")
        session.add(household)
        session.add(Member(household=household, name="王大山", relation="father"))
        return household.id

    return store.run(add)


def test_a_write_returns_its_tables_and_households_and_listeners_hear_it(store):
    heard: list[StoreChanges] = []
    store.add_listener(heard.append)
    household_id = _household(store)
    other = _household(store)
    heard.clear()

    def start(session) -> str:
        visit = Visit(household_id=household_id, status=VisitStatus.DRAFT)
        session.add(visit)
        return visit.id

    visit_id, changed = store.write(start).result()
    assert changed.touches("visits") and not changed.touches("members")
    assert changed.touches_household(household_id) and not changed.touches_household(other)
    assert heard == [changed]  # once, after the commit
    assert store.run(lambda s: s.get(Visit, visit_id).status) is VisitStatus.DRAFT


def test_reads_and_rolled_back_writes_tell_nobody(store):
    household_id = _household(store)
    heard: list[StoreChanges] = []
    store.add_listener(heard.append)
    store.run(lambda s: s.get(Household, household_id).address)

    def fail(session) -> None:
        session.add(Visit(household_id=household_id, status=VisitStatus.DRAFT))
        session.flush()
        raise RuntimeError("the user cancelled")

    with pytest.raises(RuntimeError):
        store.run(fail)
    assert heard == []


def test_a_bulk_statement_counts_every_household_as_touched(store):
    household_id = _household(store)
    _, changed = store.write(
        lambda s: s.execute(update(Household).values(rural=True)).rowcount).result()
    assert changed.touches("households") and changed.households is None
    assert changed.touches_household(household_id) and changed.touches_household("any other")


def test_a_failing_listener_never_undoes_a_committed_write(store):
    def broken(_: StoreChanges) -> None:
        raise ValueError("a view's bug")

    remove = store.add_listener(broken)
    household_id = _household(store)
    assert store.run(lambda s: s.get(Household, household_id) is not None)
    remove()
    assert store.write(lambda s: None).result()[1] == StoreChanges()
