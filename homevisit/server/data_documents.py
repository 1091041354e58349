"""Publishing data documents (issue 16): store a draft, publish, retire, check a file
against the current published version, and seed the versions shipped with the app.

Nothing is stored that a device could not use: every document passes
:func:`homevisit.visits.data_documents.validate` against the server's current versions of
what it references. A published version never changes (publishing the same content again is
a no-op, other content needs a higher version); drafts are for administrators only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from homevisit.errors import CodeListNotFound, DefinitionInvalid, RuleSetInvalid
from homevisit.protocol.documents import DOCUMENT_SCHEMA_VERSION
from homevisit.protocol.vocabulary import DocumentKind, DocumentState, VisitStatus
from homevisit.resources import resource_path
from homevisit.server.audit import audit
from homevisit.server.changes import lock_change_log
from homevisit.server.errors import (
    DocumentInvalid,
    DocumentNotPublished,
    DocumentPublished,
    DocumentPublishedMeanwhile,
    DocumentVersionOld,
    NotFound,
)
from homevisit.server.models import DataDocument, Visit, utc_now
from homevisit.server.principal import Principal
from homevisit.visits.codelists import CodeList, load_codelist, parse_codelist
from homevisit.visits.data_documents import References, key_of, kind_of, validate
from homevisit.visits.document_changes import Change, document_changes

OPEN_VISITS = (VisitStatus.DRAFT, VisitStatus.FINALIZED, VisitStatus.SUBMITTED,
               VisitStatus.RETURNED, VisitStatus.REVISED)
"""Visits not yet approved: the ones a changed form would meet on return or revision."""


@dataclass(frozen=True, slots=True)
class CheckReport:
    kind: DocumentKind
    doc_id: str
    version: int
    current_version: int | None
    changes: list[Change]
    open_visits: int | None  # forms only: open visits on the current version


def read_document_file(path: Path) -> Any:
    """A document file's content (YAML or JSON); a parse error names the line, not the path."""
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _invalid(DefinitionInvalid(source=path.name, where="file",
                                         reason=type(exc).__name__)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "yaml"
        raise _invalid(DefinitionInvalid(source=path.name, where=where,
                                         reason="not valid YAML")) from None


def _invalid(exc: DefinitionInvalid | RuleSetInvalid | CodeListNotFound) -> DocumentInvalid:
    return DocumentInvalid(zh=exc.text.zh, en=exc.text.en)


def _canonical(data: Any, source: str) -> bytes:
    try:
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        # YAML dates and the like: devices receive JSON, so only JSON values may be stored.
        raise _invalid(DefinitionInvalid(source=source, where="/",
                                         reason="values must be JSON (quote dates)")) from None


def current(session: Session, kind: DocumentKind, doc_id: str) -> DataDocument | None:
    """The newest published version of a document (what new visits use)."""
    return session.scalars(
        select(DataDocument).where(DataDocument.kind == kind, DataDocument.doc_id == doc_id,
                                   DataDocument.state == DocumentState.PUBLISHED)
        .order_by(DataDocument.version.desc()).limit(1)).first()


def _current_bodies(session: Session, kind: DocumentKind) -> list[Mapping[str, Any]]:
    rows = session.scalars(
        select(DataDocument).where(DataDocument.kind == kind,
                                   DataDocument.state == DocumentState.PUBLISHED)
        .order_by(DataDocument.doc_id, DataDocument.version.desc())).all()
    newest: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        newest.setdefault(row.doc_id, row.body)
    return list(newest.values())


def references(session: Session) -> References:
    """Look-ups against the published versions, falling back to what ships with the app
    (devices have those even before their first sync)."""

    def codelist(name: str) -> CodeList:
        row = current(session, DocumentKind.CODELIST, name)
        return parse_codelist(row.body, source=name) if row else load_codelist(name)

    def has_rule_set(rule_set_id: str) -> bool:
        return (current(session, DocumentKind.RULE_SET, rule_set_id) is not None
                or resource_path("scoring", f"{rule_set_id}.yaml").is_file())

    return References(codelist=codelist,
                      forms=lambda: _current_bodies(session, DocumentKind.FORM),
                      has_rule_set=has_rule_set,
                      rule_sets=lambda: _current_bodies(session, DocumentKind.RULE_SET))


def _validated(session: Session, data: Any, source: str,
               kind: DocumentKind | None = None) -> tuple[DocumentKind, str, int]:
    try:
        kind = kind or kind_of(data)
        validate(kind, data, references(session), source=source)
    except (DefinitionInvalid, RuleSetInvalid, CodeListNotFound) as exc:
        raise _invalid(exc) from None
    doc_id, version = key_of(kind, data)
    return kind, doc_id, version


def _newest_version(session: Session, kind: DocumentKind, doc_id: str) -> int | None:
    return session.scalar(
        select(func.max(DataDocument.version)).where(
            DataDocument.kind == kind, DataDocument.doc_id == doc_id,
            DataDocument.state != DocumentState.DRAFT))


def store(session: Session, data: Any, *, actor: Principal | str, draft: bool = False,
          source: str = "document") -> tuple[DataDocument, bool]:
    """Validate and store ``data`` as a draft or as published; audited.

    Returns the row and whether anything changed (publishing identical content again is a
    no-op). Refuses an invalid document, a change to a published or retired version, and a
    version not above the newest published or retired one.
    """
    kind, doc_id, version = _validated(session, data, source)
    body = _canonical(data, source)
    sha = hashlib.sha256(body).hexdigest()
    # Two admins publishing at once: the second waits here (PostgreSQL) and then sees the
    # first one's row; publishing seqs are handed out in commit order (devices pull by seq).
    lock_change_log(session)
    row = session.scalars(select(DataDocument).where(
        DataDocument.kind == kind, DataDocument.doc_id == doc_id,
        DataDocument.version == version)).first()
    names: dict[str, object] = {"kind": kind.value, "doc_id": doc_id, "version": version}
    if row is not None and row.state is not DocumentState.DRAFT:
        if row.sha256 == sha and not draft:
            return row, False
        raise DocumentPublished(kind=kind.value, doc_id=doc_id, version=version)
    newest = _newest_version(session, kind, doc_id)
    if newest is not None and version <= newest:
        raise DocumentVersionOld(kind=kind.value, doc_id=doc_id, newest=newest)
    username = actor.username if isinstance(actor, Principal) else actor
    if row is None:
        row = DataDocument(kind=kind, doc_id=doc_id, version=version, created_by=username)
        session.add(row)
    row.body = json.loads(body)
    row.sha256 = sha
    row.schema_version = DOCUMENT_SCHEMA_VERSION
    row.state = DocumentState.DRAFT if draft else DocumentState.PUBLISHED
    row.published_at = None if draft else utc_now()
    with session.no_autoflush:  # the insert belongs inside the savepoint below
        row.published_seq = None if draft else (
            session.scalar(select(func.max(DataDocument.published_seq))) or 0) + 1
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another transaction stored the same kind, id and version (or took the seq) since
        # we looked: SQLite without the advisory lock. The caller answers 409, not 500.
        raise DocumentPublishedMeanwhile(kind=kind.value, doc_id=doc_id,
                                         version=version) from None
    audit(session, actor, "document.draft" if draft else "document.publish", "data_document",
          row.id, {**names, "sha256": sha})
    return row, True


def retire(session: Session, kind: DocumentKind, doc_id: str, version: int, *,
           actor: Principal | str) -> DataDocument:
    """Stop sending a published version to devices (devices keep it for the visits that use
    it); audited."""
    row = session.scalars(select(DataDocument).where(
        DataDocument.kind == kind, DataDocument.doc_id == doc_id,
        DataDocument.version == version)).first()
    if row is None:
        raise NotFound()
    if row.state is not DocumentState.PUBLISHED:
        raise DocumentNotPublished(kind=kind.value, doc_id=doc_id, version=version)
    row.state = DocumentState.RETIRED
    row.retired_at = utc_now()
    audit(session, actor, "document.retire", "data_document", row.id,
          {"kind": kind.value, "doc_id": doc_id, "version": version})
    return row


def listing(session: Session, *, drafts: bool = True) -> list[DataDocument]:
    """Every stored version by kind, id and version (drafts only when asked: admins)."""
    query = select(DataDocument).order_by(DataDocument.kind, DataDocument.doc_id,
                                          DataDocument.version)
    if not drafts:
        query = query.where(DataDocument.state != DocumentState.DRAFT)
    return list(session.scalars(query))


def check(session: Session, data: Any, *, source: str = "document") -> CheckReport:
    """Validate ``data`` and say what it changes against the current published version and
    how many open visits use that version. Stores nothing."""
    kind, doc_id, version = _validated(session, data, source)
    _canonical(data, source)
    now = current(session, kind, doc_id)
    open_visits = None
    if kind is DocumentKind.FORM:
        open_visits = session.scalar(select(func.count()).select_from(Visit).where(
            Visit.form_id == doc_id, Visit.deleted.is_(False),
            Visit.status.in_(OPEN_VISITS),
            Visit.form_version == (now.version if now else -1))) or 0
    return CheckReport(kind, doc_id, version, now.version if now else None,
                       document_changes(kind, now.body if now else None, data), open_visits)


def shipped_documents() -> list[tuple[str, Any]]:
    """The documents shipped with the app, in an order where references come first."""
    files = sorted(resource_path("codelists").glob("*.yaml"))
    files += sorted(resource_path("forms").glob("*/v*.yaml"))
    files += sorted(resource_path("scoring").glob("*.yaml"))
    files += sorted(resource_path("helpdesk").glob("*.yaml"))  # checklist and policy card
    return [(path.name, read_document_file(path)) for path in files]


def seed_shipped(session: Session, *, actor: str) -> int:
    """Publish every shipped version the server does not have yet (``init``): a server
    starts where the app's own files are, and only a newer published version wins."""
    made = 0
    for source, data in shipped_documents():
        kind = kind_of(data)
        doc_id, version = key_of(kind, data)
        exists = session.scalars(select(DataDocument.id).where(
            DataDocument.kind == kind, DataDocument.doc_id == doc_id,
            DataDocument.version == version)).first()
        newest = _newest_version(session, kind, doc_id)
        if exists is None and (newest is None or version > newest):
            made += store(session, data, actor=actor, source=source)[1]
    return made
