"""Every synced record kind pushed by every device role, over HTTP: applied exactly when the
policy table lets that role push it, refused with ``not_allowed`` otherwise, never a 500."""

from __future__ import annotations

import os

import pytest
from entity_examples import EXAMPLES, Context, reviewed_world
from sqlalchemy import select
from synchelp import op, push, sha, upload

from homevisit.protocol.records import Entity
from homevisit.protocol.sync_policy import POLICIES
from homevisit.protocol.vocabulary import Role
from homevisit.server.models import Member


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.VOLUNTEER, Role.SUPERVISOR])
def test_each_entity_is_applied_exactly_for_the_roles_its_policy_names(
        role, actor, make_household, world, services):
    counselor = actor("counselor")
    supervisor = actor("supervisor", team="a")
    household_id = make_household(counselor.username)
    made = reviewed_world(counselor, supervisor, household_id)
    with services.sessions() as s:
        member_id = s.scalar(select(Member.id).where(Member.household_id == household_id))
    me = {Role.COUNSELOR: counselor, Role.SUPERVISOR: supervisor}.get(role) or actor(
        role.value, desk="a")
    photo = b"\xff\xd8\xff" + os.urandom(64)
    upload(counselor.client, photo, household_id)
    context = Context(household_id, member_id, made["visit_id"], world.desk_a, sha(photo),
                      len(photo), role=role.value, flag_id=made["flag_id"],
                      returned_visit_id=made["returned_visit_id"],
                      review_id=made["review_id"], comment_id=made["comment_id"],
                      handback_id=made["handback_id"],
                      colleague=actor("counselor").username,
                      other_office=actor("supervisor", team="b").username)
    for entity, example in EXAMPLES.items():
        [result] = push(me.client, [op(entity.value, example(context))])
        policy = POLICIES[entity]
        if policy.may_create(role) and policy.created_by_push:
            assert result["status"] == "applied", (entity, result)
        elif not policy.may_create(role):
            assert result["status"] == "rejected", (entity, result)
            assert result["reason"]["code"] == "not_allowed", (entity, result)


def test_every_entity_has_an_example():
    assert set(EXAMPLES) == set(Entity)
