"""Devices pull published documents (issue 16 item 3): ``GET /sync/documents``.

Pages follow the order of publishing (``published_seq``), so a device asks only for what
was published since its cursor, and an empty answer costs one indexed query. Each role gets
the kinds it works with (``protocol.documents``); a retired version is no longer sent (a
device that has it keeps it for its visits). Drafts never leave the server.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from homevisit.protocol.documents import (
    VISIT_KINDS,
    VOLUNTEER_KINDS,
    DocumentPage,
    PublishedDocument,
)
from homevisit.protocol.vocabulary import DocumentKind, DocumentState, Role
from homevisit.server.models import DataDocument
from homevisit.server.principal import Principal


def kinds_for(role: Role) -> frozenset[DocumentKind]:
    """The document kinds a role's devices receive."""
    if role is Role.VOLUNTEER:
        return VOLUNTEER_KINDS
    if role in (Role.COUNSELOR, Role.SUPERVISOR):
        return VISIT_KINDS
    return frozenset()


def pull_page(session: Session, principal: Principal, since: int, limit: int) -> DocumentPage:
    """Published versions of the caller's kinds with a seq after ``since``, oldest first.
    The cursor moves past every seq looked at, sent or not (other roles' kinds, retired);
    a cursor beyond every seq here is answered with ``reset``."""
    rows = session.execute(
        select(DataDocument.published_seq, DataDocument)
        .where(DataDocument.published_seq > since)
        .order_by(DataDocument.published_seq).limit(limit + 1)).all()
    if not rows and since > 0 and since > (
            session.scalar(select(func.max(DataDocument.published_seq))) or 0):
        return DocumentPage(documents=[], cursor=0, more=True, reset=True)
    more = len(rows) > limit
    rows = rows[:limit]
    kinds = kinds_for(principal.role)
    documents = [
        PublishedDocument(kind=row.kind, doc_id=row.doc_id, version=row.version,
                          schema_version=row.schema_version, sha256=row.sha256, body=row.body)
        for _, row in rows
        if row.kind in kinds and row.state is DocumentState.PUBLISHED]
    cursor = rows[-1][0] if rows else since
    return DocumentPage(documents=documents, cursor=cursor or since, more=more)
