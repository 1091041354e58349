"""Attachments over real HTTP: presence check, a 20 MB upload interrupted and resumed
(at most one chunk sent again), corrupted chunks re-sent and never stored, and downloads
for review kept encrypted in the vault."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from sqlalchemy import select
from synckit import photo_consent

from homevisit import outbox
from homevisit.model import Attachment
from homevisit.server.models import Attachment as ServerAttachment
from homevisit.server.models import Blob
from homevisit.sync.attachments import MAX_CHUNK_BYTES
from homevisit.sync.engine import SyncEngine
from homevisit.sync.progress import Phase


def add_attachment(device, household_id: str, data: bytes) -> str:
    stored = device.vault.put_stream(io.BytesIO(data))

    def record(session):
        photo_consent(session, household_id)
        row = Attachment(household_id=household_id, doc_type="home_photo", mime="image/jpeg",
                         size=stored.size, sha256=stored.sha256, vault_file_id=stored.file_id,
                         file_key=stored.key, original_name="photo.jpg")
        outbox.save(session, row)
        return row.id

    return device.store.run(record)


class Crash(Exception):
    """Stands in for the app being killed between two chunks."""


def test_interrupted_20mb_upload_resumes_and_resends_at_most_one_chunk(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    data = os.urandom(20 * 1024 * 1024)
    attachment_id = add_attachment(d, household, data)
    chunks_seen = []

    def crash_after_two_chunks(progress):
        if progress.phase is Phase.UPLOADING and progress.bytes_done:
            chunks_seen.append(progress.bytes_done)
            if len(chunks_seen) == 2:
                raise Crash()

    with pytest.raises(Crash):
        d.engine.run(crash_after_two_chunks)
    row = d.store.run(lambda s: s.get(Attachment, attachment_id))
    assert row.upload_offset == 2 * MAX_CHUNK_BYTES and not row.uploaded  # survives restart

    # A new engine, as after an app restart: resume from the server's offset.
    d.engine.close()
    d.engine = SyncEngine(d.store, d.vault, retry=d.engine.retry)
    result = d.sync()
    assert result.ok, result.error
    assert result.uploaded_bytes == len(data) - 2 * MAX_CHUNK_BYTES
    assert result.uploaded_bytes <= len(data) - 2 * MAX_CHUNK_BYTES + MAX_CHUNK_BYTES
    with central.services.sessions() as s:
        assert s.get(Blob, hashlib.sha256(data).hexdigest()) is not None
        assert s.get(ServerAttachment, attachment_id).size == len(data)
    assert d.store.run(lambda s: s.get(Attachment, attachment_id)).uploaded
    assert d.outbox_size() == 0


def test_a_file_the_server_holds_is_not_sent_again(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    data = os.urandom(300_000)
    add_attachment(a, household, data)
    assert a.sync().uploaded_bytes == len(data)
    assert b.sync().ok  # b holds the consent a synced
    add_attachment(b, household, data)  # same photo, another record
    result = b.sync()
    assert result.ok and result.uploaded_bytes == 0 and result.pushed == 1


def test_review_download_is_kept_encrypted_and_checked(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    data = os.urandom(200_000)
    attachment_id = add_attachment(a, household, data)
    assert a.sync().ok
    assert b.sync().ok
    row = b.store.run(lambda s: s.get(Attachment, attachment_id))
    assert row.file_key == b"" and row.uploaded  # known, not downloaded yet
    file_id = b.engine.download_attachment(attachment_id)
    row = b.store.run(lambda s: s.get(Attachment, attachment_id))
    assert row.vault_file_id == file_id
    assert b.vault.read_bytes(file_id, row.file_key) == data
    raw = b.vault._path(file_id).read_bytes()
    assert data[:4096] not in raw  # on disk it is ciphertext
    assert b.store.run(lambda s: len(s.scalars(select(Attachment)).all())) == 1
