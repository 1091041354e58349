"""Files follow scope, not hashes (issue 9 item 1), over real HTTP on every backend.

A counselor who once saw a file's SHA-256 must not get its bytes by naming the hash in an
attachment of another household, nor learn from the presence check that someone holds it.
"""

from __future__ import annotations

import os

from synchelp import attachment_payload, consent_payload, op, push, sha, upload, visit_payload

from homevisit.server.assignments import assign_household

PRESENCE = "/api/v1/attachments/presence"
UPLOADS = "/api/v1/attachments/uploads"


def test_a_hash_seen_elsewhere_opens_nothing_after_the_household_moved(
        actor, make_household, services):
    first = actor("counselor", team="a")
    successor = actor("counselor", team="a")
    old_household = make_household(first.username)
    own_household = make_household(first.username)
    photo = os.urandom(40_000)
    upload(first.client, photo, old_household)
    visit = visit_payload(old_household)
    meta = attachment_payload(old_household, visit["id"], sha(photo), len(photo))
    assert [r["status"] for r in push(first.client, [
        op("visit", visit), op("consent", consent_payload(visit)),
        op("attachment", meta)])] == ["applied"] * 3
    with services.sessions.begin() as s:  # the household goes to another counselor
        assign_household(s, old_household, successor.username, None, actor="test")

    # The first counselor still knows the hash; naming it in their own household fails.
    own_visit = visit_payload(own_household)
    forged = attachment_payload(own_household, own_visit["id"], sha(photo), len(photo))
    results = push(first.client, [op("visit", own_visit), op("attachment", forged)])
    assert results[0]["status"] == "applied"
    assert results[1]["status"] == "rejected"
    assert results[1]["reason"]["code"] == "missing_parent"
    assert first.client.get(f"/api/v1/attachments/{forged['id']}/content").status_code == 404
    assert first.client.get(f"/api/v1/attachments/{meta['id']}/content").status_code == 404
    # Nor does the server say it holds the file, for their household: they must send it.
    r = first.client.post(PRESENCE, json={"household_id": own_household,
                                          "sha256": [sha(photo)]})
    assert r.json()["missing"] == [sha(photo)]
    state = first.client.post(UPLOADS, json={"household_id": own_household,
                                             "sha256": sha(photo), "size": len(photo)}).json()
    assert not state["completed"] and state["offset"] == 0
    # The new counselor of the old household gets the bytes through its attachment.
    got = successor.client.get(f"/api/v1/attachments/{meta['id']}/content")
    assert got.status_code == 200 and got.content == photo


def test_sending_the_bytes_for_ones_own_household_is_what_grants_access(actor, make_household):
    one, other = actor("counselor"), actor("counselor")
    mine, theirs = make_household(one.username), make_household(other.username)
    photo = os.urandom(10_000)
    upload(other.client, photo, theirs)
    # Uploading for a household outside one's scope is refused as not found.
    r = one.client.post(UPLOADS, json={"household_id": theirs, "sha256": sha(photo),
                                       "size": len(photo)})
    assert r.status_code == 404
    r = one.client.post(PRESENCE, json={"household_id": theirs, "sha256": [sha(photo)]})
    assert r.json()["missing"] == [sha(photo)]
    # Holding the very same bytes and sending them for one's own household works.
    assert upload(one.client, photo, mine)["completed"]
    visit = visit_payload(mine)
    meta = attachment_payload(mine, visit["id"], sha(photo), len(photo))
    assert {r["status"] for r in push(one.client, [
        op("visit", visit), op("consent", consent_payload(visit)),
        op("attachment", meta)])} == {"applied"}
    assert one.client.get(f"/api/v1/attachments/{meta['id']}/content").content == photo


def test_presence_answers_only_for_the_callers_own_uploads(people, actor, make_household,
                                                          services):
    me, successor = actor("counselor"), actor("counselor")
    household = make_household(me.username)
    photo = os.urandom(5_000)
    upload(me.client, photo, household)
    ask = {"household_id": household, "sha256": [sha(photo)]}
    assert me.client.post(PRESENCE, json=ask).json()["missing"] == []
    spare_laptop = people.login(me.username, me.password, "counselor", device_name="spare")
    assert spare_laptop.client.post(PRESENCE, json=ask).json()["missing"] == []
    with services.sessions.begin() as s:
        assign_household(s, household, successor.username, None, actor="test")
    # Even for the same household, someone else's upload is not theirs to skip.
    assert successor.client.post(PRESENCE, json=ask).json()["missing"] == [sha(photo)]


def test_an_attachment_naming_a_visit_lies_in_that_visits_household(actor, make_household):
    me = actor("counselor")
    first, second = make_household(me.username), make_household(me.username)
    photo = os.urandom(2_000)
    upload(me.client, photo, second)
    visit = visit_payload(first)
    stray = attachment_payload(second, visit["id"], sha(photo), len(photo))
    results = push(me.client, [op("visit", visit), op("attachment", stray)])
    assert results[1]["status"] == "rejected"
    assert results[1]["reason"]["code"] == "missing_parent"
    assert "visit_id" in results[1]["reason"]["message"]


def test_only_roles_that_author_attachments_upload(actor, make_household):
    counselor = actor("counselor", team="a")
    household = make_household(counselor.username)
    body = {"household_id": household, "sha256": "a" * 64, "size": 10}
    for role in ("supervisor", "volunteer", "admin"):
        who = actor(role, team="a" if role != "admin" else None)
        assert who.client.post(UPLOADS, json=body).status_code == 403, role
        assert who.client.post(PRESENCE, json={"household_id": household,
                                               "sha256": ["a" * 64]}).status_code == 403, role
