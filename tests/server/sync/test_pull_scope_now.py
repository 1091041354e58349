"""Pull scope is decided on the records as they are now, for every role (issue 9 item 2),
over real HTTP on every backend."""

from __future__ import annotations

from synchelp import new_id, op, pull_all, push, visit_payload

from homevisit.protocol.records import Entity
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Household


def _member(household_id: str) -> dict:
    return {"id": new_id(), "household_id": household_id, "name": "李芳",
            "relation": "mother", "is_guardian": True}


def _seen(changes: list[dict]) -> dict[str, dict]:
    """The last change of each record id."""
    return {c["entity_id"]: c for c in changes}


def test_a_household_that_moved_team_stops_reaching_the_old_supervisor(actor, make_household,
                                                                       services):
    counselor_a = actor("counselor", team="a")
    counselor_b = actor("counselor", team="b")
    supervisor_a, supervisor_b = actor("supervisor", team="a"), actor("supervisor", team="b")
    household = make_household(counselor_a.username)
    member = _member(household)
    assert push(counselor_a.client, [op("member", member)])[0]["status"] == "applied"
    _, cursor_a = pull_all(supervisor_a.client)
    with services.sessions.begin() as s:  # reassigned across teams: it joins team b
        assign_household(s, household, counselor_b.username, None, actor="test")
    later = {**member, "name": "李芳芳"}
    assert push(counselor_b.client, [op("member", later, base_rev=1)])[0]["status"] == "applied"

    # From where it left off, the old team's supervisor learns the household is gone ...
    changes, _ = pull_all(supervisor_a.client, since=cursor_a)
    seen = _seen(changes)
    assert seen[household]["deleted"] is True and seen[household]["record"] is None
    assert member["id"] not in seen
    # ... and a first pull from scratch never sends the household's records either.
    fresh = _seen(pull_all(supervisor_a.client)[0])
    assert member["id"] not in fresh
    assert fresh.get(household, {"deleted": True})["deleted"] is True
    # The new team's supervisor gets the current records.
    now = _seen(pull_all(supervisor_b.client)[0])
    assert now[member["id"]]["record"]["name"] == "李芳芳"
    assert now[household]["record"]["id"] == household


def test_a_household_that_moved_region_reaches_its_old_region_as_a_tombstone(
        actor, make_household, services):
    counselor = actor("counselor", team="a")
    old_region = actor("supervisor", team=None, region="320321")
    new_region = actor("supervisor", team=None, region="320322")
    household = make_household(counselor.username)
    member = _member(household)
    push(counselor.client, [op("member", member)])
    _, cursor = pull_all(old_region.client)
    with services.sessions.begin() as s:  # an import corrects the household's county
        row = s.get(Household, household)
        row.region_code = "320322"
        bump(row)
        record_change(s, Entity.HOUSEHOLD, row)
    seen = _seen(pull_all(old_region.client, since=cursor)[0])
    assert seen[household]["deleted"] is True and seen[household]["record"] is None
    assert member["id"] not in _seen(pull_all(old_region.client)[0])
    assert member["id"] in _seen(pull_all(new_region.client)[0])


def test_supervisors_receive_a_visit_only_once_it_is_finalized(actor, make_household):
    counselor = actor("counselor", team="a")
    supervisor = actor("supervisor", team="a")
    admin = actor("admin", team=None)
    household = make_household(counselor.username)
    draft = visit_payload(household)
    push(counselor.client, [op("visit", draft)])
    changes, cursor = pull_all(supervisor.client)
    assert draft["id"] not in _seen(changes)
    assert draft["id"] in _seen(pull_all(counselor.client)[0])
    assert draft["id"] in _seen(pull_all(admin.client)[0])
    final = {**draft, "status": "finalized", "version": 1}
    push(counselor.client, [op("visit", final, base_rev=1)])
    seen = _seen(pull_all(supervisor.client, since=cursor)[0])
    assert seen[draft["id"]]["record"]["status"] == "submitted"
