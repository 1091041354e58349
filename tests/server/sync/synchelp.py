"""Sync test helpers: households assigned to a counselor, and record payloads as a device
would push them."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from homevisit.protocol.records import Entity
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Household, Member
from homevisit.server.services import Services

_op_ids = itertools.count(1)


def new_id() -> str:
    return str(uuid.uuid4())


def op(entity: str, payload: dict[str, Any] | None, *, base_rev: int = 0,
       operation: str = "upsert", entity_id: str | None = None,
       op_id: int | None = None) -> dict[str, Any]:
    """One outbox op; ids come from a process-wide counter, like a device's outbox."""
    return {
        "op_id": op_id or next(_op_ids),
        "entity": entity,
        "entity_id": entity_id or (payload or {})["id"],
        "operation": operation,
        "base_rev": base_rev,
        "payload": payload,
    }


def visit_payload(household_id: str, *, status: str = "draft", version: int = 0,
                  visit_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": visit_id or new_id(),
        "household_id": household_id,
        "status": status,
        "version": version,
        "mode": "home",
        "started_at": "2026-07-01T08:00:00+00:00",
        "answers": {"income": 12000, "members_in_school": 2},
        "observations": "家中整洁",
        "recommended_level": "比较困难",
        **extra,
    }


def version_payload(visit: dict[str, Any], version: int = 1) -> dict[str, Any]:
    content = {k: v for k, v in visit.items() if k not in ("id", "status", "version")}
    return {**content, "id": new_id(), "visit_id": visit["id"], "version": version,
            "finalized_at": "2026-07-01T09:00:00+00:00"}


def consent_payload(visit: dict[str, Any], *, roster: bool = False) -> dict[str, Any]:
    return {"id": new_id(), "visit_id": visit["id"], "household_id": visit["household_id"],
            "notice_version": "2026-1",
            "choices": {"basic_information": True, "document_photos": True, "home_photos": True},
            "roster_check_authorised": roster, "signed_at": "2026-07-01T08:01:00+00:00"}


def attachment_payload(household_id: str, visit_id: str, sha256: str, size: int,
                       name: str = "photo.jpg") -> dict[str, Any]:
    return {"id": new_id(), "household_id": household_id, "visit_id": visit_id,
            "doc_type": "home_photo", "mime": "image/jpeg", "size": size, "sha256": sha256,
            "original_name": name}


GUARDIAN_ID = "320321198001010016"


@pytest.fixture
def make_household(services: Services) -> Callable[..., str]:
    """``make_household(counselor_username)`` → the id of a household assigned to them,
    with one guardian member."""

    def make(counselor: str, region: str = "320321") -> str:
        household_id = new_id()
        with services.sessions.begin() as s:
            household = Household(id=household_id, region_code=region, address="东村 1 号",
                                  rev=0)
            bump(household)
            s.add(household)
            s.flush()
            record_change(s, Entity.HOUSEHOLD, household)
            member = Member(id=new_id(), household_id=household_id, name="王伟",
                            relation="father", id_number=GUARDIAN_ID, is_guardian=True,
                            birth_date=dt.date(1980, 1, 1), rev=0)
            bump(member)
            s.add(member)
            s.flush()
            record_change(s, Entity.MEMBER, member)
            assign_household(s, household_id, counselor, None, actor="test")
        return household_id

    return make


def push(client, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    r = client.post("/api/v1/sync/push", json={"ops": ops})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["op_id"] for x in results] == [o["op_id"] for o in ops]
    return results


def pull_all(client, since: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
    """Every change after ``since``, following pages; returns (changes, final cursor)."""
    changes: list[dict[str, Any]] = []
    while True:
        r = client.get("/api/v1/sync/pull", params={"since": since, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        assert not page["reset"]
        changes.extend(page["changes"])
        since = page["cursor"]
        if not page["has_more"]:
            return changes, since


SYNCED_TABLES = ("households", "members", "students", "assignments", "visits",
                 "visit_versions", "consent_records", "attachments", "flags", "reviews",
                 "changes", "applied_batches", "blobs", "upload_sessions")


def snapshot(services: Services) -> dict[str, list[tuple[str, ...]]]:
    """Every row of the synced and sync-bookkeeping tables, as sorted text tuples."""
    from sqlalchemy import text

    out: dict[str, list[tuple[str, ...]]] = {}
    with services.engine.connect() as conn:
        for table in SYNCED_TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()
            out[table] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


CHUNK = 64 * 1024


def sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def send_chunk(client, upload_id: str, offset: int, data: bytes, checksum: str | None = None):
    return client.patch(
        f"/api/v1/attachments/uploads/{upload_id}", content=data,
        headers={"Upload-Offset": str(offset), "Upload-Chunk-Sha256": checksum or sha(data),
                 "Content-Type": "application/octet-stream"})


def upload(client, data: bytes, household_id: str, chunk: int = CHUNK) -> dict[str, Any]:
    """Upload ``data`` for a household through the resumable endpoints, as the device does."""
    r = client.post("/api/v1/attachments/uploads",
                    json={"household_id": household_id, "sha256": sha(data), "size": len(data)})
    assert r.status_code == 201, r.text
    state = r.json()
    while not state["completed"]:
        offset = state["offset"]
        r = send_chunk(client, state["upload_id"], offset, data[offset:offset + chunk])
        assert r.status_code == 200, r.text
        state = r.json()
    return state


def authorise_roster_checks(session: Any, household_id: str) -> str:
    """What a synced consent with the guardian's written authorisation leaves on the server
    (a visit and its consent record); returns the visit id."""
    from homevisit.server.models import ConsentRecord, Visit

    visit_id = new_id()
    session.add(Visit(id=visit_id, rev=1, household_id=household_id, status="draft"))
    session.flush()
    session.add(ConsentRecord(id=new_id(), rev=1, visit_id=visit_id, household_id=household_id,
                              notice_version="2026-1", choices={"basic_information": True},
                              roster_check_authorised=True))
    session.flush()
    return visit_id
