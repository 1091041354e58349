"""What a running sync reports: phase, items and bytes done, and what it ended with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    UPLOADING = "uploading"
    PUSHING = "pushing"
    PULLING = "pulling"
    DOCUMENTS = "documents"  # published forms, code lists, rule sets …
    RESETTING = "resetting"
    PURGING = "purging"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Progress:
    phase: Phase = Phase.IDLE
    done: int = 0
    total: int | None = None  # None while unknown (a pull does not know its length)
    bytes_done: int = 0
    bytes_total: int | None = None


ProgressSink = Callable[[Progress], None]


def ignore(_: Progress) -> None:
    """A progress sink that does nothing."""


@dataclass
class SyncResult:
    """What one sync run did. ``error`` is the typed error that stopped it, if any."""

    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    uploaded_files: int = 0
    uploaded_bytes: int = 0
    purged_visits: int = 0
    reset: bool = False
    account_changed: bool = False  # the server's /me differed (e.g. a new role)
    documents_received: int = 0  # published forms, code lists, rule sets … new on the device
    documents_refused: int = 0  # of which this app could not use (see the sync page)
    figures_received: bool = False  # a supervisor's report figures were refreshed
    error: Exception | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class PendingCounts:
    outbox: int
    quarantined: int
    conflicts: int
    uploads: int
