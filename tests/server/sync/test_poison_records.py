"""No poison records (issue 9 item 3), over real HTTP on every backend.

Text with a lone surrogate or a NUL (in values and in keys), NaN and ±Infinity are refused
by the protocol types: a pushed op holding one is rejected alone, with a reason that never
repeats the input; a record stored before that rule existed never fails a pull; and
``homevisit-server check records`` finds such rows.
"""

from __future__ import annotations

import json
import math

import httpx
import pytest
from synchelp import new_id, op, pull_all, push, visit_payload

from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.cli import main as server_cli
from homevisit.server.models import Member, Visit

LONE = "\ud800"


def _raw_push(client: httpx.Client, ops: list[dict]) -> httpx.Response:
    # json.dumps writes a lone surrogate as the escape \ud800 and NaN as the bare word NaN:
    # both are what a hostile or buggy client can send.
    body = json.dumps({"ops": ops}, allow_nan=True)
    return client.post("/api/v1/sync/push", content=body,
                       headers={"Content-Type": "application/json"})


def test_bad_text_and_numbers_are_refused_per_op_with_a_reason(actor, make_household):
    me = actor("counselor", team="a")
    supervisor, admin = actor("supervisor", team="a"), actor("admin", team=None)
    household = make_household(me.username)

    def finalized(**extra) -> dict:
        return visit_payload(household, status="finalized", version=1, **extra)

    poisoned = [
        finalized(answers={"note": "ab" + LONE}),
        finalized(answers={"a\x00b": 1}),
        finalized(answers={LONE: "x"}),
        finalized(answers={"nested": [{"deep": "x\x00"}]}),
        finalized(observations="家中" + LONE),
        finalized(score=math.nan),
        finalized(answers={"income": math.inf}),
        {"id": new_id(), "household_id": household, "name": "王" + LONE, "relation": "father"},
    ]
    good = [finalized(), finalized()]
    ops = [op("visit", good[0]),
           *(op("member" if "relation" in p else "visit", p) for p in poisoned),
           op("visit", good[1])]
    r = _raw_push(me.client, ops)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", *["rejected"] * len(poisoned), "applied"]
    for result in results[1:-1]:
        assert result["reason"]["code"] == "invalid_record"
        message = result["reason"]["message"]
        assert LONE not in message and "\x00" not in message and "a\x00b" not in message
    # The device retries: the same results, nothing applied twice, no 500.
    assert _raw_push(me.client, ops).json()["results"] == results
    for who in (me, supervisor, admin):
        changes, _ = pull_all(who.client)
        ids = {c["entity_id"] for c in changes}
        assert {good[0]["id"], good[1]["id"]} <= ids
        assert not ids & {p["id"] for p in poisoned}


def test_a_request_body_with_bad_text_is_a_422_that_names_no_input(actor):
    me = actor("counselor")
    event = {"seq": 1, "wall_time": "2026-07-01T08:00:00+00:00", "mono_ns": 1, "actor": "me",
             "action": "view", "entity": "household", "detail": {"secret\x00key": 1},
             "prev_hash": "0" * 64, "hash": "1" * 64}
    for bad in ({"detail": {"secret\x00key": 1}}, {"detail": {LONE: 1}},
                {"actor": "me" + LONE}, {"detail": {"x": math.nan}}):
        body = json.dumps({"events": [{**event, **bad}]}, allow_nan=True)
        r = me.client.post("/api/v1/device/audit-log", content=body,
                           headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["error"]["code"] == "invalid_request"
        assert "secret" not in r.text and "\\ud800" not in r.text


def _store_poisoned_visit(services, household: str) -> str:
    """A visit stored before the protocol refused such values: a lone surrogate inside its
    answers on SQLite (what the old code applied), a NaN score on PostgreSQL (whose JSONB
    refuses the surrogate, but whose float column takes NaN)."""
    visit_id = new_id()
    with services.sessions.begin() as s:
        sqlite = s.get_bind().dialect.name == "sqlite"
        row = Visit(id=visit_id, household_id=household, status="submitted", version=1,
                    counselor=None, rev=0,
                    answers={"note": "ab" + LONE} if sqlite else {"note": "ok"},
                    score=None if sqlite else math.nan)
        bump(row)
        s.add(row)
        s.flush()
        record_change(s, Entity.VISIT, row)
    return visit_id


def test_one_stored_bad_record_never_fails_a_pull_and_the_check_finds_it(
        actor, make_household, services, settings, capsys):
    me = actor("counselor", team="a")
    supervisor, admin = actor("supervisor", team="a"), actor("admin", team=None)
    household = make_household(me.username)
    good = visit_payload(household, status="finalized", version=1)
    push(me.client, [op("visit", good)])
    bad = _store_poisoned_visit(services, household)
    for who in (me, supervisor, admin):
        changes, _ = pull_all(who.client)
        ids = {c["entity_id"] for c in changes}
        assert good["id"] in ids and bad not in ids
        assert household in ids

    # The supervisor's review list still answers; the damaged visit cannot be opened.
    listed = supervisor.client.get("/api/v1/review/visits")
    assert listed.status_code == 200
    assert supervisor.client.get(f"/api/v1/review/visits/{bad}").status_code == 404
    assert supervisor.client.get(f"/api/v1/review/visits/{good['id']}").status_code == 200

    capsys.readouterr()
    assert server_cli(["--database-url", settings.database_url, "check", "records"]) == 1
    out = capsys.readouterr().out
    assert f"visit\t{bad}\t" in out and good["id"] not in out
    assert "ab" + LONE not in out


def test_a_stored_nul_in_a_text_column_is_left_out_never_cut_short(actor, make_household,
                                                                   services):
    """SQLite keeps a NUL inside text (PostgreSQL refuses one): the JSON the database builds
    for the pull must carry it whole, so the record is refused and left out, never sent
    with its text cut at the NUL."""
    if services.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL text cannot hold a NUL")
    me = actor("counselor")
    household = make_household(me.username)
    member_id = new_id()
    with services.sessions.begin() as s:
        row = Member(id=member_id, household_id=household, name="王\x00芳", relation="mother",
                     rev=0)
        bump(row)
        s.add(row)
        s.flush()
        record_change(s, Entity.MEMBER, row)
    changes, _ = pull_all(me.client)
    ids = {c["entity_id"] for c in changes}
    assert household in ids and member_id not in ids
