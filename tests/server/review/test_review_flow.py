"""Supervisor review over real HTTP: filters, scope, the approve/return rules, flag
decisions, audit. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from synchelp import GUARDIAN_ID, consent_payload, op, pull_all, push, visit_payload

from homevisit.server.models import AuditEvent
from homevisit.server.roster import RosterRow, import_roster

VISITS = "/api/v1/review/visits"


def _submit(client, household: str, **extra) -> dict:
    visit = visit_payload(household, status="finalized", version=1, **extra)
    [result] = push(client, [op("visit", visit)])
    assert result["status"] == "applied"
    return visit


def _decide(client, visit_id: str, decision: str, version: int = 1, comments=None):
    return client.post(f"{VISITS}/{visit_id}/decision", json={
        "decision": decision, "version": version, "comments": comments or []})


def test_list_filters_paging_and_scope(actor, make_household):
    a1, a2 = actor("counselor", team="a"), actor("counselor", team="a")
    b1 = actor("counselor", team="b")
    sup_a, sup_b = actor("supervisor", team="a"), actor("supervisor", team="b")
    region_sup = actor("supervisor", team=None, region="320322")
    h1, h2 = make_household(a1.username), make_household(a2.username)
    hb = make_household(b1.username, region="320322")
    v1 = _submit(a1.client, h1, started_at="2026-07-01T08:00:00+00:00")
    v2 = _submit(a2.client, h2, started_at="2026-07-05T08:00:00+00:00")
    push(a1.client, [op("visit", visit_payload(h1))])  # a draft: not for review
    vb = _submit(b1.client, hb)

    def ids(who, **params) -> set[str]:
        r = who.client.get(VISITS, params=params)
        assert r.status_code == 200, r.text
        return {v["id"] for v in r.json()["items"]}

    assert ids(sup_a) == {v1["id"], v2["id"]}
    assert ids(sup_b) == ids(region_sup) == {vb["id"]}
    assert ids(sup_a, counselor=a2.username) == {v2["id"]}
    assert ids(sup_a, visited_from="2026-07-02") == {v2["id"]}
    assert ids(sup_a, visited_to="2026-07-01") == {v1["id"]}
    assert ids(sup_a, region="320322") == set()
    assert ids(sup_a, status="approved") == set()
    page = sup_a.client.get(VISITS, params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert sup_b.client.get(f"{VISITS}/{v1['id']}").status_code == 404
    assert _decide(sup_b.client, v1["id"], "approve").status_code == 404
    for role in ("counselor", "volunteer"):
        assert actor(role).client.get(VISITS).status_code == 403


def test_open_flags_block_approval_until_decided(actor, make_household, services):
    me, sup = actor("counselor"), actor("supervisor")
    with services.sessions.begin() as s:
        import_roster(s, "market_register", [RosterRow(GUARDIAN_ID, "某科技有限公司", "监事")],
                      batch="2026-06")
    household = make_household(me.username)
    # The roster match runs once the consent with the written authorisation is synced.
    visit = visit_payload(household, status="finalized", version=1)
    results = push(me.client, [op("visit", visit),
                               op("consent", consent_payload(visit, roster=True))])
    assert [r["status"] for r in results] == ["applied", "applied"]
    flagged = sup.client.get(VISITS, params={"open_flags": True}).json()["items"]
    assert [(v["id"], v["open_flags"]) for v in flagged] == [(visit["id"], 1)]
    assert sup.client.get(VISITS, params={"open_flags": False}).json()["items"] == []
    r = _decide(sup.client, visit["id"], "approve")
    assert r.status_code == 409 and r.json()["error"]["code"] == "open_flags"
    [flag] = sup.client.get(f"{VISITS}/{visit['id']}").json()["flags"]
    # The counselor explains; an explained flag still blocks.
    explained = {**flag, "status": "explained", "explanation": "已于 2025 年卸任"}
    [result] = push(me.client, [op("flag", explained, base_rev=flag["rev"])])
    assert result["status"] == "applied"
    assert _decide(sup.client, visit["id"], "approve").status_code == 409
    r = sup.client.post(f"/api/v1/review/flags/{flag['id']}/decision",
                        json={"decision": "confirm", "reason": "登记信息仍有效"})
    assert r.status_code == 200
    decided = r.json()
    assert (decided["status"], decided["decided_by"]) == ("confirmed", sup.username)
    assert decided["explanation"] == "已于 2025 年卸任"
    again = sup.client.post(f"/api/v1/review/flags/{flag['id']}/decision",
                            json={"decision": "dismiss", "reason": "x"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    assert _decide(sup.client, visit["id"], "approve").status_code == 200
    with services.sessions() as s:
        actions = s.execute(select(AuditEvent.action).where(
            AuditEvent.actor == sup.username, AuditEvent.entity.in_(("visit", "flag")))).scalars()
    assert sorted(actions) == ["flag.confirm", "visit.approve"]


def test_decision_rules(actor, make_household):
    me, sup = actor("counselor"), actor("supervisor")
    household = make_household(me.username)
    visit = _submit(me.client, household)
    r = _decide(sup.client, visit["id"], "return")
    assert r.status_code == 422  # a return needs at least one comment
    r = _decide(sup.client, visit["id"], "approve", version=2)
    assert r.status_code == 409 and r.json()["error"]["code"] == "stale_version"
    assert _decide(sup.client, visit["id"], "approve").status_code == 200
    r = _decide(sup.client, visit["id"], "return", comments=[{"field": "x", "text": "y"}])
    assert r.status_code == 409 and r.json()["error"]["code"] == "illegal_transition"
    # An approved visit is final for the device too; supervisors push nothing.
    [after] = push(me.client, [op("visit", {**visit, "status": "finalized"}, base_rev=2)])
    assert after["reason"]["code"] == "illegal_transition"
    changes, _ = pull_all(sup.client)
    [result] = push(sup.client, [op("visit", {**visit, "observations": "改"}, base_rev=2)])
    assert result["reason"]["code"] == "not_allowed"
    assert any(c["entity"] == "review" for c in changes)
