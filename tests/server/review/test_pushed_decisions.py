"""Supervisors' decisions pushed as records, over real HTTP on SQLite and PostgreSQL: the
same review rules as the endpoints (one function), each refusal that op's rejection with
its reason, the server's word on who decided, and nothing outside the supervisor's team or
region — as an attacker would try it."""

from __future__ import annotations

from sqlalchemy import select
from synchelp import consent_payload, new_id, op, pull_all, push, version_payload, visit_payload

from homevisit.server.models import AuditEvent, Flag, FlagRuling, Review, Visit

VISITS = "/api/v1/review/visits"


def _submitted(counselor, household: str, *, flags: int = 0) -> tuple[dict, list[str]]:
    visit = visit_payload(household, status="finalized", version=1)
    flag_ids = [new_id() for _ in range(flags)]
    ops = [op("visit", visit), op("visit_version", version_payload(visit))]
    ops += [op("flag", {"id": f, "household_id": household, "visit_id": visit["id"],
                        "source": "device", "rule_id": "employer_type",
                        "category": "public_employee"}) for f in flag_ids]
    assert {r["status"] for r in push(counselor.client, ops)} == {"applied"}
    return visit, flag_ids


def _review(visit: dict, decision: str = "approve", version: int = 1, **extra) -> dict:
    return {"id": new_id(), "visit_id": visit["id"], "household_id": visit["household_id"],
            "visit_version": version, "reviewer": "whoever", "decision": decision,
            "comments": [], **extra}


def _ruling(flag_id: str, visit: dict, decision: str = "dismiss", reason: str = "已退休"):
    return {"id": new_id(), "flag_id": flag_id, "household_id": visit["household_id"],
            "visit_id": visit["id"], "decision": decision, "reason": reason}


def test_flag_decisions_then_approval_in_one_push_apply_in_order(actor, make_household,
                                                                   services):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    visit, (f1, f2) = _submitted(counselor, make_household(counselor.username), flags=2)
    results = push(sup.client, [op("flag_decision", _ruling(f1, visit, "confirm", "属实")),
                                op("flag_decision", _ruling(f2, visit, "dismiss", "非监护人")),
                                op("review", _review(visit))])
    assert [r["status"] for r in results] == ["applied"] * 3, results
    with services.sessions() as s:
        assert s.get(Visit, visit["id"]).status == "approved"
        flags = {f.id: (f.status, f.decision_reason, f.decided_by)
                 for f in s.scalars(select(Flag))}
        assert flags == {f1: ("confirmed", "属实", sup.username),
                         f2: ("dismissed", "非监护人", sup.username)}
        # The server's word on who decided, whatever the payload said.
        assert [r.reviewer for r in s.scalars(select(Review))] == [sup.username]
        assert {r.decided_by for r in s.scalars(select(FlagRuling))} == {sup.username}
        actions = sorted(e.action for e in s.scalars(select(AuditEvent)).all()
                         if e.action.startswith(("visit.", "flag.")))
        assert actions == ["flag.confirm", "flag.dismiss", "visit.approve"]
    # The counselor's device learns all of it by pull.
    changes, _ = pull_all(counselor.client)
    latest = {(c["entity"], c["entity_id"]): c["record"] for c in changes}
    assert latest[("visit", visit["id"])]["status"] == "approved"
    assert latest[("flag", f2)]["status"] == "dismissed"
    assert sum(1 for entity, _ in latest if entity == "flag_decision") == 2


def test_approval_with_undecided_flags_is_rejected_with_its_reason(actor, make_household,
                                                                   services):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    visit, _ = _submitted(counselor, make_household(counselor.username), flags=1)
    [result] = push(sup.client, [op("review", _review(visit))])
    assert result["status"] == "rejected" and result["reason"]["code"] == "open_flags"
    assert "核查提示" in result["reason"]["message"]
    with services.sessions() as s:
        assert s.get(Visit, visit["id"]).status == "submitted"
        assert s.scalars(select(Review)).all() == []


def test_a_decision_on_a_version_revised_meanwhile_is_rejected(actor, make_household):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    household = make_household(counselor.username)
    visit, _ = _submitted(counselor, household)
    returned = sup.client.post(f"{VISITS}/{visit['id']}/decision", json={
        "decision": "return", "version": 1, "comments": [{"field": None, "text": "补充"}]})
    assert returned.status_code == 200, returned.text
    changes, _ = pull_all(counselor.client)
    rev = max(c["rev"] for c in changes if c["entity_id"] == visit["id"])
    v2 = {**visit, "version": 2, "status": "finalized", "observations": "已补充"}
    results = push(counselor.client, [op("visit", v2, base_rev=rev),
                                      op("visit_version", version_payload(v2, 2))])
    assert {r["status"] for r in results} == {"applied"}, results
    [result] = push(sup.client, [op("review", _review(visit, version=1))])
    assert result["status"] == "rejected" and result["reason"]["code"] == "stale_version"


def test_a_return_needs_a_comment_and_comments_keep_their_member_anchor(actor, make_household,
                                                                        services):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    visit, _ = _submitted(counselor, make_household(counselor.username))
    [bare] = push(sup.client, [op("review", _review(visit, "return"))])
    assert bare["reason"]["code"] == "comments_required"
    member, comment = new_id(), new_id()
    [ok] = push(sup.client, [op("review", _review(visit, "return", comments=[
        {"id": comment, "field": "members.people.income", "member_id": member,
         "text": "母亲收入请核实"}]))])
    assert ok["status"] == "applied", ok
    with services.sessions() as s:
        [stored] = s.scalars(select(Review)).one().comments
    assert stored == {"id": comment, "field": "members.people.income", "member_id": member,
                      "text": "母亲收入请核实"}


def test_attacker_supervisor_cannot_decide_outside_scope_or_on_drafts(actor, make_household,
                                                                      services):
    counselor_a = actor("counselor", team="a")
    visit, (flag,) = _submitted(counselor_a, make_household(counselor_a.username), flags=1)
    counselor_b = actor("counselor", team="b")
    own_household = make_household(counselor_b.username, region="320322")
    intruder = actor("supervisor", team="b")
    region_b = actor("supervisor", team=None, region="320322")
    for who in (intruder, region_b):
        # Other region's ids as they are, and with a household id of their own.
        results = push(who.client, [
            op("review", _review(visit)),
            op("review", {**_review(visit), "household_id": own_household}),
            op("flag_decision", _ruling(flag, visit)),
            op("flag_decision", {**_ruling(flag, visit), "household_id": own_household}),
            op("flag", {"id": flag, "household_id": visit["household_id"], "source":
                        "supervisor", "rule_id": "supervisor", "category": "public_employee",
                        "status": "open"})])
        codes = [r["reason"]["code"] for r in results]
        assert codes == ["out_of_scope", "missing_parent", "out_of_scope", "missing_parent",
                         "out_of_scope"], codes
        assert who.client.get(f"{VISITS}/{visit['id']}").status_code == 404
    # A draft in the supervisor's own team: no decision on it or its flags.
    draft = visit_payload(visit["household_id"])
    draft_flag = {"id": new_id(), "household_id": visit["household_id"],
                  "visit_id": draft["id"], "source": "device", "rule_id": "employer_type",
                  "category": "public_employee"}
    push(counselor_a.client, [op("visit", draft), op("flag", draft_flag)])
    sup_a = actor("supervisor", team="a")
    results = push(sup_a.client, [op("review", _review(draft)),
                                  op("flag_decision", _ruling(draft_flag["id"], draft))])
    assert [r["reason"]["code"] for r in results] == ["not_reviewable", "not_reviewable"]
    # Nor can a supervisor edit a counselor's flag (explain, decide by editing, delete).
    results = push(sup_a.client, [
        op("flag", {"id": flag, "household_id": visit["household_id"], "visit_id":
                    visit["id"], "source": "device", "rule_id": "employer_type",
                    "category": "public_employee", "status": "explained"}, base_rev=1),
        op("flag", None, operation="delete", entity_id=flag, base_rev=1)])
    assert [r["reason"]["code"] for r in results] == ["not_allowed", "not_allowed"]
    with services.sessions() as s:
        assert s.get(Flag, flag).status == "open" and s.get(Visit, visit["id"]).status == \
            "submitted"
        assert s.scalars(select(Review)).all() == [] and s.scalars(select(FlagRuling)).all() == []


def test_a_supervisor_raises_supervisor_flags_only(actor, make_household, services):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    visit, _ = _submitted(counselor, make_household(counselor.username))
    flag = {"id": new_id(), "household_id": visit["household_id"], "visit_id": visit["id"],
            "rule_id": "supervisor", "category": "corporate_officer", "evidence": "工商登记"}
    [as_device] = push(sup.client, [op("flag", {**flag, "source": "device"})])
    assert as_device["reason"]["code"] == "illegal_transition"
    [raised] = push(sup.client, [op("flag", {**flag, "source": "supervisor"})])
    assert raised["status"] == "applied"
    [blocked] = push(sup.client, [op("review", _review(visit))])
    assert blocked["reason"]["code"] == "open_flags"
    changes, _ = pull_all(counselor.client)
    assert any(c["entity_id"] == flag["id"] and c["record"]["source"] == "supervisor"
               for c in changes)


def test_supervisors_never_receive_drafts_and_get_a_visits_parts_once_submitted(
        actor, make_household):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    household = make_household(counselor.username)
    visit = visit_payload(household)
    flag = {"id": new_id(), "household_id": household, "visit_id": visit["id"],
            "source": "device", "rule_id": "employer_type", "category": "public_employee"}
    consent = consent_payload(visit)
    push(counselor.client, [op("visit", visit), op("consent", consent), op("flag", flag)])
    changes, cursor = pull_all(sup.client)
    got = {c["entity_id"] for c in changes}
    assert not got & {visit["id"], flag["id"], consent["id"]}
    # Finalized: the visit and everything of it reach the supervisor past their cursor.
    [done] = push(counselor.client, [op("visit", {**visit, "status": "finalized",
                                                  "version": 1}, base_rev=1)])
    assert done["status"] == "applied", done
    changes, cursor = pull_all(sup.client, cursor)
    got = {c["entity_id"] for c in changes}
    assert {visit["id"], flag["id"], consent["id"]} <= got


def test_a_returned_visit_under_revision_reaches_supervisors_as_returned(actor, make_household):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    visit, _ = _submitted(counselor, make_household(counselor.username))
    r = sup.client.post(f"{VISITS}/{visit['id']}/decision", json={
        "decision": "return", "version": 1, "comments": [{"text": "补充"}]})
    assert r.status_code == 200
    _, cursor = pull_all(sup.client)
    changes, _ = pull_all(counselor.client)
    rev = max(c["rev"] for c in changes if c["entity_id"] == visit["id"])
    revising = {**visit, "status": "draft", "observations": "修改中，尚未定稿"}
    [applied] = push(counselor.client, [op("visit", revising, base_rev=rev)])
    assert applied["status"] == "applied", applied
    changes, _ = pull_all(sup.client, cursor)
    [seen] = [c["record"] for c in changes if c["entity_id"] == visit["id"]]
    assert seen["status"] == "returned" and seen["observations"] == visit["observations"]


def test_comment_answers_go_to_the_supervisor_and_name_a_real_comment(actor, make_household,
                                                                      services):
    counselor, sup = actor("counselor"), actor("supervisor", team="a")
    other_sup = actor("supervisor", team="b")
    visit, _ = _submitted(counselor, make_household(counselor.username))
    comment = new_id()
    r = sup.client.post(f"{VISITS}/{visit['id']}/decision", json={
        "decision": "return", "version": 1,
        "comments": [{"id": comment, "field": "family.housing", "text": "住房情况请补充"}]})
    review_id = r.json()["id"]
    answer = {"id": new_id(), "review_id": review_id, "comment_id": comment,
              "visit_id": visit["id"], "household_id": visit["household_id"],
              "text": "已补充租房合同", "author": "forged"}
    results = push(counselor.client, [op("comment_answer", {**answer, "id": new_id(),
                                                            "comment_id": new_id()}),
                                      op("comment_answer", answer)])
    assert results[0]["reason"]["code"] == "invalid_record"
    assert results[1]["status"] == "applied"
    [from_sup] = push(sup.client, [op("comment_answer", {**answer, "id": new_id()})])
    assert from_sup["reason"]["code"] == "not_allowed"
    changes, _ = pull_all(sup.client)
    [seen] = [c["record"] for c in changes if c["entity"] == "comment_answer"]
    assert seen["text"] == "已补充租房合同" and seen["author"] == counselor.username
    detail = sup.client.get(f"{VISITS}/{visit['id']}").json()
    assert [a["text"] for a in detail["comment_answers"]] == ["已补充租房合同"]
    changes, _ = pull_all(other_sup.client)
    assert not [c for c in changes if c["entity"] in ("comment_answer", "review", "visit")]
