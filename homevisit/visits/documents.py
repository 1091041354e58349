"""The visit's documents and signatures as the store holds them (attachment rows), read-only.

Recording and removing them is :mod:`homevisit.visits.draft`'s job (an edit of the draft);
finalizing asks here which signatures are still missing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.model import Attachment

SIGNATURE_CONSENT = "signature_consent"
SIGNATURE_GUARDIAN = "signature_guardian"
SIGNATURE_VISITOR = "signature_visitor"
SIGNATURES = (SIGNATURE_CONSENT, SIGNATURE_GUARDIAN, SIGNATURE_VISITOR)


def visit_attachments(session: Session, visit_id: str) -> list[Attachment]:
    """The visit's attachments that are not deleted, oldest first."""
    return list(session.scalars(
        select(Attachment).where(Attachment.visit_id == visit_id, Attachment.deleted.is_(False))
        .order_by(Attachment.updated_at)))


def missing_signatures(session: Session, visit_id: str) -> list[str]:
    """The kinds of signature the visit still lacks, in :data:`SIGNATURES` order."""
    have = {a.doc_type for a in visit_attachments(session, visit_id)}
    return [kind for kind in SIGNATURES if kind not in have]
