"""Attachment presence, resumable chunked upload and download over real HTTP."""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import select, update
from synchelp import (
    CHUNK,
    attachment_payload,
    consent_payload,
    op,
    push,
    send_chunk,
    sha,
    snapshot,
    upload,
    visit_payload,
)

from homevisit.server.models import Blob, UploadSession

UPLOADS = "/api/v1/attachments/uploads"


def _open(client, data: bytes, household: str) -> dict:
    r = client.post(UPLOADS, json={"household_id": household, "sha256": sha(data),
                                   "size": len(data)})
    assert r.status_code == 201, r.text
    return r.json()


def test_presence_then_resumable_upload(actor, services, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    data = os.urandom(3 * CHUNK + 123)
    other = os.urandom(100)
    r = me.client.post("/api/v1/attachments/presence",
                       json={"household_id": household, "sha256": [sha(data), sha(other)]})
    assert r.json() == {"missing": [sha(data), sha(other)]}
    state = _open(me.client, data, household)
    upload_id = state["upload_id"]
    assert send_chunk(me.client, upload_id, 0, data[:CHUNK]).json()["offset"] == CHUNK
    # The app restarts: it asks where to resume, and opening again gives the same session.
    assert me.client.get(f"{UPLOADS}/{upload_id}").json()["offset"] == CHUNK
    assert _open(me.client, data, household)["upload_id"] == upload_id
    state = upload(me.client, data, household)
    assert state["completed"] and state["offset"] == len(data)
    r = me.client.post("/api/v1/attachments/presence",
                       json={"household_id": household, "sha256": [sha(data), sha(other)]})
    assert r.json() == {"missing": [sha(other)]}
    again = _open(me.client, data, household)
    assert again["completed"] and again["upload_id"] is None
    with services.sessions() as s:
        assert s.get(Blob, sha(data)).size == len(data)


def test_offset_mismatch_is_409_and_nothing_written(actor, services, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    data = os.urandom(2 * CHUNK)
    upload_id = _open(me.client, data, household)["upload_id"]
    send_chunk(me.client, upload_id, 0, data[:CHUNK])
    before = snapshot(services)
    for wrong in (0, CHUNK + 10):
        r = send_chunk(me.client, upload_id, wrong, data[wrong:wrong + 100])
        assert r.status_code == 409 and r.json()["error"]["code"] == "offset_mismatch"
    assert me.client.get(f"{UPLOADS}/{upload_id}").json()["offset"] == CHUNK
    assert snapshot(services) == before


def test_chunk_checksum_mismatch_stores_nothing(actor, services, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    data = os.urandom(2 * CHUNK)
    upload_id = _open(me.client, data, household)["upload_id"]
    r = send_chunk(me.client, upload_id, 0, data[:CHUNK], checksum=sha(b"something else"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "checksum_mismatch"
    assert me.client.get(f"{UPLOADS}/{upload_id}").json()["offset"] == 0
    assert services.storage.upload_size(upload_id) == 0


def test_final_hash_mismatch_refuses_the_upload(actor, services, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    data = os.urandom(CHUNK + 10)
    claimed = sha(b"not these bytes")
    r = me.client.post(UPLOADS, json={"household_id": household, "sha256": claimed,
                                      "size": len(data)})
    upload_id = r.json()["upload_id"]
    assert send_chunk(me.client, upload_id, 0, data[:CHUNK]).status_code == 200
    r = send_chunk(me.client, upload_id, CHUNK, data[CHUNK:])
    assert r.status_code == 422 and r.json()["error"]["code"] == "checksum_mismatch"
    assert me.client.get(f"{UPLOADS}/{upload_id}").status_code == 404
    assert me.client.post("/api/v1/attachments/presence", json={
        "household_id": household, "sha256": [claimed]}).json()["missing"] == [claimed]
    assert not services.storage.has(claimed)
    assert not any((services.storage.root / "uploads").iterdir())


def test_expired_upload_is_410_and_purged(actor, services, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    data = os.urandom(100)
    upload_id = _open(me.client, data, household)["upload_id"]
    with services.sessions.begin() as s:
        s.execute(update(UploadSession).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    r = send_chunk(me.client, upload_id, 0, data)
    assert r.status_code == 410 and r.json()["error"]["code"] == "upload_expired"
    assert _open(me.client, data, household)["upload_id"] != upload_id  # a fresh session
    with services.sessions() as s:
        assert s.execute(select(UploadSession.id)).scalars().all() != [upload_id]
        assert s.get(UploadSession, upload_id) is None


def test_uploads_belong_to_their_device(actor, make_household):
    me, other = actor("counselor"), actor("counselor")
    household = make_household(me.username)
    data = os.urandom(100)
    upload_id = _open(me.client, data, household)["upload_id"]
    assert other.client.get(f"{UPLOADS}/{upload_id}").status_code == 404
    assert send_chunk(other.client, upload_id, 0, data).status_code == 404


def test_bad_names_and_sizes_are_refused(actor, make_household):
    me = actor("counselor")
    for path in (f"{UPLOADS}/..%2F..%2Fetc%2Fpasswd", f"{UPLOADS}/../../etc/passwd",
                 "/api/v1/attachments/..%2Fblobs/content"):
        r = me.client.get(path)
        assert r.status_code in (404, 422), path
    household = make_household(me.username)
    r = me.client.post(UPLOADS, json={"household_id": household,
                                      "sha256": "../../../../etc/passwd", "size": 10})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    visit = visit_payload(household)
    meta = attachment_payload(household, visit["id"], sha(b"x"), 1, name="../../etc/passwd")
    results = push(me.client, [op("visit", visit), op("attachment", meta)])
    assert results[1]["reason"]["code"] == "invalid_record"
    # A chunk over the body limit (1 MiB in tests) is 413 with a code.
    data = os.urandom(2 * 1024 * 1024)
    upload_id = _open(me.client, data, household)["upload_id"]
    r = send_chunk(me.client, upload_id, 0, data)
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    assert me.client.get(f"{UPLOADS}/{upload_id}").json()["offset"] == 0


def test_download_is_scoped(actor, make_household):
    me = actor("counselor", team="a")
    other_counselor = actor("counselor", team="a")
    supervisor, far_supervisor = actor("supervisor", team="a"), actor("supervisor", team="b")
    volunteer = actor("volunteer", team="a")
    household = make_household(me.username)
    data = os.urandom(CHUNK + 5)
    upload(me.client, data, household)
    visit = visit_payload(household)
    meta = attachment_payload(household, visit["id"], sha(data), len(data))
    push(me.client, [op("visit", visit), op("consent", consent_payload(visit)),
                     op("attachment", meta)])
    url = f"/api/v1/attachments/{meta['id']}/content"
    for who in (me, supervisor):
        r = who.client.get(url)
        assert r.status_code == 200 and r.content == data
        assert r.headers["content-type"] == "image/jpeg"
    assert other_counselor.client.get(url).status_code == 404
    assert far_supervisor.client.get(url).status_code == 404
    assert volunteer.client.get(url).status_code == 403
