"""A role changed on the server reaches the device at the next sync (``/me``), and the
unsent work of the old role is still pushed: what the server accepts is applied, what it
refuses is quarantined and shown, nothing is dropped."""

from __future__ import annotations

from sqlalchemy import select, update

from homevisit.account import load_account, pages_for
from homevisit.model import Outbox, Visit
from homevisit.protocol.vocabulary import Role
from homevisit.server.models import User
from homevisit.server.models import Visit as ServerVisit
from homevisit.sync.overview import sync_overview


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
