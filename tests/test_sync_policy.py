"""The checklist of a synced record kind (homevisit/server/README.md, "Adding a synced
record"): every Entity has a wire schema, a client model, a server model, a table made by
each migration tree, a policy row, a pull scope, a purge rule and a pushed example. The
check is run on the real table, and on tables with a step removed to show it notices."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import sqlalchemy as sa

from homevisit.outbox import MODELS
from homevisit.protocol.records import RECORD_TYPES, Entity
from homevisit.protocol.sync_policy import POLICIES, Purge, Scope, SyncPolicy
from homevisit.server.db import make_engine, migrate
from homevisit.server.records import ORM_TYPES
from homevisit.store import Store

sys.path.insert(0, str(Path(__file__).parent / "server" / "sync"))
from entity_examples import EXAMPLES


@pytest.fixture(scope="module")
def migrated_tables(tmp_path_factory) -> tuple[set[str], set[str]]:
    """Tables the client and server migration trees make (not the models' metadata)."""
    folder = tmp_path_factory.mktemp("trees")
    Store.open(folder / "store.db", None, create=True).close()
    client = sa.create_engine(f"sqlite:///{folder / 'store.db'}")
    server = make_engine(f"sqlite:///{folder / 'server.db'}")
    migrate(server)
    tables = (set(sa.inspect(client).get_table_names()), set(sa.inspect(server).get_table_names()))
    client.dispose()
    server.dispose()
    return tables


def missing_steps(entity: Entity, tables: tuple[set[str], set[str]],
                  policies: Mapping[Entity, SyncPolicy] = POLICIES) -> list[str]:
    """The checklist steps ``entity`` lacks (empty: complete)."""
    client_tables, server_tables = tables
    missing = []
    if entity not in RECORD_TYPES:
        missing.append("protocol type")
    client, server = MODELS.get(entity), ORM_TYPES.get(entity)
    if client is None:
        missing.append("client model")
    elif client.__tablename__ not in client_tables:
        missing.append("client migration")
    if server is None:
        missing.append("server model")
    elif server.__tablename__ not in server_tables:  # type: ignore[attr-defined]
        missing.append("server migration")
    policy = policies.get(entity)
    if policy is None:
        return [*missing, "policy row"]
    scope_column = {Scope.HOUSEHOLD: "household_id", Scope.DESK: "desk_id",
                    Scope.PROPOSER: "proposed_by"}.get(policy.scope)
    if scope_column is None or (entity is not Entity.HOUSEHOLD and server is not None
                                and scope_column not in server.__table__.c):  # type: ignore[attr-defined]
        missing.append("scope")
    if policy.purge not in set(Purge) or (
            policy.purge is Purge.WITH_VISIT and client is not None
            and "visit_id" not in client.__table__.c):
        missing.append("purge")
    if entity not in EXAMPLES:
        missing.append("schemathesis example")
    return missing


def test_every_synced_record_kind_has_every_step(migrated_tables):
    assert {e: missing_steps(e, migrated_tables) for e in Entity} == {e: [] for e in Entity}


@pytest.mark.parametrize("entity", [Entity.FLAG, Entity.HELPDESK_CASE])
def test_removing_a_policy_row_scope_or_purge_rule_is_caught(entity, migrated_tables):
    without_row = {e: p for e, p in POLICIES.items() if e is not entity}
    assert missing_steps(entity, migrated_tables, without_row) == ["policy row"]
    no_scope = {**POLICIES, entity: dataclasses.replace(POLICIES[entity], scope=None)}
    assert missing_steps(entity, migrated_tables, no_scope) == ["scope"]
    no_purge = {**POLICIES, entity: dataclasses.replace(POLICIES[entity], purge=None)}
    assert missing_steps(entity, migrated_tables, no_purge) == ["purge"]


def test_a_kind_without_its_migrations_is_caught(migrated_tables):
    client_tables, server_tables = migrated_tables
    assert missing_steps(Entity.REVIEW, (client_tables - {"reviews"}, server_tables)) == [
        "client migration"]
    assert missing_steps(Entity.REVIEW, (client_tables, server_tables - {"reviews"})) == [
        "server migration"]


def test_a_wrong_scope_column_is_caught(migrated_tables):
    desk_scoped_visit = {**POLICIES, Entity.VISIT: dataclasses.replace(
        POLICIES[Entity.VISIT], scope=Scope.DESK)}
    assert missing_steps(Entity.VISIT, migrated_tables, desk_scoped_visit) == ["scope"]
