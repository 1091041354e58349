"""Sync bookkeeping: the change log, applied pushes (idempotent replay), blobs and uploads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Identity, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.server.models.base import Base, BigId, Json, UtcDateTime, utc_now


class ChangeColumns:
    """What a change row says, in the log and in the queue to it."""

    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    rev: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    household_id: Mapped[str | None] = mapped_column(String(36), default=None)
    team_id: Mapped[int | None] = mapped_column(Integer, default=None)
    region_code: Mapped[str | None] = mapped_column(String(9), default=None)
    desk_id: Mapped[str | None] = mapped_column(String(36), default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class Change(ChangeColumns, Base):
    """The server-wide change sequence that pull pages over (``seq > since``).

    The scope columns copy what a reader is filtered by, so a pull is one indexed query
    without joins to the record tables. Rows are written through ``server.changes`` only,
    which also keeps seq order equal to commit order on PostgreSQL.
    """

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_household_seq", "household_id", "seq"),
        Index("ix_changes_desk_seq", "desk_id", "seq"),
        Index("ix_changes_team_seq", "team_id", "seq"),
        Index("ix_changes_region_seq", "region_code", "seq"),
        # Never reuse a seq on SQLite, even if the newest rows were ever deleted.
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True)


class QueuedChange(ChangeColumns, Base):
    """A change row on PostgreSQL until its transaction commits: then a trigger (migration
    0017) moves the transaction's rows into ``changes`` in the order they were written,
    and they get their seqs (see ``server.changes``). Empty outside open transactions;
    unused on SQLite, whose one writer writes ``changes`` directly."""

    __tablename__ = "change_queue"

    ord: Mapped[int] = mapped_column(BigId, Identity(), primary_key=True)


class AppliedBatch(Base):
    """The results of a push's ops, one row per push (DESIGN §5): replaying an op (same
    device and op id) returns its stored result unchanged.

    One row holds every result of a push — ``results`` maps each op id (as text) to its
    result — because a row per op cost a push of 500 ops 500 more rows, each with its key
    and foreign-key check, for results that are nearly all "applied, rev 1". A device's
    op ids only grow and its pushes are applied one at a time, so its rows cover disjoint
    ranges of op ids (a batch redone op by op stores one row per op)."""

    __tablename__ = "applied_batches"
    __table_args__ = (Index("ix_applied_batches_device_last", "device_id", "last_op_id"),)

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    first_op_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    last_op_id: Mapped[int] = mapped_column(BigInteger)
    results: Mapped[dict[str, Any]] = mapped_column(Json)
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class Blob(Base):
    """Attachment bytes, content-addressed by SHA-256. ``storage_key`` is made by the
    storage layer from the hash only, never from a client-supplied name."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class BlobUpload(Base):
    """Which upload made a blob available, and for whom: one row per (blob, household,
    device). Access to the bytes follows these rows, never the hash alone: an attachment
    may only name a blob uploaded for its household, and a download goes through such an
    attachment (DESIGN §5)."""

    __tablename__ = "blob_uploads"
    __table_args__ = (Index("ix_blob_uploads_household_device", "household_id", "device_id"),)

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    uploaded_by: Mapped[str | None] = mapped_column(String(40), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class UploadSession(Base):
    """A resumable upload in progress (tus-like): bytes so far are ``offset``. It is made
    for one household (in the uploader's scope when opened)."""

    __tablename__ = "upload_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    household_id: Mapped[str | None] = mapped_column(String(36), default=None)
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True))
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
