"""Housekeeping of attachment storage, on a schedule (issue 9 item 7).

- Upload sessions past their expiry go, with their partial files (completed ones too:
  their bytes became a blob, the row is only bookkeeping).
- An upload (``BlobUpload``) that no live attachment of its household names, older than
  ``settings.blob_grace``, is forgotten; a blob no upload stands for any more, with no
  session still uploading it, is deleted with its file.

Every API process runs :func:`sweep` every ``settings.sweep_interval`` (see
:func:`run_forever`, started by the app's lifespan); ``homevisit-server sweep`` runs it
once, for cron. Runs in several processes at once are harmless: each step is a delete of
rows that match, and a file already gone is fine.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, cast

import anyio.to_thread
from sqlalchemy import CursorResult, and_, delete, exists, select
from sqlalchemy.orm import Session

from homevisit.server.models import Attachment, Blob, BlobUpload, UploadSession, utc_now
from homevisit.server.services import Services

log = logging.getLogger("homevisit.server")


@dataclass(frozen=True, slots=True)
class SweepReport:
    expired_uploads: int
    forgotten_uploads: int
    collected_blobs: int


def purge_expired_uploads(session: Session, services: Services) -> int:
    """Delete expired upload sessions and their partial files; returns how many."""
    expired = session.execute(select(UploadSession.id, UploadSession.completed).where(
        UploadSession.expires_at < utc_now())).all()
    if not expired:
        return 0
    session.execute(delete(UploadSession).where(
        UploadSession.id.in_([upload_id for upload_id, _ in expired])))
    session.commit()  # rows first: a file without a row is harmless, the reverse is not
    for upload_id, completed in expired:
        if not completed:
            services.storage.discard_upload(upload_id)
    return len(expired)


def collect_blobs(session: Session, services: Services) -> tuple[int, int]:
    """Forget uploads no attachment names and delete blobs nothing stands for; returns
    (uploads forgotten, blobs deleted)."""
    horizon = utc_now() - services.settings.blob_grace
    named = exists().where(Attachment.sha256 == BlobUpload.sha256,
                           Attachment.household_id == BlobUpload.household_id,
                           Attachment.deleted.is_(False))
    forgotten = cast("CursorResult[Any]", session.execute(delete(BlobUpload).where(
        BlobUpload.created_at < horizon, ~named).execution_options(
            synchronize_session=False))).rowcount or 0  # a DELETE's result is a cursor
    orphans = list(session.execute(select(Blob.sha256).where(
        Blob.created_at < horizon,
        ~exists().where(BlobUpload.sha256 == Blob.sha256),
        ~exists().where(and_(UploadSession.sha256 == Blob.sha256,
                             UploadSession.completed.is_(False))),
    )).scalars())
    if orphans:
        session.execute(delete(Blob).where(Blob.sha256.in_(orphans)))
    session.commit()
    for sha256 in orphans:
        services.storage.discard_blob(sha256)
    return forgotten, len(orphans)


def sweep(services: Services) -> SweepReport:
    """One housekeeping pass (its own transactions)."""
    with services.sessions() as session:
        expired = purge_expired_uploads(session, services)
        forgotten, collected = collect_blobs(session, services)
    if expired or forgotten or collected:
        log.info("sweep: %d expired uploads, %d unused uploads, %d blobs collected",
                 expired, forgotten, collected)
    return SweepReport(expired, forgotten, collected)


async def run_forever(services: Services, interval_seconds: float) -> None:
    """Sweep now and then every ``interval_seconds`` until cancelled; a failed pass is
    logged and the next one tried as usual."""
    while True:
        try:
            await anyio.to_thread.run_sync(sweep, services)
        except Exception:
            log.exception("sweep failed; trying again at the next interval")
        await asyncio.sleep(interval_seconds)
