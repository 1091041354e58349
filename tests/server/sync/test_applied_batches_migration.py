"""Server revision 0015: a push's results in one row. Results stored one row per op before
the upgrade are still replayed after it, and a downgrade spreads the rows back into one
per op — on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from synchelp import op, push, snapshot, visit_payload

from homevisit.server.db import alembic_config, migrate


def _downgrade(services, revision: str) -> None:
    config = alembic_config()
    with services.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_results_stored_per_op_are_replayed_after_the_upgrade(services, make_household,
                                                              actor):
    me = actor("counselor")
    household = make_household(me.username)
    ops = [op("visit", visit_payload(household)) for _ in range(3)]
    ops.append(op("visit", visit_payload(household, status="no such status")))
    results = push(me.client, ops)
    assert [r["status"] for r in results] == ["applied"] * 3 + ["rejected"]

    _downgrade(services, "0013")  # back to one row per op
    with services.engine.connect() as conn:
        per_op = conn.execute(text(
            "SELECT op_id FROM applied_ops WHERE device_id = :d ORDER BY op_id"),
            {"d": me.device_id}).scalars().all()
    assert per_op == [o["op_id"] for o in ops]

    migrate(services.engine)
    before = snapshot(services)
    assert push(me.client, ops) == results  # each op replayed from its moved row
    assert push(me.client, ops[1:3]) == results[1:3]
    assert snapshot(services) == before
    with services.engine.connect() as conn:
        ranges = conn.execute(text(
            "SELECT first_op_id, last_op_id FROM applied_batches WHERE device_id = :d "
            "ORDER BY first_op_id"), {"d": me.device_id}).all()
    assert [tuple(r) for r in ranges] == [(o["op_id"], o["op_id"]) for o in ops]
