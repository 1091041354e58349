"""Bounded numbers (issue 9 item 4): every integer of the protocol has bounds, so an
out-of-range one is a 422 on every backend — never a 500 from the database driver."""

from __future__ import annotations

from homevisit.protocol.types import MAX_INT32, MAX_INT64


def _event(seq: int, mono_ns: int = 1) -> dict:
    return {"seq": seq, "wall_time": "2026-07-01T08:00:00+00:00", "mono_ns": mono_ns,
            "actor": "me", "action": "view", "entity": "household",
            "prev_hash": "0" * 64, "hash": "1" * 64}


def test_out_of_range_integers_in_the_device_audit_log_are_422(actor):
    me = actor("counselor")
    for event in (_event(MAX_INT32 + 1), _event(MAX_INT64 + 1), _event(2**64),
                  _event(-1), _event(1, mono_ns=MAX_INT64 + 1), _event(1, mono_ns=-5)):
        r = me.client.post("/api/v1/device/audit-log", json={"events": [event]})
        assert r.status_code == 422, (event, r.text)
        assert r.json()["error"]["code"] == "invalid_request"
    r = me.client.post("/api/v1/device/audit-log",
                       json={"events": [_event(MAX_INT32, mono_ns=MAX_INT64)]})
    assert r.status_code == 200 and r.json()["last_seq"] == MAX_INT32


def test_out_of_range_integers_in_the_admin_audit_query_are_422(actor):
    admin = actor("admin", team=None)
    for before in (MAX_INT64 + 1, 2**64, 10**30):
        r = admin.client.get("/api/v1/admin/audit", params={"before": before})
        assert r.status_code == 422, before
        assert r.json()["error"]["code"] == "invalid_request"
    assert admin.client.get("/api/v1/admin/audit", params={"before": MAX_INT64}).status_code == 200


def test_out_of_range_integers_in_a_push_are_refused(actor):
    me = actor("counselor")
    base = {"op_id": 1, "entity": "visit", "entity_id": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
            "operation": "upsert", "payload": None}
    for envelope in ({"base_rev": MAX_INT32 + 1}, {"base_rev": 2**64},
                     {"base_rev": 0, "op_id": MAX_INT64 + 1}):
        r = me.client.post("/api/v1/sync/push", json={"ops": [{**base, **envelope}]})
        assert r.status_code == 422, envelope
