"""Photos, documents and signatures of the visits in a supervisor's review queue, fetched
during sync (DESIGN §5) so the review view works offline afterwards.

The bytes go straight into the vault, encrypted with a key of their own, and are checked
against the record's SHA-256 (:func:`homevisit.sync.attachments.download`); nothing is
decrypted here. Visits awaiting a decision come first, newest first; approved visits are
purged from the device after confirmation, so their files are never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import AttachmentTampered
from homevisit.model import Attachment, Visit, VisitStatus
from homevisit.protocol.errors import ErrorCode
from homevisit.protocol.vocabulary import Role
from homevisit.store import Store
from homevisit.sync.attachments import download
from homevisit.sync.errors import ServerRefused
from homevisit.sync.progress import Phase, Progress, ProgressSink
from homevisit.sync.transport import Transport
from homevisit.vault import Vault

# Awaiting a decision first (the supervisor's work), then returned ones (looked at again
# when the counselor resubmits).
PREFETCHED = (VisitStatus.SUBMITTED, VisitStatus.REVISED, VisitStatus.FINALIZED,
              VisitStatus.RETURNED)
REVIEWERS = frozenset({Role.SUPERVISOR})
# Gone or out of scope on the server since the pull: skip that file, fetch the others.
_SKIPPED = frozenset({ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN})


@dataclass
class PrefetchSummary:
    files: int = 0
    bytes: int = 0
    skipped: int = 0  # refused, gone, or not matching their hash (kept out of the vault)


def to_prefetch(session: Session) -> list[tuple[str, int]]:
    """(attachment id, size) of every queued visit's file not yet on this device."""
    rank = {status.value: number for number, status in enumerate(PREFETCHED)}
    rows = list(session.execute(
        select(Attachment.id, Attachment.size, Visit.status, Visit.started_at)
        .join(Visit, Visit.id == Attachment.visit_id)
        .where(Attachment.deleted.is_(False), Attachment.file_key == b"",
               Visit.deleted.is_(False), Visit.status.in_([s.value for s in PREFETCHED]))))
    rows.sort(key=lambda r: (rank.get(str(r.status), 99),
                             -(r.started_at.timestamp() if r.started_at else 0), r.id))
    return [(row.id, row.size) for row in rows]


def prefetch_for_review(store: Store, vault: Vault, transport: Transport,
                        report: ProgressSink) -> PrefetchSummary:
    """Download every file :func:`to_prefetch` lists. A file the server refuses or that
    fails its hash is skipped (the review view says it is missing); a network failure ends
    the run like any other sync error, and the next sync carries on where this one was."""
    summary = PrefetchSummary()
    wanted = store.run(to_prefetch)
    total = sum(size for _id, size in wanted)
    for attachment_id, size in wanted:
        try:
            download(store, vault, transport, attachment_id)
        except AttachmentTampered:
            summary.skipped += 1
            continue
        except ServerRefused as refused:
            if refused.reason not in _SKIPPED:
                raise
            summary.skipped += 1
            continue
        summary.files += 1
        summary.bytes += size
        report(Progress(Phase.PULLING, summary.bytes, total))
    return summary
