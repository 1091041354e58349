"""Scope helpers: every role sees exactly its households, desk cases and changes
(own vs other team, region and desk), on every backend."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import Role
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import NotFound
from homevisit.server.models import Change, HelpDeskCase, Household
from homevisit.server.principal import Principal
from homevisit.server.scope import (
    change_filter,
    helpdesk_case_filter,
    household_filter,
    household_for,
    region_prefix,
)


def principal(role: Role, *, username: str = "u", team_id=None, region=None, desk=None):
    return Principal(
        user_id=1,
        username=username,
        display_name="",
        role=role,
        team_id=team_id,
        team_name=None,
        region_code=region,
        desk_id=desk,
        device_id=str(uuid.uuid4()),
    )


@pytest.fixture
def county(people, world, services):
    """Households: a1/a2 in team a (丰县, counselors c1/c2), b in team b (沛县, c3),
    t: a township of 丰县 with no team and no counselor; one case per desk, by volunteers
    v1 (desk a) and v2 (desk b)."""
    for name, team in (("c1", "a"), ("c2", "a"), ("c3", "b")):
        people.user("counselor", team=team, username=name)
    people.user("volunteer", team="a", username="v1")
    people.user("volunteer", team="b", username="v2")
    ids = {}
    with services.sessions.begin() as s:
        for key, team, region, counselor in (
            ("a1", world.team_a, "320321", "c1"),
            ("a2", world.team_a, "320321", "c2"),
            ("b", world.team_b, "320322", "c3"),
            ("t", None, "320321101", None),
        ):
            h = Household(
                id=str(uuid.uuid4()),
                region_code=region,
                team_id=team,
                assigned_counselor=counselor,
                rev=0,
            )
            bump(h)
            s.add(h)
            s.flush()
            record_change(s, Entity.HOUSEHOLD, h)
            ids[key] = h.id
        for key, desk, volunteer in (("case_a", world.desk_a, "v1"),
                                     ("case_b", world.desk_b, "v2")):
            case = HelpDeskCase(id=str(uuid.uuid4()), desk_id=desk, loan_type="first", rev=0,
                                volunteer=volunteer)
            bump(case)
            s.add(case)
            s.flush()
            record_change(s, Entity.HELPDESK_CASE, case)
            ids[key] = case.id
    return ids


def visible(db, p, county):
    households = set(db.execute(select(Household.id).where(household_filter(p))).scalars())
    cases = set(db.execute(select(HelpDeskCase.id).where(helpdesk_case_filter(p))).scalars())
    changed = set(db.execute(select(Change.entity_id).where(change_filter(p))).scalars())
    names = {v: k for k, v in county.items()}
    return ({names[h] for h in households}, {names[c] for c in cases}, {names[c] for c in changed})


def test_region_prefix():
    assert [region_prefix(c) for c in ("320000", "320300", "320321", "320321101")] == [
        "32",
        "3203",
        "320321",
        "320321101",
    ]


def test_counselors_see_their_assigned_households_only(db, county):
    assert visible(db, principal(Role.COUNSELOR, username="c1"), county) == ({"a1"}, set(), {"a1"})
    assert visible(db, principal(Role.COUNSELOR, username="c3"), county) == ({"b"}, set(), {"b"})


def test_volunteers_see_their_own_cases_only(db, county, world):
    assert visible(db, principal(Role.VOLUNTEER, username="v1", desk=world.desk_a),
                   county) == (set(), {"case_a"}, {"case_a"})
    # a colleague at the same desk receives none of v1's applicants (desk totals only)
    assert visible(db, principal(Role.VOLUNTEER, username="v3", desk=world.desk_a),
                   county) == (set(), set(), set())
    assert visible(db, principal(Role.VOLUNTEER, desk=None), county) == (set(), set(), set())


def test_supervisors_see_their_team_or_region(db, county, world):
    by_team = principal(Role.SUPERVISOR, team_id=world.team_a)
    assert visible(db, by_team, county) == ({"a1", "a2"}, {"case_a"}, {"a1", "a2", "case_a"})
    by_county = principal(Role.SUPERVISOR, region="320321")
    assert visible(db, by_county, county) == (
        {"a1", "a2", "t"},
        {"case_a"},
        {"a1", "a2", "t", "case_a"},
    )
    by_city = principal(Role.SUPERVISOR, region="320300")
    assert visible(db, by_city, county)[0] == {"a1", "a2", "b", "t"}
    other = principal(Role.SUPERVISOR, team_id=world.team_b)
    assert visible(db, other, county) == ({"b"}, {"case_b"}, {"b", "case_b"})
    assert visible(db, principal(Role.SUPERVISOR), county) == (set(), set(), set())


def test_admins_see_everything(db, county):
    assert visible(db, principal(Role.ADMIN), county) == (
        {"a1", "a2", "b", "t"},
        {"case_a", "case_b"},
        set(county),
    )


def test_outside_scope_is_not_found_not_forbidden(db, county):
    c1 = principal(Role.COUNSELOR, username="c1")
    assert household_for(db, c1, county["a1"]).id == county["a1"]
    with pytest.raises(NotFound):
        household_for(db, c1, county["b"])
