"""Admin endpoints over HTTP: assignments run the roster match, every admin action is
audited, and an unexpected crash still answers with the error body and protocol header."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sync.synchelp import consent_payload, op, push, visit_payload

from homevisit.ids import id_check_character
from homevisit.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.server.models import AuditEvent, Flag, Household, Member
from homevisit.server.roster import RosterRow, import_roster


def guardian_id() -> str:
    first17 = "32032119791231005"
    return first17 + id_check_character(first17)


def test_roster_flags_only_after_a_synced_consent_authorises_and_go_when_withdrawn(
        actor, people, services, world):
    admin = actor("admin", team=None)
    counselor = actor("counselor", team="a")
    household_id, member_id = str(uuid.uuid4()), str(uuid.uuid4())
    with services.sessions.begin() as s:
        s.add(Household(id=household_id, region_code="320321", rev=1))
        s.flush()
        s.add(
            Member(
                id=member_id,
                household_id=household_id,
                name="某家长",
                relation="father",
                id_number=guardian_id(),
                is_guardian=True,
                rev=1,
            )
        )
        import_roster(
            s,
            "market_register",
            [RosterRow(guardian_id(), "某某科技有限公司", "法定代表人")],
            batch="2026-06",
        )
    r = admin.client.post(
        "/api/v1/admin/assignments",
        json={
            "household_id": household_id,
            "counselor": counselor.username,
            "due_date": "2026-09-01",
        },
    )
    # No synced consent carries the written authorisation yet: no roster match.
    assert r.status_code == 200 and r.json()["flags_raised"] == 0
    with services.sessions() as s:
        assert s.execute(select(Flag)).first() is None
        assert s.get(Household, household_id).assigned_counselor == counselor.username
    # The counselor's visit syncs with a consent authorising roster checks: now it matches.
    visit = visit_payload(household_id)
    consent = consent_payload(visit, roster=True)
    assert [r["status"] for r in push(counselor.client, [op("visit", visit),
                                                         op("consent", consent)])] == [
        "applied", "applied"]
    with services.sessions() as s:
        flag = s.execute(select(Flag)).scalar_one()
        assert (flag.member_id, flag.category) == (member_id, "corporate_officer")
        assert "法定代表人" in flag.evidence and guardian_id() not in flag.evidence
    pulled = counselor.client.get("/api/v1/sync/pull", params={"since": 0}).json()
    entities = {c["entity"] for c in pulled["changes"]}
    assert {"household", "member", "assignment", "flag"} <= entities
    assert guardian_id() not in str([c for c in pulled["changes"] if c["entity"] == "flag"])
    # The guardian withdraws the authorisation: the roster result goes, devices drop it.
    [result] = push(counselor.client, [op("consent", {**consent, "roster_check_authorised": False},
                                          base_rev=1)])
    assert result["status"] == "applied"
    with services.sessions() as s:
        assert s.execute(select(Flag.deleted)).scalar_one() is True
    again = counselor.client.get("/api/v1/sync/pull", params={"since": pulled["cursor"]}).json()
    assert [(c["entity"], c["deleted"]) for c in again["changes"]
            if c["entity"] == "flag"] == [("flag", True)]
    # assigning to someone who is not a counselor is refused and changes nothing
    r = admin.client.post(
        "/api/v1/admin/assignments",
        json={"household_id": household_id, "counselor": admin.username},
    )
    assert r.status_code == 422


def test_every_admin_change_is_audited(actor, services):
    admin = actor("admin", team=None)
    c = admin.client
    steps = [
        (
            c.post,
            "/api/v1/admin/regions",
            {"code": "320324", "name": "睢宁县", "parent_code": "320300"},
            "region.add",
        ),
        (c.post, "/api/v1/admin/teams", {"name": "睢宁组", "region_code": "320324"}, "team.add"),
        (
            c.post,
            "/api/v1/admin/users",
            {
                "username": "newbie",
                "password": "long-password",
                "role": "counselor",
                "team": "睢宁组",
            },
            "user.add",
        ),
        (
            c.post,
            "/api/v1/admin/users/newbie/password",
            {"password": "other-password"},
            "user.passwd",
        ),
        (c.post, "/api/v1/admin/users/newbie/disable", None, "user.disable"),
        (c.put, "/api/v1/admin/policies/retention_days", {"value": 60}, "policy.set"),
    ]
    for call, url, body, action in steps:
        r = call(url, json=body) if body is not None else call(url)
        assert r.status_code < 300, (url, r.text)
        latest = c.get("/api/v1/admin/audit", params={"limit": 1}).json()[0]
        assert (latest["action"], latest["actor"], latest["role"]) == (
            action,
            admin.username,
            "admin",
        )
    with services.sessions() as s:
        details = [e.detail for e in s.execute(select(AuditEvent)).scalars()]
    assert "long-password" not in str(details) and "other-password" not in str(details)


def test_a_crash_still_answers_with_the_error_body_and_header(app, live_server, anon):
    def explode() -> None:
        raise RuntimeError("secret 320321197912310051 must not leak")

    app.add_api_route("/api/v1/test-explode", explode, methods=["GET"])
    r = anon.get("/api/v1/test-explode")
    assert r.status_code == 500
    assert r.headers[PROTOCOL_HEADER] == PROTOCOL_VERSION
    assert r.json()["error"]["code"] == "internal"
    assert "3203" not in r.text


def test_an_exhausted_connection_pool_is_a_503_to_retry_not_a_500(app, live_server, anon):
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    def busy() -> None:
        raise PoolTimeout("QueuePool limit reached")

    app.add_api_route("/api/v1/test-busy", busy, methods=["GET"])
    r = anon.get("/api/v1/test-busy")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "server_busy"
    assert int(r.headers["Retry-After"]) > 0
