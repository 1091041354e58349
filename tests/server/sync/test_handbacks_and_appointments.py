"""Appointments and hand-backs over HTTP (issue 19): the server names who made them, a
supervisor's acceptance reassigns the household to a counselor of their scope in one
transaction (audited), both counselors' pulls follow; every refusal is that op's alone."""

from __future__ import annotations

from sqlalchemy import select
from synchelp import new_id, op, pull_all, push

from homevisit.server.models import Appointment, AuditEvent, Handback, Household


def _handback(household_id: str, **extra) -> dict:
    return {"id": new_id(), "household_id": household_id, "reason": "moved_away",
            "note": "已搬至外县", **extra}


def _decision(handback: dict, decision: str = "accept", **extra) -> dict:
    return {"id": new_id(), "handback_id": handback["id"],
            "household_id": handback["household_id"], "decision": decision,
            "note": "同意，转李老师", **extra}


def test_an_appointment_carries_its_counselor_whatever_the_payload_says(
        actor, make_household, services):
    wang = actor("counselor")
    supervisor = actor("supervisor", team="a")
    household = make_household(wang.username)
    appointment = {"id": new_id(), "household_id": household, "mode": "phone",
                   "starts_at": "2026-07-02T09:30:00+08:00", "note": "晚上打",
                   "counselor": "someone-else"}
    [result] = push(wang.client, [op("appointment", appointment)])
    assert result["status"] == "applied", result
    changes, _ = pull_all(supervisor.client)
    [seen] = [c["record"] for c in changes if c["entity"] == "appointment"]
    assert seen["counselor"] == wang.username
    assert seen["starts_at"].startswith("2026-07-02T01:30:00")  # the same instant, in UTC


def test_an_accepted_handback_moves_the_household_to_the_new_counselor(
        actor, make_household, services):
    wang, li = actor("counselor"), actor("counselor")
    supervisor = actor("supervisor", team="a")
    household = make_household(wang.username)
    later = {"id": new_id(), "household_id": household, "mode": "home",
             "starts_at": "2099-07-02T09:30:00+08:00"}
    handback = _handback(household, requested_by="li", status="accepted")
    assert [r["status"] for r in push(wang.client, [op("appointment", later),
                                                    op("handback", handback)])] == [
        "applied", "applied"]
    _, wang_cursor = pull_all(wang.client)
    [result] = push(supervisor.client, [op("handback_decision", _decision(
        handback, reassign_to=li.username))])
    assert result["status"] == "applied", result
    with services.sessions() as s:
        stored = s.get(Handback, handback["id"])
        assert (stored.requested_by, stored.status, stored.decided_by) == (
            wang.username, "accepted", supervisor.username)
        assert s.get(Household, household).assigned_counselor == li.username
        assert s.get(Appointment, later["id"]).cancelled
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "handback.accept"))
        assert event.entity_id == household
    gone, _ = pull_all(wang.client, since=wang_cursor)
    assert {(c["entity"], c["entity_id"], c["deleted"]) for c in gone
            if c["entity"] == "household"} == {("household", household, True)}
    arrived, _ = pull_all(li.client)
    assert {c["entity"] for c in arrived} >= {"household", "member", "handback", "appointment"}


def test_a_handback_is_answered_once(actor, make_household, services):
    wang, li = actor("counselor"), actor("counselor")
    supervisor = actor("supervisor", team="a")
    other = make_household(wang.username)
    handback = _handback(make_household(wang.username), status="accepted",
                         decided_by=supervisor.username, decision_note="forged")
    push(wang.client, [op("handback", handback)])
    with services.sessions() as s:  # the server's fields are the server's
        stored = s.get(Handback, handback["id"])
        assert (stored.status, stored.decided_by, stored.decision_note) == (
            "requested", None, None)
    [elsewhere] = push(supervisor.client, [op("handback_decision", {
        **_decision(handback, reassign_to=li.username), "household_id": other})])
    assert elsewhere["reason"]["code"] == "missing_parent"  # names another household's
    declined, again = push(supervisor.client, [
        op("handback_decision", _decision(handback, "decline", note="请再联系一次")),
        op("handback_decision", _decision(handback, reassign_to=li.username))])
    assert declined["status"] == "applied", declined
    assert (again["status"], again["reason"]["code"]) == ("rejected", "illegal_transition")


def test_acceptance_needs_a_counselor_of_the_supervisors_scope(actor, make_household):
    wang = actor("counselor")
    stranger = actor("counselor", team="b")
    other_supervisor = actor("supervisor", team="b")
    supervisor = actor("supervisor", team="a")
    handback = _handback(make_household(wang.username))
    push(wang.client, [op("handback", handback)])
    results = push(supervisor.client, [
        op("handback_decision", _decision(handback)),  # nobody named
        op("handback_decision", _decision(handback, reassign_to=stranger.username)),
        op("handback_decision", _decision(handback, reassign_to=wang.username)),
        op("handback_decision", _decision(handback, reassign_to=supervisor.username)),
    ])
    assert [(r["status"], r["reason"]["code"]) for r in results] == [
        ("rejected", "invalid_record")] * 4
    [foreign] = push(other_supervisor.client, [op("handback_decision", _decision(
        handback, reassign_to=stranger.username))])
    assert foreign["reason"]["code"] == "out_of_scope"
    [by_counselor] = push(wang.client, [op("handback_decision", _decision(
        handback, reassign_to=wang.username))])
    assert by_counselor["reason"]["code"] == "not_allowed"


def test_forged_and_broken_handbacks_are_refused(actor, make_household):
    wang, li = actor("counselor"), actor("counselor")
    household = make_household(wang.username)
    results = push(li.client, [op("handback", _handback(household))])  # not li's household
    assert results[0]["reason"]["code"] == "out_of_scope"
    broken = [_handback(household, note="a\x00b"), _handback(household, reason="bored"),
              _handback(household, note="x" * 5000),
              {"id": new_id(), "household_id": household, "mode": "home",
               "starts_at": "2026-07-02T09:30:00"}]  # a time without its zone
    results = push(wang.client, [op("handback", b) for b in broken[:3]]
                   + [op("appointment", broken[3])])
    assert [r["reason"]["code"] for r in results] == ["invalid_record"] * 4
    handback = _handback(household)
    push(wang.client, [op("handback", handback)])
    [edit] = push(wang.client, [op("handback", {**handback, "note": "改了"}, base_rev=1)])
    assert edit["reason"]["code"] == "immutable"
