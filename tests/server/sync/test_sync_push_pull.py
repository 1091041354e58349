"""Push and pull over real HTTP (uvicorn on loopback), on SQLite and PostgreSQL."""

from __future__ import annotations

from synchelp import (
    GUARDIAN_ID,
    consent_payload,
    new_id,
    op,
    pull_all,
    push,
    snapshot,
    version_payload,
    visit_payload,
)

from homevisit.server.roster import RosterRow, import_roster


def test_counselor_pushes_a_visit_and_pulls_it_back(actor, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    changes, cursor = pull_all(me.client)
    assert {c["entity"] for c in changes} >= {"household", "member", "assignment"}
    visit = visit_payload(household)
    [result] = push(me.client, [op("visit", visit)])
    assert result["status"] == "applied" and result["rev"] == 1
    changes, _ = pull_all(me.client, cursor)
    [change] = changes
    assert change["record"]["counselor"] == me.username
    assert change["record"]["answers"] == visit["answers"]


def test_replaying_a_batch_changes_nothing(actor, make_household, services):
    me = actor("counselor")
    household = make_household(me.username)
    visit = visit_payload(household, status="finalized", version=1)
    bad = visit_payload(new_id())  # a household that does not exist
    batch = [op("visit", visit), op("visit_version", version_payload(visit)),
             op("consent", consent_payload(visit)), op("visit", bad)]
    first = push(me.client, batch)
    assert [r["status"] for r in first] == ["applied", "applied", "applied", "rejected"]
    before = snapshot(services)
    assert push(me.client, batch) == first
    assert push(me.client, batch[1:3]) == first[1:3]
    assert snapshot(services) == before


def test_stale_base_rev_is_a_conflict_carrying_the_servers_copy(actor, make_household,
                                                                 services):
    me = actor("counselor")
    household = make_household(me.username)
    visit = visit_payload(household)
    push(me.client, [op("visit", visit)])
    edited = {**visit, "observations": "第二次编辑"}
    [second] = push(me.client, [op("visit", edited, base_rev=1)])
    assert (second["status"], second["rev"], second["server_record"]) == ("applied", 2, None)
    before = snapshot(services)
    [stale] = push(me.client, [op("visit", {**visit, "observations": "旧副本"}, base_rev=1)])
    assert stale["status"] == "conflict" and stale["rev"] == 2
    assert stale["server_record"]["observations"] == "第二次编辑"
    after = snapshot(services)
    assert after["visits"] == before["visits"] and after["changes"] == before["changes"]


def test_one_invalid_op_in_a_batch_of_100_is_rejected_alone(actor, make_household, services):
    me = actor("counselor")
    household = make_household(me.username)
    ops = [op("visit", visit_payload(household)) for _ in range(100)]
    ops[37]["payload"]["mode"] = "carrier pigeon"
    results = push(me.client, ops)
    statuses = [r["status"] for r in results]
    assert statuses.count("applied") == 99 and statuses[37] == "rejected"
    assert results[37]["reason"]["code"] == "invalid_record"
    assert "mode" in results[37]["reason"]["message"]
    assert "carrier" not in results[37]["reason"]["message"]
    changes, _ = pull_all(me.client)
    assert sum(c["entity"] == "visit" for c in changes) == 99


def test_each_kind_of_bad_op_is_rejected_with_its_code(actor, make_household):
    me = actor("counselor")
    other = actor("counselor")
    mine, theirs = make_household(me.username), make_household(other.username)
    visit = visit_payload(mine, status="finalized", version=1)
    push(me.client, [op("visit", visit)])
    cases = {
        "unknown_entity": op("spaceship", {"id": new_id()}),
        "not_allowed": op("review", {"id": new_id()}),
        "out_of_scope": op("visit", visit_payload(theirs)),
        "missing_parent": op("visit_version", version_payload(visit_payload(mine))),
        "illegal_transition": op("visit", {**visit, "status": "approved"}, base_rev=1),
        "unknown_record": op("member", None, operation="delete", entity_id=new_id()),
    }
    results = push(me.client, list(cases.values()))
    assert [r["reason"]["code"] for r in results] == list(cases)
    # A submitted visit cannot go back to draft; a stored version cannot change.
    version = version_payload(visit)
    push(me.client, [op("visit_version", version)])
    again = push(me.client, [op("visit", {**visit, "status": "draft"}, base_rev=1),
                             op("visit_version", {**version, "observations": "x"}, base_rev=1)])
    assert [r["reason"]["code"] for r in again] == ["illegal_transition", "immutable"]


def test_server_owned_fields_are_kept(actor, make_household):
    me = actor("counselor")
    make_household(me.username)
    changes, cursor = pull_all(me.client)
    record = next(c["record"] for c in changes if c["entity"] == "household")
    edited = {**record, "address": "西村 2 号", "assigned_counselor": "someone.else",
              "region_code": "320322"}
    [result] = push(me.client, [op("household", edited, base_rev=record["rev"])])
    assert result["status"] == "applied"
    [change] = [c for c in pull_all(me.client, cursor)[0] if c["entity"] == "household"]
    assert change["record"]["address"] == "西村 2 号"
    assert change["record"]["assigned_counselor"] == me.username
    assert change["record"]["region_code"] == "320321"


def test_pull_pages_and_scope(actor, make_household):
    me, other = actor("counselor"), actor("counselor")
    mine = make_household(me.username)
    theirs = make_household(other.username)
    push(me.client, [op("visit", visit_payload(mine)) for _ in range(25)])
    push(other.client, [op("visit", visit_payload(theirs)) for _ in range(5)])
    changes, cursor = pull_all(me.client, limit=7)
    households = {c["record"].get("household_id", c["entity_id"]) for c in changes}
    assert households == {mine}
    assert sum(c["entity"] == "visit" for c in changes) == 25
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    page = me.client.get("/api/v1/sync/pull", params={"since": cursor}).json()
    assert page == {"changes": [], "cursor": cursor, "has_more": False, "reset": False}


def test_pull_answers_reset_when_the_cursor_is_ahead_of_the_server(actor, make_household):
    me = actor("counselor")
    make_household(me.username)
    _, cursor = pull_all(me.client)
    page = me.client.get("/api/v1/sync/pull", params={"since": cursor + 1000}).json()
    assert page["reset"] is True and page["changes"] == []


def test_pull_answers_reset_when_the_change_log_was_pruned(actor, make_household, services):
    from sqlalchemy import delete, func, select

    from homevisit.server.models import Change

    me = actor("counselor")
    make_household(me.username)
    push(me.client, [op("visit", visit_payload(make_household(me.username)))])
    with services.sessions.begin() as s:
        newest = s.scalar(select(func.max(Change.seq)))
        s.execute(delete(Change).where(Change.seq < newest - 2))
    page = me.client.get("/api/v1/sync/pull", params={"since": 1}).json()
    assert page["reset"] is True
    assert me.client.get("/api/v1/sync/pull", params={"since": 0}).json()["reset"] is False


def test_roster_match_on_synced_visit_flags_flow_to_the_device(actor, make_household,
                                                               services):
    me = actor("counselor")
    household = make_household(me.username)
    _, cursor = pull_all(me.client)
    with services.sessions.begin() as s:
        import_roster(s, "payroll", [RosterRow(GUARDIAN_ID, "县教育局", "科员")], "2026-06")
    visit = visit_payload(household, status="finalized", version=1)
    push(me.client, [op("visit", visit), op("consent", consent_payload(visit, roster=True))])
    flags = [c for c in pull_all(me.client, cursor)[0] if c["entity"] == "flag"]
    assert len(flags) == 1
    flag = flags[0]["record"]
    assert flag["source"] == "roster" and flag["visit_id"] == visit["id"]
    assert GUARDIAN_ID not in str(flag) and "县教育局" in flag["evidence"]
    changes = pull_all(me.client)[0]
    assert not any(c["entity"] == "roster" for c in changes)


def test_an_op_the_database_refuses_is_rejected_alone(actor, make_household, services):
    """A second version 1 of one visit passes every check but the database's unique
    constraint: the batch is redone op by op and only that op is rejected. (A number too
    big for its column used to be the example; the protocol bounds refuse it now.)"""
    me = actor("counselor")
    household = make_household(me.username)
    visit = visit_payload(household, status="finalized", version=1)
    ops = [op("visit", visit_payload(household)), op("visit", visit),
           op("visit_version", version_payload(visit)),
           op("visit_version", version_payload(visit)),
           op("visit", visit_payload(household))]
    results = push(me.client, ops)
    assert [r["status"] for r in results] == ["applied"] * 3 + ["rejected"] + ["applied"]
    assert results[3]["reason"]["code"] == "integrity"
    before = snapshot(services)
    assert push(me.client, ops) == results
    assert snapshot(services) == before
    assert sum(c["entity"] == "visit" for c in pull_all(me.client)[0]) == 3


def test_a_refusal_met_in_the_middle_of_a_batch_loses_none_of_the_ops_before_it(
        actor, make_household, services):
    """The refused insert happens mid-batch, when an edit of a visit made earlier in the
    push writes the batch's new records: every op before it is still applied."""
    me = actor("counselor")
    household = make_household(me.username)
    first = visit_payload(household)
    visit = visit_payload(household, status="finalized", version=1)
    ops = [op("visit", first), op("visit", visit),
           op("visit_version", version_payload(visit)),
           op("visit_version", version_payload(visit)),
           op("visit", {**first, "observations": "同一次推送里改过"}, base_rev=1),
           op("visit", visit_payload(household))]
    results = push(me.client, ops)
    assert [(r["status"], r.get("rev")) for r in results] == [
        ("applied", 1), ("applied", 1), ("applied", 1), ("rejected", None), ("applied", 2),
        ("applied", 1)]
    assert results[3]["reason"]["code"] == "integrity"
    visits = {c["entity_id"]: c["record"] for c in pull_all(me.client)[0]
              if c["entity"] == "visit"}
    assert set(visits) == {first["id"], visit["id"], ops[5]["entity_id"]}
    assert visits[first["id"]]["observations"] == "同一次推送里改过"
    assert push(me.client, ops) == results


def test_volunteers_push_their_desks_cases_only(actor, world):
    mine, other_desk = actor("volunteer", team="a"), actor("volunteer", team="b")
    case = {"id": new_id(), "desk_id": world.desk_a, "loan_type": "first",
            "student_name": "李娜", "checklist": {"application_form": True},
            "volunteer": "someone.else"}
    [applied] = push(mine.client, [op("helpdesk_case", case)])
    assert applied["status"] == "applied"
    [refused] = push(other_desk.client, [op("helpdesk_case", {**case, "id": new_id()})])
    assert refused["reason"]["code"] == "out_of_scope"
    [record] = [c["record"] for c in pull_all(mine.client)[0] if c["entity"] == "helpdesk_case"]
    assert record["volunteer"] == mine.username
    assert pull_all(other_desk.client)[0] == []
    [not_theirs] = push(mine.client, [op("visit", visit_payload(new_id()))])
    assert not_theirs["reason"]["code"] == "not_allowed"


def test_a_counselor_who_loses_a_household_gets_its_tombstone(actor, make_household,
                                                              services):
    from homevisit.server.assignments import assign_household

    before, after = actor("counselor"), actor("counselor")
    household = make_household(before.username)
    push(before.client, [op("visit", visit_payload(household))])
    _, cursor = pull_all(before.client)
    with services.sessions.begin() as s:
        assign_household(s, household, after.username, None, actor="test")
    changes, cursor = pull_all(before.client, cursor)
    assert [(c["entity"], c["entity_id"], c["deleted"], c["record"]) for c in changes] == [
        ("household", household, True, None)]
    assert all(c["record"] is None for c in pull_all(before.client)[0])  # nothing of it
    taken = pull_all(after.client)[0]
    assert {c["entity"] for c in taken} >= {"household", "member", "visit", "assignment"}
    # Given back later: the household comes back with its records.
    with services.sessions.begin() as s:
        assign_household(s, household, before.username, None, actor="test")
    back = pull_all(before.client, cursor)[0]
    assert any(c["entity"] == "household" and not c["deleted"] for c in back)
    assert any(c["entity"] == "visit" for c in back)


def test_a_new_record_already_on_the_server_is_a_conflict_and_the_rest_apply(
        actor, make_household, services):
    """New-record ops (rev 0) are inserted without looking their ids up first; when one is
    on the server after all (sent again under a new op id, or forged), the batch is applied
    again with every record looked up: that op is a conflict with the server's copy, one
    in another counselor's household is out of scope, and the others apply once."""
    me, other = actor("counselor"), actor("counselor")
    household, elsewhere = make_household(me.username), make_household(other.username)
    mine, theirs = visit_payload(household), visit_payload(elsewhere)
    push(me.client, [op("visit", mine)])
    push(other.client, [op("visit", theirs)])
    fresh = [visit_payload(household) for _ in range(30)]
    before = snapshot(services)
    results = push(me.client, [op("visit", fresh[0]),
                               op("visit", {**mine, "observations": "又一次"}),
                               op("visit", {**theirs, "household_id": household}),
                               *[op("visit", v) for v in fresh[1:]]])
    assert [r["status"] for r in results] == \
        ["applied", "conflict", "rejected"] + ["applied"] * 29
    assert results[1]["rev"] == 1 and results[1]["server_record"]["observations"] == "家中整洁"
    assert results[2]["reason"]["code"] == "out_of_scope"
    after = snapshot(services)
    assert len(after["visits"]) == len(before["visits"]) + 30
    assert len(after["changes"]) == len(before["changes"]) + 30
