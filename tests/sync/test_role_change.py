"""A role changed on the server reaches the device at the next sync (``/me``), and the
unsent work of the old role is still pushed: what the server accepts is applied, what it
refuses is quarantined and shown, nothing is dropped."""

from __future__ import annotations

from sqlalchemy import select, update

from homevisit.account import load_account, pages_for
from homevisit.model import Household, Outbox, Review, Visit
from homevisit.protocol.vocabulary import Role
from homevisit.review import decisions
from homevisit.server.models import User
from homevisit.server.models import Visit as ServerVisit
from homevisit.sync.overview import sync_overview
from tests.sync.test_review_round_trip import _finalize


def _set_role(central, username: str, role: Role) -> None:
    with central.services.sessions.begin() as s:
        s.execute(update(User).where(User.username == username).values(role=role.value))


def test_enrolment_keeps_the_role_name_and_team(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    account = d.store.run(load_account)
    assert (account.username, account.role, account.team) == ("wang", Role.COUNSELOR, "team-a")
    assert account.display_name


def test_a_new_role_arrives_at_the_next_sync_and_old_work_is_pushed_or_quarantined(
        central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    first = d.sync()
    assert first.ok and not first.account_changed  # unchanged: nothing rewritten

    visit_id = d.add_visit(household)  # the counselor's unsent work
    queued = d.outbox_size()
    assert queued >= 1
    _set_role(central, "wang", Role.SUPERVISOR)

    result = d.sync()
    assert result.account_changed
    account = d.store.run(load_account)
    assert account.role is Role.SUPERVISOR and pages_for(account.role)[0].value == "review"

    # A supervisor may not push a counselor's visit: the server refused the op, and it is
    # quarantined with the server's reason, listed on the sync page, the visit still here.
    with central.services.sessions() as s:
        assert s.get(ServerVisit, visit_id) is None
    left = d.store.run(lambda s: [(r.entity_id, r.quarantined)
                                  for r in s.scalars(select(Outbox))])
    assert left == [(visit_id, True)]
    overview = d.store.run(sync_overview)
    assert [q.entity for q in overview.quarantined] == ["visit"]
    assert overview.quarantined[0].reason
    assert d.store.run(lambda s: s.get(Visit, visit_id)) is not None
    # Set back, the next sync pushes nothing twice and the role's pages follow again.
    _set_role(central, "wang", Role.COUNSELOR)
    assert d.sync().account_changed
    assert d.store.run(load_account).role is Role.COUNSELOR


def test_a_counselor_made_supervisor_receives_the_whole_new_scope(central, device):
    """The cursor covered only the counselor's own households: the team's older
    households and a review written after it must all arrive (nothing pointing at a
    household the device never received)."""
    central.user("counselor", "wang")
    central.user("counselor", "zhou")
    central.user("supervisor", "li")
    theirs = central.household("zhou")  # before wang's: below wang's cursor
    mine = central.household("wang")
    other = device(central, "zhou")
    assert other.sync().ok
    members = other.add_members(theirs, 2)
    visit_id, _ = _finalize(other, theirs, members)
    assert other.sync().ok
    d = device(central, "wang")
    assert d.sync().ok and d.store.run(lambda s: s.get(Household, theirs)) is None

    sup = device(central, "li")
    assert sup.sync().ok
    for flag_id in decisions.undecided(sup, visit_id):
        decisions.decide_flag(sup, flag_id, "dismiss", "非监护人")
    decisions.approve(sup, visit_id)
    assert sup.sync().ok  # a review past wang's cursor, on zhou's household

    _set_role(central, "wang", Role.SUPERVISOR)
    result = d.sync()
    assert result.ok and result.account_changed, result.error
    held = d.store.run(lambda s: {h.id for h in s.scalars(select(Household))})
    assert {theirs, mine} <= held
    assert d.store.run(lambda s: [r.decision for r in s.scalars(select(Review))]) == [
        "approve"]
    assert d.store.check() == []
