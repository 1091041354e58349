"""A supervisor's sync fetches the files of the visits in the review queue into the vault
(encrypted, checked against their hash), so the review view shows them offline; a
counselor's sync fetches nothing it did not make."""

from __future__ import annotations

import datetime as dt
import io
import os

from sqlalchemy import select

from homevisit import outbox
from homevisit.model import Attachment, ConsentRecord, Visit, VisitStatus, VisitVersion
from homevisit.sync.prefetch import to_prefetch

CONTENT = {"mode": "home", "answers": {"income": {"wages": 12000}},
           "started_at": dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)}


def finalized_visit_with_photo(device, household_id: str, data: bytes) -> str:
    stored = device.vault.put_stream(io.BytesIO(data))

    def make(session) -> str:
        visit = Visit(household_id=household_id, status=VisitStatus.FINALIZED, version=1,
                      **CONTENT)
        outbox.save(session, visit)
        outbox.save(session, ConsentRecord(
            visit_id=visit.id, household_id=household_id, notice_version="notice-2025-1",
            choices={"home_photos": True, "document_photos": True}))
        outbox.save(session, VisitVersion(visit_id=visit.id, household_id=household_id,
                                          version=1, finalized_at=dt.datetime.now(dt.UTC),
                                          **CONTENT))
        row = Attachment(household_id=household_id, visit_id=visit.id, doc_type="home_photo",
                         mime="image/jpeg", size=stored.size, sha256=stored.sha256,
                         vault_file_id=stored.file_id, file_key=stored.key)
        outbox.save(session, row)
        return row.id

    return device.store.run(make)


def test_a_supervisors_sync_prefetches_queued_visits_files_encrypted(central, device):
    central.user("counselor", "wang")
    central.user("supervisor", "li")
    household = central.household("wang")
    counselor, supervisor = device(central, "wang"), device(central, "li")
    assert counselor.sync().ok
    data = os.urandom(150_000)
    attachment_id = finalized_visit_with_photo(counselor, household, data)
    result = counselor.sync()
    assert result.ok and result.rejected == 0, result.error

    assert supervisor.sync().ok
    row = supervisor.store.run(lambda s: s.get(Attachment, attachment_id))
    assert row is not None and row.file_key != b""  # fetched during the sync
    assert supervisor.vault.read_bytes(row.vault_file_id, row.file_key) == data
    assert data[:4096] not in supervisor.vault._path(row.vault_file_id).read_bytes()
    assert supervisor.store.run(to_prefetch) == []
    # a second sync fetches nothing again
    files_before = set(supervisor.vault.ids())
    assert supervisor.sync().ok
    assert set(supervisor.vault.ids()) == files_before


def test_a_counselors_sync_prefetches_nothing(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    a, b = device(central, "wang"), device(central, "wang")
    assert a.sync().ok and b.sync().ok
    attachment_id = finalized_visit_with_photo(a, household, os.urandom(10_000))
    assert a.sync().ok and b.sync().ok
    row = b.store.run(lambda s: s.get(Attachment, attachment_id))
    assert row.file_key == b""  # a counselor's second laptop downloads on demand only
    assert b.store.run(lambda s: len(s.scalars(select(Attachment)).all())) == 1
