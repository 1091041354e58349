"""Purge on real encrypted stores against a real server: a household reassigned away goes
with everything under it unless something of it is unsent; help-desk cases the server has go
after the policy's days. A purge never removes unsent work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from homevisit.model import HelpDeskCase, Household, Member, Outbox
from homevisit.protocol.auth import Policies
from homevisit.server.assignments import assign_household
from homevisit.sync.policies import store_policies
from homevisit.sync.purge import HOUSEHOLD_LEFT


def _reassign(central, household_id: str, to: str) -> None:
    with central.services.sessions.begin() as s:
        assign_household(s, household_id, to, None, actor="test")


def _households(d) -> set[str]:
    return set(d.store.run(lambda s: list(s.scalars(select(Household.id)))))


def test_a_household_reassigned_away_is_purged_with_its_members(central, device):
    central.user("counselor", "wang")
    central.user("counselor", "li")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    d.add_members(household, 2)
    assert d.sync().ok and d.outbox_size() == 0
    assert household in _households(d)
    _reassign(central, household, "li")
    result = d.sync()
    assert result.ok, result.error
    assert household not in _households(d)
    assert d.store.run(lambda s: s.scalars(select(Member)).all()) == []
    assert d.store.check() == []


def test_unsent_work_of_a_household_reassigned_away_stays_quarantined_when_it_goes(
        central, device):
    central.user("counselor", "wang")
    central.user("counselor", "li")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    _reassign(central, household, "li")
    [member] = d.add_members(household, 1)  # typed offline, after the reassignment
    d.sync()
    assert household not in _households(d)
    assert d.store.run(lambda s: s.get(Member, member)) is None
    [kept] = d.store.run(lambda s: list(s.scalars(select(Outbox))))
    assert kept.entity_id == member and kept.quarantined
    assert kept.last_error == HOUSEHOLD_LEFT
    assert kept.payload["record"]["household_id"] == household  # the typed values, kept
    assert d.store.check() == []


def test_helpdesk_cases_go_once_the_server_has_them_and_the_days_passed(central, device):
    central.user("volunteer", "zhao")
    d = device(central, "zhao")
    assert d.sync().ok
    sent = d.add_cases(central.desk_id, 2)
    assert d.sync().ok and d.outbox_size() == 0
    unsent = d.add_cases(central.desk_id, 1)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)

    def age(session):
        store_policies(session, Policies(retention_days=30))
        session.execute(update(HelpDeskCase).values(updated_at=old))

    d.store.run(age)
    d.store.run(lambda s: s.execute(update(Outbox).values(quarantined=True)))  # keep unsent
    d.sync()
    left = set(d.store.run(lambda s: list(s.scalars(select(HelpDeskCase.id)))))
    assert left == set(unsent)
    assert not set(sent) & left
