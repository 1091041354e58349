"""The push body is validated straight from its bytes (server/api/model_body.py): a good
body is parsed once, and every bad one is answered exactly as FastAPI answered it before."""

from __future__ import annotations

import json

import pydantic
from synchelp import new_id, op, visit_payload

from homevisit.protocol.sync import PushRequest

JSON = {"Content-Type": "application/json"}


def _post(client, body: bytes):
    return client.post("/api/v1/sync/push", content=body, headers=JSON)


def test_a_good_body_is_validated_once_from_its_bytes(actor, make_household, monkeypatch):
    me = actor("counselor")
    household = make_household(me.username)
    calls: list[str] = []
    for name in ("model_validate", "model_validate_json"):
        real = getattr(PushRequest, name).__func__

        def counting(cls, *args, _name=name, _real=real, **kwargs):
            calls.append(_name)
            return _real(cls, *args, **kwargs)

        monkeypatch.setattr(PushRequest, name, classmethod(counting))
    r = _post(me.client, json.dumps({"ops": [op("visit", visit_payload(household))]}).encode())
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    assert calls == ["model_validate_json"]


def test_bad_bodies_get_the_same_answers_as_before(actor):
    me = actor("counselor")
    good = op("visit", {"id": new_id()})
    cases = [
        (b'{"ops": [', 400, "malformed_json", None),
        (b"[1, 2, 3]", 422, "invalid_request", ["body"]),
        (json.dumps({"ops": [{**good, "op_id": 0}]}).encode(), 422, "invalid_request",
         ["body", "ops", 0, "op_id"]),
        (json.dumps({"ops": [{**good, "operation": "merge"}]}).encode(), 422,
         "invalid_request", ["body", "ops", 0, "operation"]),
        (json.dumps({"ops": [good], "extra": 1}).encode(), 422, "invalid_request",
         ["body", "extra"]),
        (json.dumps({"ops": [good] * 501}).encode(), 422, "invalid_request",
         ["body", "ops"]),
        # A lone surrogate the Rust parser refuses: FastAPI's own path still judges it.
        (b'{"ops": [{"op_id": 1, "entity": "visit\\ud800", "entity_id": "a",'
         b' "operation": "upsert", "base_rev": 0}]}', 422, "invalid_request", None),
    ]
    for body, status, code, loc in cases:
        r = _post(me.client, body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), body[:80]
        if loc is not None:
            assert loc in [d["loc"] for d in r.json()["error"]["details"]], r.json()


def test_the_rust_and_python_validators_agree_on_what_they_accept():
    """Whatever the fast path accepts, FastAPI's path accepts as the same value."""
    bodies = [
        {"ops": [op("visit", visit_payload(new_id()))]},
        {"ops": [op("visit", {"id": new_id(), "answers": {"n": 1.5, "big": 2**70}}, base_rev=3)]},
        {"ops": []},
    ]
    for body in bodies:
        raw = json.dumps(body).encode()
        assert PushRequest.model_validate_json(raw) == PushRequest.model_validate(json.loads(raw))
    try:
        PushRequest.model_validate_json(b'{"ops": [{"op_id": 1.5}]}')
    except pydantic.ValidationError:
        pass
    else:
        raise AssertionError("a fractional op id was accepted")


def test_hostile_parent_ids_are_refused_per_op_on_every_backend(actor, make_household):
    """A payload's parent ids reach the batch's lookups before its schema is checked: text a
    database refuses (NUL, a lone surrogate) or an endless id is still one rejected op."""
    me = actor("counselor")
    household = make_household(me.username)
    good = visit_payload(household)
    hostile = ["a\x00b", "\ud800", "x" * 100_000, "", " "]
    ops = [op("visit", {**visit_payload(household), "household_id": bad}) for bad in hostile]
    ops += [op("consent", {"id": new_id(), "visit_id": bad, "household_id": household,
                           "notice_version": "v1"}) for bad in hostile]
    body = json.dumps({"ops": [*ops, op("visit", good)]}).encode()
    r = _post(me.client, body)
    assert r.status_code == 200, r.text[:300]
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected"] * len(ops) + ["applied"]
    assert {x["reason"]["code"] for x in results[:-1]} <= {"invalid_record", "out_of_scope",
                                                           "missing_parent"}
