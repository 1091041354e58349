"""Administrator endpoints for published data documents (issue 16): store a draft or
publish, list, read one, retire, and check a document before publishing. Every change is
written to the audit trail (:mod:`homevisit.server.data_documents`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from sqlalchemy import select

from homevisit.protocol import API_PREFIX
from homevisit.protocol.documents import (
    DocumentChange,
    DocumentCheckIn,
    DocumentCheckOut,
    DocumentId,
    DocumentIn,
    DocumentOut,
)
from homevisit.protocol.types import MAX_INT64
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.server import data_documents
from homevisit.server.deps import AdminPrincipal, DbSession
from homevisit.server.errors import NotFound
from homevisit.server.models import DataDocument

router = APIRouter(prefix=f"{API_PREFIX}/admin/documents", tags=["admin"])

Version = Annotated[int, Path(ge=1, le=MAX_INT64)]


def _out(row: DataDocument, *, body: bool = False) -> DocumentOut:
    return DocumentOut(kind=row.kind, doc_id=row.doc_id, version=row.version, state=row.state,
                       sha256=row.sha256, created_at=row.created_at, created_by=row.created_by,
                       published_at=row.published_at, retired_at=row.retired_at,
                       body=row.body if body else None)


@router.get("", response_model=list[DocumentOut])
def list_documents(admin: AdminPrincipal, session: DbSession,
                   kind: Annotated[DocumentKind | None, Query()] = None):
    """Every stored version, drafts included."""
    return [_out(r) for r in data_documents.listing(session) if kind in (None, r.kind)]


@router.post("", response_model=DocumentOut, status_code=status.HTTP_201_CREATED)
def store_document(body: DocumentIn, admin: AdminPrincipal, session: DbSession,
                   response: Response):
    """Validate and publish (or keep as a draft). The same content again answers 200."""
    row, changed = data_documents.store(session, body.document, actor=admin, draft=body.draft)
    if not changed:
        response.status_code = status.HTTP_200_OK
    return _out(row)


@router.post("/check", response_model=DocumentCheckOut)
def check_document(body: DocumentCheckIn, admin: AdminPrincipal, session: DbSession):
    """What publishing would change against the current published version; stores nothing."""
    report = data_documents.check(session, body.document)
    return DocumentCheckOut(
        kind=report.kind, doc_id=report.doc_id, version=report.version,
        current_version=report.current_version, open_visits=report.open_visits,
        changes=[DocumentChange(what=c.what, part=c.part, name=c.name) for c in report.changes])


def _row(session: DbSession, kind: DocumentKind, doc_id: str, version: int) -> DataDocument:
    row = session.scalars(select(DataDocument).where(
        DataDocument.kind == kind, DataDocument.doc_id == doc_id,
        DataDocument.version == version)).first()
    if row is None:
        raise NotFound()
    return row


@router.get("/{kind}/{doc_id}/{version}", response_model=DocumentOut)
def get_document(kind: DocumentKind, doc_id: DocumentId, version: Version,
                 admin: AdminPrincipal, session: DbSession):
    return _out(_row(session, kind, doc_id, version), body=True)


@router.post("/{kind}/{doc_id}/{version}/retire", response_model=DocumentOut)
def retire_document(kind: DocumentKind, doc_id: DocumentId, version: Version,
                    admin: AdminPrincipal, session: DbSession):
    """Stop sending a published version to devices (they keep it for visits that use it)."""
    return _out(data_documents.retire(session, kind, doc_id, version, actor=admin))
