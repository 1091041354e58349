"""Households proposed by a counselor on a real server over HTTP (issue 19, item 4): the
proposal reaches the supervisors of the proposer's team, acceptance makes an assigned
household in one transaction (audited), a decline carries its reason back."""

from __future__ import annotations

from sqlalchemy import select
from synchelp import new_id, op, pull_all, push

from homevisit.server.models import Assignment, AuditEvent, Household, Member, Proposal


def _proposal(**extra):
    return {"id": new_id(), "region_code": "320321", "address": "欢口镇东村 9 号",
            "contact_name": "李桂英", "contact_relation": "mother",
            "reasons": ["serious_illness", "lost_income"], "note": "父亲今年确诊重病",
            "notice_version": "notice-2025-1",
            "consented_at": "2026-07-01T08:00:00+00:00", **extra}


def _records(changes, entity):
    return {c["entity_id"]: c["record"] for c in changes if c["entity"] == entity}


def test_accepted_proposal_becomes_a_household_assigned_to_the_proposer(actor, services):
    counselor = actor("counselor", team="a")
    supervisor = actor("supervisor", team="a")
    elsewhere = actor("supervisor", team="b")
    proposal = _proposal(proposed_by="forged", household_id=new_id())
    [r] = push(counselor.client, [op("proposal", proposal)])
    assert r["status"] == "applied", r
    _, cursor = pull_all(counselor.client)

    assert proposal["id"] not in _records(pull_all(elsewhere.client)[0], "proposal")
    stored = _records(pull_all(supervisor.client)[0], "proposal")[proposal["id"]]
    assert stored["proposed_by"] == counselor.username and stored["household_id"] is None

    [r] = push(supervisor.client, [op("proposal", {**stored, "status": "accepted"},
                                      base_rev=stored["rev"])])
    assert r["status"] == "applied", r

    changes, _ = pull_all(counselor.client, since=cursor)
    back = _records(changes, "proposal")[proposal["id"]]
    assert back["status"] == "accepted" and back["decided_by"] == supervisor.username
    household = _records(changes, "household")[back["household_id"]]
    assert household["assigned_counselor"] == counselor.username
    assert household["address"] == "欢口镇东村 9 号"
    [contact] = _records(changes, "member").values()
    assert contact["name"] == "李桂英" and contact["id_number"] is None
    with services.sessions() as s:
        assert s.get(Household, back["household_id"]).team_id is not None
        assert s.scalar(select(Assignment.counselor).where(
            Assignment.household_id == back["household_id"])) == counselor.username
        actions = set(s.scalars(select(AuditEvent.action)))
        assert {"proposal.create", "proposal.accepted", "household.assign"} <= actions
        assert s.scalar(select(Member.household_id).where(Member.name == "李桂英"))

    # Decided once: a second decision is refused.
    [r] = push(supervisor.client, [op("proposal", {**stored, "status": "declined",
                                                   "decision_reason": "改主意"},
                                      base_rev=r["rev"])])
    assert r["reason"]["code"] == "illegal_transition"


def test_declined_proposal_carries_its_reason_back(actor, services):
    counselor = actor("counselor", team="a")
    supervisor = actor("supervisor", team="a")
    proposal = _proposal()
    push(counselor.client, [op("proposal", proposal)])
    [r] = push(supervisor.client, [op("proposal", {**proposal, "status": "declined"},
                                      base_rev=1)])
    assert r["reason"]["code"] == "invalid_record"  # no reason given
    [r] = push(supervisor.client, [op("proposal", {
        **proposal, "status": "declined", "decision_reason": "已在低保名单，由乡镇跟进"},
        base_rev=1)])
    assert r["status"] == "applied", r
    back = _records(pull_all(counselor.client)[0], "proposal")[proposal["id"]]
    assert back["status"] == "declined"
    assert back["decision_reason"] == "已在低保名单，由乡镇跟进"
    with services.sessions() as s:
        assert s.get(Proposal, proposal["id"]).household_id is None


def test_who_may_propose_and_decide(actor):
    counselor = actor("counselor", team="a")
    colleague = actor("counselor", team="a")
    supervisor = actor("supervisor", team="a")
    elsewhere = actor("supervisor", team="b")
    volunteer = actor("volunteer", desk="a")
    proposal = _proposal()
    [r] = push(supervisor.client, [op("proposal", _proposal())])
    assert r["reason"]["code"] == "not_allowed"  # supervisors decide, never propose
    [r] = push(volunteer.client, [op("proposal", _proposal())])
    assert r["reason"]["code"] == "not_allowed"
    [r] = push(counselor.client, [op("proposal", {**_proposal(), "status": "accepted"})])
    assert r["reason"]["code"] == "illegal_transition"  # a proposer never accepts
    for bad in ({"reasons": []}, {"address": ""}, {"reasons": ["rich"]},
                {"contact_name": "a\x00b"}, {"region_code": "999"}, {"consented_at": None}):
        [r] = push(counselor.client, [op("proposal", _proposal(**bad))])
        assert r["reason"]["code"] == "invalid_record", (bad, r)
    [r] = push(counselor.client, [op("proposal", proposal)])
    assert r["status"] == "applied"
    for who, code in ((colleague, "out_of_scope"), (elsewhere, "out_of_scope"),
                      (counselor, "not_allowed")):
        [r] = push(who.client, [op("proposal", {**proposal, "status": "accepted"},
                                   base_rev=1)])
        assert r["reason"]["code"] == code, (who.username, r)
    assert proposal["id"] not in _records(pull_all(colleague.client)[0], "proposal")
