"""The server as the anchor of a device's audit log: a trimmed, re-chained or rolled-back
log is refused (409 audit_log_rolled_back) and recorded. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.server.models import AuditEvent

LOG = "/api/v1/device/audit-log"


def _events(n: int, *, salt: str = "") -> list[dict]:
    events, prev = [], "0" * 64
    for seq in range(1, n + 1):
        digest = f"{seq:032x}{salt or 'a' * 32}"[:64].ljust(64, "0")
        events.append({"seq": seq, "wall_time": "2026-07-01T00:00:00Z", "mono_ns": seq,
                       "actor": "profile:p", "action": "reveal", "entity": "member",
                       "prev_hash": prev, "hash": digest})
        prev = digest
    return events


def _recorded(services) -> int:
    with services.sessions() as s:
        return len(s.scalars(select(AuditEvent.id).where(
            AuditEvent.action == "device_audit_rollback")).all())


def test_an_honest_log_is_kept_and_each_attack_is_refused_and_recorded(actor, services):
    me = actor("counselor")
    events = _events(3)
    r = me.client.post(LOG, json={"events": events, "head_seq": 3, "head_hash": events[2]["hash"]})
    assert r.status_code == 200 and r.json()["last_seq"] == 3
    r = me.client.post(LOG, json={"events": [], "head_seq": 3, "head_hash": events[2]["hash"]})
    assert r.status_code == 200  # nothing new, the head agrees
    attacks = {
        "trimmed": {"events": [], "head_seq": 2, "head_hash": events[1]["hash"]},
        "emptied": {"events": [], "head_seq": 0},
        "rechained": {"events": [{**_events(4, salt="b" * 32)[3], "prev_hash": "f" * 64}],
                      "head_seq": 4, "head_hash": _events(4, salt="b" * 32)[3]["hash"]},
        "rewritten": {"events": [{**events[2], "hash": "e" * 64}], "head_seq": 3,
                      "head_hash": "e" * 64},
    }
    for n, (name, body) in enumerate(attacks.items(), start=1):
        r = me.client.post(LOG, json=body)
        assert r.status_code == 409, name
        assert r.json()["error"]["code"] == "audit_log_rolled_back", name
        assert "审计日志" in r.json()["error"]["message"]
        assert _recorded(services) == n, name
