"""The push body is validated straight from its bytes (server/api/model_body.py): a good
body is parsed once, records and all (server/push_body.py), and every bad one is answered
exactly as FastAPI answered it before."""

from __future__ import annotations

import json

import pydantic
from synchelp import new_id, op, visit_payload

from homevisit.protocol.records import VisitRecord
from homevisit.protocol.sync import PushRequest
from homevisit.server.push_body import TypedPushRequest

JSON = {"Content-Type": "application/json"}


def _post(client, body: bytes):
    return client.post("/api/v1/sync/push", content=body, headers=JSON)


def _count_validations(monkeypatch, *models) -> list[tuple[str, str]]:
    """(model, method) of every validation the listed models make from now on."""
    calls: list[tuple[str, str]] = []
    for model in models:
        for name in ("model_validate", "model_validate_json"):
            real = getattr(model, name).__func__

            def counting(cls, *args, _name=name, _real=real, **kwargs):
                calls.append((cls.__name__, _name))
                return _real(cls, *args, **kwargs)

            monkeypatch.setattr(model, name, classmethod(counting))
    return calls


def test_a_good_body_is_validated_once_from_its_bytes(actor, make_household, monkeypatch):
    """Records and all: the visit is not validated a second time by the push."""
    me = actor("counselor")
    household = make_household(me.username)
    calls = _count_validations(monkeypatch, PushRequest, VisitRecord)
    r = _post(me.client, json.dumps({"ops": [op("visit", visit_payload(household))]}).encode())
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    assert calls == [("TypedPushRequest", "model_validate_json")]


def test_one_bad_record_sends_the_body_the_plain_way_and_is_refused_alone(
        actor, make_household, monkeypatch):
    """The typed parse refuses the whole body for one bad record; the plain parse then
    takes it and the push refuses that op alone, naming the field, as before."""
    me = actor("counselor")
    household = make_household(me.username)
    calls = _count_validations(monkeypatch, PushRequest, VisitRecord)
    bad = visit_payload(household, mode="by_pigeon")
    body = {"ops": [op("visit", visit_payload(household)), op("visit", bad),
                    op("visit", visit_payload(household))]}
    r = _post(me.client, json.dumps(body).encode())
    assert r.status_code == 200, r.text[:300]
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"]["code"] == "invalid_record"
    assert "mode" in results[1]["reason"]["message"]
    assert calls[:2] == [("TypedPushRequest", "model_validate_json"),
                         ("PushRequest", "model_validate_json")]
    assert calls[2:] == [("VisitRecord", "model_validate")] * 3


def test_a_record_under_another_id_is_refused_on_the_typed_path_too(actor, make_household):
    """A well-formed record whose id is not the op's is one rejected op, as on the plain
    path; a payload that leaves its id out takes the op's (on the plain path)."""
    me = actor("counselor")
    household = make_household(me.username)
    moved = {"ops": [op("visit", visit_payload(household), entity_id=new_id())]}
    TypedPushRequest.model_validate_json(json.dumps(moved))  # the typed path takes it
    result = _post(me.client, json.dumps(moved).encode()).json()["results"][0]
    assert result["status"] == "rejected" and result["reason"]["code"] == "invalid_record"
    assert "id" in result["reason"]["message"]
    without_id = visit_payload(household)
    own_id = without_id.pop("id")
    body = json.dumps({"ops": [op("visit", without_id, entity_id=own_id)]})
    assert _post(me.client, body.encode()).json()["results"][0]["status"] == "applied"


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
    # The typed parse: each op's record exactly what the push's own validation makes of it.
    good = {"ops": [op("visit", visit_payload(new_id(), answers={"n": 1.5, "big": 2**60})),
                    op("visit", visit_payload(new_id()), operation="delete")]}
    typed = TypedPushRequest.model_validate_json(json.dumps(good).encode())
    for parsed, sent in zip(typed.ops, good["ops"], strict=True):
        assert parsed.payload == VisitRecord.model_validate(sent["payload"])
        assert parsed.payload.model_fields_set == set(sent["payload"])
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
