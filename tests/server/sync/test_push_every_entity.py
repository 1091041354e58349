"""Every synced record kind pushed by every device role, over HTTP: applied exactly when the
policy table lets that role push it, refused with ``not_allowed`` otherwise, never a 500."""

from __future__ import annotations

import os

import pytest
from entity_examples import EXAMPLES, Context
from sqlalchemy import select
from synchelp import op, push, sha, upload, visit_payload

from homevisit.protocol.records import Entity
from homevisit.protocol.sync_policy import POLICIES
from homevisit.protocol.vocabulary import Role
from homevisit.server.models import Member


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.VOLUNTEER, Role.SUPERVISOR])
def test_each_entity_is_applied_exactly_for_the_roles_its_policy_names(
        role, actor, make_household, world, services):
    counselor = actor("counselor")
    household_id = make_household(counselor.username)
    visit = visit_payload(household_id)
    [made] = push(counselor.client, [op("visit", visit)])
    assert made["status"] == "applied"
    with services.sessions() as s:
        member_id = s.scalar(select(Member.id).where(Member.household_id == household_id))
    me = counselor if role is Role.COUNSELOR else actor(role.value, desk="a")
    photo = b"\xff\xd8\xff" + os.urandom(64)
    upload(counselor.client, photo, household_id)
    context = Context(household_id, member_id, visit["id"], world.desk_a, sha(photo), len(photo))
    for entity, example in EXAMPLES.items():
        [result] = push(me.client, [op(entity.value, example(context))])
        if role in POLICIES[entity].pushed_by and POLICIES[entity].created_by_push:
            assert result["status"] == "applied", (entity, result)
        elif role not in POLICIES[entity].pushed_by:
            assert result["status"] == "rejected", (entity, result)
            assert result["reason"]["code"] == "not_allowed", (entity, result)


def test_every_entity_has_an_example():
    assert set(EXAMPLES) == set(Entity)
