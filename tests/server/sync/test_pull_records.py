"""A pull page's records are built as JSON by the database, every kind in one statement
(issue 20): what a device receives must be, field for field, the record the ORM reads from
the same row — whatever the database's JSON would make of floats, datetimes, booleans and
JSON columns, and whatever time zone its session is in."""

from __future__ import annotations

from typing import Any

import pytest
from entity_examples import AWKWARD_VISIT, records_of_every_kind
from sqlalchemy import select, text
from synchelp import new_id, op, pull_all, push

from homevisit.protocol.records import Entity, VisitContent
from homevisit.protocol.sync import PullPage
from homevisit.server.auth import principal_of
from homevisit.server.models import User, Visit, VisitVersion
from homevisit.server.records import ORM_TYPES, to_wire
from homevisit.server.sync_pull import pull_page


def _as_the_orm_reads_them(services, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``changes`` with each record replaced by the ORM's reading of its row now."""
    out = []
    with services.sessions() as s:
        for change in changes:
            row = s.get(ORM_TYPES[Entity(change["entity"])], change["entity_id"])
            out.append({**change, "record": to_wire(Entity(change["entity"]), row)})
    return out


def _in_process(services, username: str, device_id: str, time_zone: str) -> PullPage:
    """A page pulled in this process, its session's time zone set to ``time_zone`` on
    PostgreSQL (the server's own session settings are not what a database is always in)."""
    with services.sessions() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text(f"SET TIME ZONE '{time_zone}'"))
        user = s.scalar(select(User).where(User.username == username))
        return pull_page(s, principal_of(user, device_id), 0, 1000)


def test_every_kind_is_pulled_exactly_as_the_orm_reads_it(actor, make_household, services,
                                                          world):
    made = records_of_every_kind(actor, make_household, services, world)
    admin = actor("admin", team=None)
    changes, _ = pull_all(admin.client, limit=1000)
    assert {c["entity"] for c in changes} == {e.value for e in Entity}
    assert changes == _as_the_orm_reads_them(services, changes)
    [awkward] = [c["record"] for c in changes if c["entity_id"] == made["awkward_visit_id"]]
    assert awkward["score"] == AWKWARD_VISIT["score"] == 0.30000000000000004
    assert awkward["answers"] == AWKWARD_VISIT["answers"]
    assert awkward["started_at"] == "2026-07-01T00:00:00.123456Z"

    shanghai = _in_process(services, admin.username, admin.device_id, "Asia/Shanghai")
    assert shanghai.model_dump(mode="json")["changes"] == changes


@pytest.mark.parametrize("who", ["counselor", "supervisor"])
def test_each_role_receives_what_the_orm_reads(who, actor, make_household, services, world):
    """Drafts (the counselor's own, never the supervisor's) and a returned visit under
    revision (the supervisor sees the content of the finalized version) come out of the
    same statement."""
    made = records_of_every_kind(actor, make_household, services, world)
    returned_id = made["returned_visit_id"]
    with services.sessions() as s:
        returned = to_wire(Entity.VISIT, s.get(Visit, returned_id))
    finalized = {**{k: returned[k] for k in VisitContent.model_fields}, "id": new_id(),
                 "visit_id": returned_id, "household_id": returned["household_id"],
                 "version": 1, "finalized_at": "2026-07-01T09:00:00+00:00"}
    # What the counselor's device sends: a draft of the next version.
    revising = {**{k: returned[k] for k in VisitContent.model_fields}, "id": returned_id,
                "household_id": returned["household_id"], "status": "draft", "version": 1,
                "observations": "修改中，尚未定稿"}
    results = push(made["counselor"].client, [
        op("visit_version", finalized), op("visit", revising, base_rev=returned["rev"])])
    assert [r["status"] for r in results] == ["applied", "applied"], results

    changes, _ = pull_all(made[who].client, limit=1000)
    assert {"household", "member", "visit", "flag", "review"} <= {c["entity"] for c in changes}
    expected = _as_the_orm_reads_them(services, changes)
    drafts = [c for c in expected if c["entity"] == "visit" and c["record"]["status"] == "draft"]
    assert bool(drafts) == (who == "counselor")
    if who == "supervisor":  # a returned visit's content: its finalized version's
        with services.sessions() as s:
            for change in expected:
                record = change["record"]
                if change["entity"] == "visit" and record["status"] == "returned":
                    version = s.scalar(select(VisitVersion).where(
                        VisitVersion.visit_id == record["id"],
                        VisitVersion.version == record["version"]))
                    if version is not None:
                        content = to_wire(Entity.VISIT_VERSION, version)
                        record |= {k: content[k] for k in VisitContent.model_fields}
        [returned] = [c["record"] for c in changes if c["entity_id"] == returned_id]
        assert returned["observations"] == finalized["observations"] != "修改中，尚未定稿"
    assert changes == expected
