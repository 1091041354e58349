"""The issue's Must-show over real HTTP: admin seeds; a counselor's device registers and
pulls its households; pushes a visit with two attachments (chunked uploads); a supervisor
returns it with a comment; the device pulls the return — then revises, and the supervisor
decides the flag and approves."""

from __future__ import annotations

import os

import httpx
from synchelp import (
    attachment_payload,
    consent_payload,
    op,
    pull_all,
    push,
    sha,
    upload,
    version_payload,
    visit_payload,
)

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.demo import seed
from homevisit.server.roster import RosterRow, import_roster


def _login(url: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, headers={CLIENT_VERSION_HEADER: "0.1.0"},
                          trust_env=False, timeout=30)
    r = client.post("/api/v1/auth/login", json={"username": username, "password": password,
                                                "device_name": "家访笔记本"})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


def test_visit_round_trip_with_attachments_review_and_return(services, live_server):
    with services.sessions.begin() as s:
        logins = {x.username: x for x in seed(s, services.passwords, households=24)}
    counselor = logins["counselor1"]
    device = _login(live_server.url, counselor.username, counselor.password)
    supervisor = next(x for x in logins.values() if x.role.value == "supervisor")
    desk = _login(live_server.url, supervisor.username, supervisor.password)

    changes, cursor = pull_all(device, limit=50)
    households = [c["record"] for c in changes if c["entity"] == "household"]
    assert households and all(h["assigned_counselor"] == "counselor1" for h in households)
    household = households[0]["id"]
    guardian = next(c["record"] for c in changes if c["entity"] == "member"
                    and c["record"]["household_id"] == household and c["record"]["is_guardian"])
    with services.sessions.begin() as s:  # the guardian is on the payroll roster
        import_roster(s, "payroll", [RosterRow(guardian["id_number"], "某镇人民政府", "科员")],
                      batch="2026-06")

    photos = [os.urandom(150_000), os.urandom(70_000)]
    hashes = [sha(p) for p in photos]
    missing = device.post("/api/v1/attachments/presence",
                          json={"household_id": household, "sha256": hashes}).json()
    assert missing["missing"] == hashes
    for photo in photos:
        assert upload(device, photo, household, chunk=32 * 1024)["completed"]
    visit = visit_payload(household, status="finalized", version=1)
    metas = [attachment_payload(household, visit["id"], sha(p), len(p), name=f"照片{i}.jpg")
             for i, p in enumerate(photos)]
    results = push(device, [op("visit", visit), op("visit_version", version_payload(visit)),
                            op("consent", consent_payload(visit, roster=True)),
                            *(op("attachment", m) for m in metas)])
    assert {r["status"] for r in results} == {"applied"}

    listed = desk.get("/api/v1/review/visits", params={"status": "submitted"}).json()
    # Besides the demo county's own submitted visits (demo_reviews), the one just pushed.
    assert visit["id"] in [v["id"] for v in listed["items"]]
    detail = desk.get(f"/api/v1/review/visits/{visit['id']}").json()
    assert detail["visit"]["status"] == "submitted" and len(detail["versions"]) == 1
    assert sorted(a["sha256"] for a in detail["attachments"]) == sorted(hashes)
    got = desk.get(f"/api/v1/attachments/{metas[0]['id']}/content")
    assert got.status_code == 200 and got.content == photos[0]
    comment = {"field": "answers.income", "text": "请补充务工收入证明"}
    r = desk.post(f"/api/v1/review/visits/{visit['id']}/decision",
                  json={"decision": "return", "version": 1, "comments": [comment]})
    assert r.status_code == 200, r.text

    changes, cursor = pull_all(device, cursor)
    by_entity = {c["entity"]: c["record"] for c in changes}
    assert by_entity["visit"]["status"] == "returned"
    assert by_entity["review"]["decision"] == "return"
    [stored] = by_entity["review"]["comments"]
    assert {k: stored[k] for k in comment} == comment and len(stored["id"]) == 36
    assert by_entity["review"]["reviewer"] == supervisor.username

    # The counselor revises: a new finalized version goes back for review.
    revised = {**visit, "version": 2, "observations": "已补充收入证明"}
    results = push(device, [op("visit", revised, base_rev=by_entity["visit"]["rev"]),
                            op("visit_version", version_payload(revised, version=2))])
    assert {r["status"] for r in results} == {"applied"}
    detail = desk.get(f"/api/v1/review/visits/{visit['id']}").json()
    undecided = [f for f in detail["flags"] if f["status"] in ("open", "explained")]
    assert any(f["source"] == "roster" and f["visit_id"] == visit["id"] for f in undecided)
    for flag in undecided:
        r = desk.post(f"/api/v1/review/visits/{visit['id']}/decision",
                      json={"decision": "approve", "version": 2})
        assert r.status_code == 409 and r.json()["error"]["code"] == "open_flags"
        r = desk.post(f"/api/v1/review/flags/{flag['id']}/decision",
                      json={"decision": "dismiss", "reason": "已退休，非财政供养"})
        assert r.status_code == 200 and r.json()["status"] == "dismissed"
    r = desk.post(f"/api/v1/review/visits/{visit['id']}/decision",
                  json={"decision": "approve", "version": 2})
    assert r.status_code == 200, r.text
    changes, _ = pull_all(device, cursor)
    assert [c["record"]["status"] for c in changes if c["entity"] == "visit"] == ["approved"]
    device.close()
    desk.close()
