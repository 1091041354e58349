"""The visit's lifecycle is the one writer of a household's visit status: the wizard's draft
operations and the sync pull both go through it, and both pick the same "current" visit."""

from __future__ import annotations

import ast
import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from homevisit.model import Household, Member, Visit, VisitStatus
from homevisit.protocol.sync import Change, PullPage
from homevisit.store import Store
from homevisit.sync.pull import apply_page
from homevisit.visits import draft, lifecycle
from homevisit.visits.forms import latest_definition

LAST_YEAR = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()


@pytest.fixture
def household_id(store) -> str:
    def add(session) -> str:
        household = Household(region_code="320826", address="丰县测试村1号", rev=3)
        session.add(household)
        session.add(Member(household=household, name="王大山", relation="father",
                           is_guardian=True, rev=3))
        return household.id

    return store.run(add)


def _status(store, household_id: str) -> str | None:
    return store.run(lambda s: s.get(Household, household_id).visit_status)


def _last_years_visit(store, household_id: str, status: VisitStatus) -> str:
    """A visit of an earlier year, already on the server (rev > 0)."""
    def add(session) -> str:
        visit = Visit(household_id=household_id, status=status, version=1, rev=5,
                      form_id="home-visit", form_version=1, started_at=LAST_YEAR)
        session.add(visit)
        lifecycle.settle_households(session, [household_id])
        return visit.id

    return store.run(add)


def _this_years_draft(store, household_id: str) -> str:
    def start(session) -> str:
        household = session.get(Household, household_id)
        return lifecycle.start_visit(session, household, latest_definition("home-visit"),
                                     {}).id

    return store.run(start)


def _server_change(store, visit_id: str, status: str, seq: int) -> PullPage:
    """The server's copy of ``visit_id`` with ``status``, as one pull page."""
    visit = store.run(lambda s: s.get(Visit, visit_id))
    record = {"id": visit.id, "rev": visit.rev + 1, "household_id": visit.household_id,
              "status": status, "version": visit.version, "form_id": "home-visit",
              "form_version": 1, "started_at": visit.started_at.isoformat(),
              "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    return PullPage(changes=[Change(seq=seq, entity="visit", entity_id=visit.id,
                                    rev=visit.rev + 1, record=record)],
                    cursor=seq, has_more=False)


def test_a_new_draft_shows_as_draft_and_finalizing_a_returned_one_shows_revised(
        store, household_id):
    assert _status(store, household_id) is None
    opened = store.run(lambda s: draft.open_visit(s, household_id))
    assert _status(store, household_id) == "draft"

    def returned(session) -> None:
        visit = session.get(Visit, opened.visit_id)
        visit.status, visit.version = VisitStatus.RETURNED, 1
        lifecycle.settle_households(session, [household_id])

    store.run(returned)
    assert _status(store, household_id) == "returned"
    # The counselor starts revising: the visit is a draft again on the device, and the
    # list keeps showing the household as returned until the new version is finalized.
    store.run(lambda s: draft.save_answers(s, opened.visit_id, {}, "consent"))
    assert store.run(lambda s: s.get(Visit, opened.visit_id).status) is VisitStatus.DRAFT
    assert _status(store, household_id) == "returned"


def test_the_current_visit_is_the_one_started_last_whatever_was_saved_last(
        store, household_id):
    old = _last_years_visit(store, household_id, VisitStatus.APPROVED)
    new = _this_years_draft(store, household_id)
    # Touch last year's visit after the new one: "latest updated" would now pick it.
    store.run(lambda s: setattr(s.get(Visit, old), "observations", "补记"))
    assert store.run(lambda s: lifecycle.current_visit(s, household_id).id) == new
    assert store.run(lambda s: draft.open_visit(s, household_id)).visit_id == new


def test_a_pulled_decision_on_last_years_visit_leaves_this_years_draft_showing(
        store, household_id):
    old = _last_years_visit(store, household_id, VisitStatus.SUBMITTED)
    _this_years_draft(store, household_id)
    assert _status(store, household_id) == "draft"
    # The supervisor approves last year's visit; the pull brings it. The household's status
    # follows its current visit (this year's draft), not whichever visit arrived.
    page = _server_change(store, old, "approved", seq=7)
    store.run(lambda s: apply_page(s, page, 0))
    assert store.run(lambda s: s.get(Visit, old).status) is VisitStatus.APPROVED
    assert _status(store, household_id) == "draft"


def test_a_pulled_return_of_the_current_visit_shows_the_household_returned(
        store, household_id):
    visit_id = _last_years_visit(store, household_id, VisitStatus.SUBMITTED)
    assert _status(store, household_id) == "submitted"
    page = _server_change(store, visit_id, "returned", seq=3)
    store.run(lambda s: apply_page(s, page, 0))
    assert _status(store, household_id) == "returned"


def _writes_visit_status(source: str) -> bool:
    """``x.visit_status = …`` or ``….values(visit_status=…)`` anywhere in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "visit_status" for t in targets):
                return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "values"
                and any(k.arg == "visit_status" for k in node.keywords)):
            return True
    return False


def test_only_the_lifecycle_writes_a_households_visit_status():
    root = Path(__file__).parents[2] / "homevisit"
    writers = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py")
                     if "server" not in p.parts
                     and _writes_visit_status(p.read_text(encoding="utf-8")))
    assert writers == ["visits/lifecycle.py"]


def test_deleted_visits_never_count(store, household_id):
    visit_id = _last_years_visit(store, household_id, VisitStatus.APPROVED)

    def delete(session) -> None:
        session.get(Visit, visit_id).deleted = True
        lifecycle.settle_households(session, [household_id])

    store.run(delete)
    assert _status(store, household_id) is None
    assert store.run(lambda s: s.scalars(select(Visit.id)).all()) == [visit_id]
