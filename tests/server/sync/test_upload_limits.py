"""Uploads bounded (issue 9 item 7), over real HTTP on every backend: per-device limits on
open uploads and bytes in flight; expired uploads swept on a schedule; blobs that no
attachment names any more collected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time

import httpx
from sqlalchemy import select, update
from synchelp import (
    attachment_payload,
    consent_payload,
    op,
    push,
    send_chunk,
    sha,
    upload,
    visit_payload,
)

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.protocol.uploads import MAX_ATTACHMENT_BYTES
from homevisit.server.app import create_app
from homevisit.server.cli import main as server_cli
from homevisit.server.models import Blob, BlobUpload, UploadSession

UPLOADS = "/api/v1/attachments/uploads"


def _open(client, household: str, data: bytes | None = None, size: int | None = None):
    data = data if data is not None else os.urandom(16)
    return client.post(UPLOADS, json={"household_id": household, "sha256": sha(data),
                                      "size": size or len(data)})


def test_a_device_holds_a_bounded_number_of_open_uploads(actor, make_household, settings):
    me, other = actor("counselor"), actor("counselor")
    mine, theirs = make_household(me.username), make_household(other.username)
    for _ in range(settings.max_open_uploads):
        assert _open(me.client, mine).status_code == 201
    r = _open(me.client, mine)
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "too_many_uploads"
    assert int(r.headers["Retry-After"]) > 0
    assert _open(other.client, theirs).status_code == 201  # the limit is per device


def test_a_device_holds_a_bounded_number_of_bytes_in_flight(actor, make_household, settings):
    me = actor("counselor")
    household = make_household(me.username)
    fits = settings.max_upload_bytes_in_flight // MAX_ATTACHMENT_BYTES
    for _ in range(fits):
        assert _open(me.client, household, size=MAX_ATTACHMENT_BYTES).status_code == 201
    r = _open(me.client, household, size=MAX_ATTACHMENT_BYTES)
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_uploads"
    assert _open(me.client, household, size=1024).status_code == 201


def _expire_everything(services) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    with services.sessions.begin() as s:
        s.execute(update(UploadSession).values(expires_at=past))
        s.execute(update(BlobUpload).values(created_at=past))
        s.execute(update(Blob).values(created_at=past))


def test_expired_uploads_are_swept_on_a_schedule(settings, services, people, make_household,
                                                 start_server):
    me = people.actor("counselor")
    household = make_household(me.username)
    data = os.urandom(1000)
    upload_id = _open(me.client, household, data).json()["upload_id"]
    assert send_chunk(me.client, upload_id, 0, data[:100]).status_code == 200
    assert services.storage.upload_size(upload_id) == 100
    _expire_everything(services)
    # A second server process over the same database, with the sweep every 50 ms; nobody
    # opens a new upload, so only the schedule can clean up.
    swept = dataclasses.replace(settings, sweep_interval=dt.timedelta(milliseconds=50))
    server = start_server(create_app(swept, services), lifespan="on")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with services.sessions() as s:
            if s.get(UploadSession, upload_id) is None:
                break
        time.sleep(0.05)
    with services.sessions() as s:
        assert s.get(UploadSession, upload_id) is None
    assert not (services.storage.root / "uploads" / upload_id).exists()
    r = httpx.get(f"{server.url}/api/v1/me", headers={  # and it still serves
        "Authorization": f"Bearer {me.access_token}", CLIENT_VERSION_HEADER: "0.1.0"})
    assert r.status_code == 200


def test_blobs_no_attachment_names_are_collected(actor, make_household, services, settings,
                                                 capsys):
    me = actor("counselor")
    household = make_household(me.username)
    kept, dropped, never_named = os.urandom(3000), os.urandom(3000), os.urandom(3000)
    for data in (kept, dropped, never_named):
        upload(me.client, data, household)
    visit = visit_payload(household)
    metas = [attachment_payload(household, visit["id"], sha(d), len(d)) for d in (kept, dropped)]
    push(me.client, [op("visit", visit), op("consent", consent_payload(visit)),
                     *(op("attachment", m) for m in metas)])
    push(me.client, [op("attachment", None, operation="delete", entity_id=metas[1]["id"],
                        base_rev=1)])
    _expire_everything(services)
    argv = ["--database-url", settings.database_url, "--storage-dir", str(settings.storage_dir),
            "sweep"]
    assert server_cli(argv) == 0
    assert "blobs collected 2" in capsys.readouterr().out
    with services.sessions() as s:
        assert set(s.execute(select(Blob.sha256)).scalars()) == {sha(kept)}
    assert services.storage.has(sha(kept))
    assert not services.storage.has(sha(dropped)) and not services.storage.has(sha(never_named))
    assert me.client.get(f"/api/v1/attachments/{metas[0]['id']}/content").content == kept
