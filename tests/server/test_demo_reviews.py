"""The demo county's review stories (issue 15 item 5), over real HTTP on every backend: the
first counselor's visits in every state — draft, submitted, returned with comments and
answers, revised, approved — with photos and signatures the supervisor can download, and
undecided and decided flags; the supervisor's pull never carries the draft."""

from __future__ import annotations

import hashlib
from collections import Counter

import httpx

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server import demo


def _login(url: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30, trust_env=False,
                          headers={CLIENT_VERSION_HEADER: "0.1.0"})
    r = client.post("/api/v1/auth/login", json={"username": username, "password": password,
                                                "device_name": "demo"})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


def _pull(client: httpx.Client) -> dict[str, list[dict]]:
    records: dict[tuple[str, str], dict] = {}
    since = 0
    while True:
        page = client.get("/api/v1/sync/pull", params={"since": since, "limit": 500}).json()
        for change in page["changes"]:
            if change.get("record"):
                records[(change["entity"], change["entity_id"])] = change["record"]
        since = page["cursor"]
        if not page["has_more"]:
            break
    by_entity: dict[str, list[dict]] = {}
    for (entity, _), record in records.items():
        by_entity.setdefault(entity, []).append(record)
    return by_entity


def test_the_demo_county_has_a_visit_in_every_review_state(services, live_server):
    with services.sessions.begin() as s:
        logins = demo.seed(s, services.passwords, households=15, fixed_passwords=True,
                           storage=services.storage)
    passwords = {login.username: login.password for login in logins}
    counselor = _login(live_server.url, "counselor1", passwords["counselor1"])
    supervisor = _login(live_server.url, "supervisor", passwords["supervisor"])
    try:
        mine = _pull(counselor)
        states = Counter((v["status"], v["version"]) for v in mine["visit"]
                         if v["started_at"] and v["started_at"] >= "2026")
        assert states == Counter({("draft", 0): 1, ("submitted", 1): 1, ("returned", 1): 1,
                                  ("submitted", 2): 1, ("approved", 1): 1})

        seen = _pull(supervisor)
        assert "draft" not in {v["status"] for v in seen["visit"]}
        flags = Counter(f["status"] for f in seen["flag"])
        assert flags["open"] and flags["explained"] and flags["confirmed"] and \
            flags["dismissed"]
        assert {d["decision"] for d in seen["flag_decision"]} == {"confirm", "dismiss"}
        returns = [r for r in seen["review"] if r["decision"] == "return"]
        assert len(returns) == 2 and all(len(r["comments"]) == 3 for r in returns)
        member_comments = [c for r in returns for c in r["comments"] if c["member_id"]]
        assert len(member_comments) == 2
        assert len(seen["comment_answer"]) == 3
        kinds = Counter(a["doc_type"] for a in seen["attachment"])
        assert kinds["home_photo"] == 4 and kinds["signature_guardian"] == 4
        photo = next(a for a in seen["attachment"] if a["doc_type"] == "home_photo")
        got = supervisor.get(f"/api/v1/attachments/{photo['id']}/content")
        assert got.status_code == 200 and got.content.startswith(b"\x89PNG")
        assert hashlib.sha256(got.content).hexdigest() == photo["sha256"]
    finally:
        counselor.close()
        supervisor.close()
