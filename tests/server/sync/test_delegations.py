"""Joint and delegated visits on a real server over HTTP (issue 19, item 3): who may ask and
answer, the delegate sees the household only while the delegation is active, the visit goes
to the delegating office's review queue, and approval ends the delegate's access."""

from __future__ import annotations

import json

from synchelp import new_id, op, pull_all, push, visit_payload


def _delegation(household_id: str, delegate: str, kind: str = "office", **extra):
    return {"id": new_id(), "household_id": household_id, "kind": kind,
            "delegate": delegate, **extra}


def push_raw(client, ops):
    """A push whose JSON text escapes what httpx would refuse to encode (lone surrogates)."""
    r = client.post("/api/v1/sync/push", content=json.dumps({"ops": ops}),
                    headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _households(changes) -> dict[str, bool]:
    """household id → deleted, as the last change of each says."""
    return {c["entity_id"]: c["deleted"] for c in changes if c["entity"] == "household"}


def test_office_delegation_reaches_the_delegating_queue_and_ends_at_approval(
        actor, make_household):
    counselor = actor("counselor", team="a")
    home_office = actor("supervisor", team="a")
    other_office = actor("supervisor", team="b")  # another county's aid office
    their_counselor = actor("counselor", team="b")
    household_id = make_household(counselor.username)

    # 委托家访: the home office asks the other county's office.
    delegation = _delegation(household_id, other_office.username, note="该户暂住沛县")
    [r] = push(home_office.client, [op("delegation", delegation)])
    assert r["status"] == "applied", r
    changes, _ = pull_all(their_counselor.client)
    assert household_id not in _households(changes)  # not theirs until assigned

    # The other office gets the request, not the family's data, until it accepts.
    changes, _ = pull_all(other_office.client)
    assert household_id not in _households(changes)
    assert not any(c["entity"] == "member" for c in changes)
    r = other_office.client.post("/api/v1/sync/scope", json={"household_ids": [household_id]})
    assert r.json()["out_of_scope"] == [household_id]
    [stored] = [c["record"] for c in changes if c["entity"] == "delegation"]
    assert stored["requested_by"] == home_office.username
    assert stored["delegating_office"] == "team-a"
    [r] = push(other_office.client, [op("delegation", {
        **stored, "status": "accepted", "assignee": their_counselor.username},
        base_rev=stored["rev"])])
    assert r["status"] == "applied", r

    changes, cursor = pull_all(their_counselor.client)
    assert _households(changes) == {household_id: False}
    assert any(c["entity"] == "member" for c in changes)

    # Their counselor visits and submits; the visit names every visitor and the office.
    visit = visit_payload(household_id, status="finalized", version=1,
                          visitors=[their_counselor.username, "王老师"],
                          delegated_by_office="team-a")
    [r] = push(their_counselor.client, [op("visit", visit)])
    assert r["status"] == "applied", r

    queue = home_office.client.get("/api/v1/review/visits", params={"status": "submitted"})
    assert [v["id"] for v in queue.json()["items"]] == [visit["id"]]
    detail = home_office.client.get(f"/api/v1/review/visits/{visit['id']}").json()
    assert detail["visit"]["visitors"] == [their_counselor.username, "王老师"]
    assert detail["visit"]["delegated_by_office"] == "team-a"
    assert detail["visit"]["counselor"] == their_counselor.username

    # The office asked to visit sees the household but does not review its visit.
    listed = other_office.client.get("/api/v1/review/visits").json()["items"]
    assert visit["id"] not in [v["id"] for v in listed]
    r = other_office.client.post(f"/api/v1/review/visits/{visit['id']}/decision",
                                 json={"decision": "approve", "version": 1})
    assert r.status_code == 404, r.text
    [r] = push(other_office.client, [op("review", {
        "id": new_id(), "visit_id": visit["id"], "household_id": household_id,
        "visit_version": 1, "reviewer": other_office.username, "decision": "approve"})])
    assert r["reason"]["code"] == "not_reviewable", r
    r = home_office.client.post(f"/api/v1/review/visits/{visit['id']}/decision",
                                json={"decision": "approve", "version": 1})
    assert r.status_code == 200, r.text

    # Approved: the delegate's next pull says the household is gone; nothing more goes in.
    changes, _ = pull_all(their_counselor.client, since=cursor)
    assert _households(changes) == {household_id: True}
    r = their_counselor.client.post("/api/v1/sync/scope", json={"household_ids": [household_id]})
    assert r.json()["out_of_scope"] == [household_id]
    [r] = push(their_counselor.client, [op("visit", visit_payload(household_id))])
    assert r["reason"]["code"] == "out_of_scope"
    changes, _ = pull_all(home_office.client)
    [ended] = [c["record"] for c in changes if c["entity"] == "delegation"]
    assert ended["status"] == "ended" and ended["ended_at"]


def test_joint_visit_by_a_colleague_and_who_may_answer(actor, make_household):
    counselor = actor("counselor", team="a")
    colleague = actor("counselor", team="a")
    stranger = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    delegation = _delegation(household_id, colleague.username, kind="joint")
    [r] = push(counselor.client, [op("delegation", delegation)])
    assert r["status"] == "applied", r

    # Only the colleague named answers; a third counselor does not even see it.
    [r] = push(stranger.client, [op("delegation", {**delegation, "status": "accepted"},
                                    base_rev=1)])
    assert r["reason"]["code"] == "out_of_scope"
    [r] = push(counselor.client, [op("delegation", {**delegation, "status": "accepted"},
                                     base_rev=1)])
    assert r["reason"]["code"] == "not_allowed"
    [r] = push(colleague.client, [op("delegation", {**delegation, "status": "declined"},
                                     base_rev=1)])
    assert r["reason"]["code"] == "invalid_record"  # a decline needs its reason
    [r] = push(colleague.client, [op("delegation", {
        **delegation, "status": "declined", "decline_reason": "当天有课"}, base_rev=1)])
    assert r["status"] == "applied", r

    # Declined: the colleague never had the family's data; the requester reads why.
    changes, _ = pull_all(colleague.client)
    assert household_id not in _households(changes)
    assert {c["entity"] for c in changes} == {"delegation"}
    changes, _ = pull_all(counselor.client)
    [back] = [c["record"] for c in changes if c["entity"] == "delegation"]
    assert back["status"] == "declined" and back["decline_reason"] == "当天有课"
    [r] = push(colleague.client, [op("delegation", {**delegation, "status": "accepted"},
                                     base_rev=2)])
    assert r["reason"]["code"] == "illegal_transition"  # a decline is final


def test_a_pending_request_opens_nothing_of_the_household(actor, make_household):
    """Answering in the same push as a write to the household: the write is refused."""
    counselor = actor("counselor", team="a")
    colleague = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    delegation = _delegation(household_id, colleague.username, kind="instead")
    push(counselor.client, [op("delegation", delegation)])
    answer = op("delegation", {**delegation, "status": "declined", "decline_reason": "没空"},
                base_rev=1)
    sneaky = op("visit", visit_payload(household_id))
    results = push(colleague.client, [answer, sneaky])
    assert [r["status"] for r in results] == ["applied", "rejected"], results
    assert results[1]["reason"]["code"] == "out_of_scope"


def test_bad_delegation_requests_are_refused(actor, make_household):
    counselor = actor("counselor", team="a")
    colleague = actor("counselor", team="a")
    supervisor = actor("supervisor", team="a")
    other = actor("counselor", team="a")
    household_id = make_household(counselor.username)
    not_mine = make_household(other.username)
    cases = [
        (counselor, _delegation(household_id, counselor.username, kind="joint"),
         "invalid_record"),  # oneself
        (counselor, _delegation(household_id, supervisor.username, kind="instead"),
         "invalid_record"),  # a joint or substitute visit is a counselor's
        (counselor, _delegation(household_id, "nobody-here", kind="joint"), "invalid_record"),
        (counselor, _delegation(household_id, supervisor.username), "not_allowed"),  # office
        (counselor, _delegation(not_mine, colleague.username, kind="joint"), "out_of_scope"),
        (counselor, _delegation(household_id, colleague.username, kind="joint",
                                status="accepted"), "illegal_transition"),
        (counselor, _delegation(household_id, colleague.username, kind="joint",
                                assignee=other.username), "invalid_record"),
        (counselor, _delegation(household_id, "x\x00y", kind="joint"), "invalid_record"),
        (counselor, _delegation(household_id, colleague.username, kind="joint",
                                note="\ud800"), "invalid_record"),
        (counselor, _delegation(household_id, colleague.username, kind="joint",
                                note="长" * 5000), "invalid_record"),
    ]
    for who, payload, code in cases:
        [r] = push_raw(who.client, [op("delegation", payload)])
        assert r["status"] == "rejected" and r["reason"]["code"] == code, (payload, r)

    # A delegate never delegates further; server-owned fields are the server's.
    delegation = _delegation(household_id, colleague.username, kind="joint",
                             requested_by=other.username, delegating_office="forged")
    [r] = push(counselor.client, [op("delegation", delegation)])
    assert r["status"] == "applied", r
    changes, _ = pull_all(colleague.client)
    [stored] = [c["record"] for c in changes if c["entity"] == "delegation"]
    assert stored["requested_by"] == counselor.username
    assert stored["delegating_office"] == "team-a"
    [r] = push(colleague.client, [op("delegation", _delegation(
        household_id, other.username, kind="joint"))])
    assert r["reason"]["code"] == "out_of_scope"
