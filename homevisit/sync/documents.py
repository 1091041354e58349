"""Pull of published documents (issue 16 item 3): ``GET /sync/documents`` after the records.

Each page is stored together with its cursor in one transaction, so a sync killed between
pages resumes where it stopped and the device is never between two halves of a page. Order
does not matter: a form that names a code list or rule set not yet here is stored but not
used (:mod:`homevisit.visits.published` decides what is usable at each use).

A document under a schema version this release does not read is refused — not stored, the
last good version stays in use — and the refusal is kept in ``sync_state`` for the sync page.
Once the app is updated to read it, the pull starts over from the beginning to fetch it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import DefinitionInvalid, RuleSetInvalid
from homevisit.i18n import Text
from homevisit.model import ReceivedDocument
from homevisit.protocol.documents import (
    DOCUMENT_SCHEMA_VERSION,
    MAX_DOCUMENT_PAGE,
    DocumentPage,
    PublishedDocument,
)
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.store import Store
from homevisit.sync.errors import BadServerResponse
from homevisit.sync.progress import Phase, Progress, ProgressSink
from homevisit.sync.pull import sync_state
from homevisit.sync.transport import Transport
from homevisit.visits.data_documents import key_of, validate
from homevisit.visits.forms.definition import check_schema

NEWER_SCHEMA = "newer_schema"
INVALID = "invalid"
DAMAGED = "damaged"

KIND_LABELS = {
    DocumentKind.FORM: Text("表单", "form"),
    DocumentKind.CODELIST: Text("代码表", "code list"),
    DocumentKind.RULE_SET: Text("评分规则", "scoring rule set"),
    DocumentKind.HELPDESK_CHECKLIST: Text("材料清单", "checklist"),
    DocumentKind.POLICY_CARD: Text("政策卡片", "policy card"),
}
_WHY = {
    NEWER_SCHEMA: Text("格式版本 {schema} 比本应用能读的 {known} 新，"
                       "请更新应用；仍使用上一个可用版本",
                       "its format version {schema} is newer than this app reads ({known}); "
                       "update the app — the last usable version stays in use"),
    INVALID: Text("内容无效（{where}），仍使用上一个可用版本",
                  "it is not valid ({where}); the last usable version stays in use"),
    DAMAGED: Text("内容与校验值不符，仍使用上一个可用版本",
                  "its content does not match its checksum; the last usable version stays "
                  "in use"),
}


@dataclass
class DocumentsSummary:
    received: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)


def refusal_text(entry: dict[str, Any]) -> Text:
    """What the sync page says about one refused document (ids and numbers only)."""
    kind = KIND_LABELS.get(DocumentKind(entry["kind"]), Text(entry["kind"], entry["kind"]))
    why = _WHY[entry["reason"]]
    values = {"schema": entry.get("schema_version"), "known": DOCUMENT_SCHEMA_VERSION,
              "where": entry.get("where", "")}
    return Text(f"已拒收{kind.zh} {entry['doc_id']} v{entry['version']}："
                + why.zh.format(**values) + "。",
                f"Refused {kind.en} {entry['doc_id']} v{entry['version']}: "
                + why.en.format(**values) + ".")


def _sha256(body: dict[str, Any]) -> str:
    # The server's canonical form (server.data_documents._canonical).
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":"), allow_nan=False)
                          .encode("utf-8")).hexdigest()


def _refusal(document: PublishedDocument) -> dict[str, Any] | None:
    """Why ``document`` cannot be kept, or None. A form naming something not yet here is
    kept: it becomes usable once the rest arrives."""
    entry: dict[str, Any] = {"kind": document.kind.value, "doc_id": document.doc_id,
                             "version": document.version,
                             "schema_version": document.schema_version}
    if document.schema_version > DOCUMENT_SCHEMA_VERSION:
        return {**entry, "reason": NEWER_SCHEMA}
    if _sha256(document.body) != document.sha256:
        return {**entry, "reason": DAMAGED}
    try:
        if document.kind is DocumentKind.FORM:
            # Only its own schema here: the code lists it names may come on a later page;
            # it is used only once it parses against what is on the device.
            check_schema(document.body, source=document.doc_id)
        else:
            validate(document.kind, document.body, source=document.doc_id)
    except (DefinitionInvalid, RuleSetInvalid) as exc:
        return {**entry, "reason": INVALID, "where": exc.text.en[:160]}
    if key_of(document.kind, document.body) != (document.doc_id, document.version):
        return {**entry, "reason": INVALID, "where": "id/version"}
    return None


def apply_documents(session: Session, page: DocumentPage, since: int) -> DocumentsSummary:
    """Store one page and advance the cursor (caller's transaction)."""
    state = sync_state(session)
    summary = DocumentsSummary()
    if state.documents_cursor != since:
        return summary  # another run moved on meanwhile; this page is stale
    if page.cursor < since:
        raise BadServerResponse(what="cursor")
    refused = [r for r in state.documents_refused or []
               if not any(d.kind.value == r["kind"] and d.doc_id == r["doc_id"]
                          for d in page.documents)]
    for document in page.documents:
        refusal = _refusal(document)
        if refusal is not None:
            refused.append(refusal)
            summary.refused.append(refusal)
            continue
        held = session.get(ReceivedDocument, (document.kind, document.doc_id, document.version))
        if held is None:
            session.add(ReceivedDocument(kind=document.kind, doc_id=document.doc_id,
                                         version=document.version, sha256=document.sha256,
                                         body=document.body))
            summary.received += 1
    if refused != (state.documents_refused or []):
        state.documents_refused = refused
    if state.documents_cursor != page.cursor:
        state.documents_cursor = page.cursor
    return summary


def _start(session: Session) -> int:
    """The cursor to pull from: from the beginning once this release reads a document it
    refused before (an app update), else where the last pull stopped."""
    state = sync_state(session)
    readable = [r for r in state.documents_refused or []
                if r["reason"] == NEWER_SCHEMA
                and int(r.get("schema_version") or 0) <= DOCUMENT_SCHEMA_VERSION]
    if readable:
        state.documents_refused = [r for r in state.documents_refused if r not in readable]
        state.documents_cursor = 0
    return state.documents_cursor


def _restart(session: Session) -> int:
    """The server has nothing at our cursor (restored from a backup): from the beginning;
    what is held stays (a visit may use it) and is not stored twice."""
    sync_state(session).documents_cursor = 0
    return 0


def refused_documents(session: Session) -> list[dict[str, Any]]:
    """The documents the device refused and still does not use (for the sync page)."""
    refused = list(sync_state(session).documents_refused or [])
    held = {(k.value, d, v) for k, d, v in session.execute(select(
        ReceivedDocument.kind, ReceivedDocument.doc_id, ReceivedDocument.version))}
    return [r for r in refused if (r["kind"], r["doc_id"], r["version"]) not in held]


def pull_documents(store: Store, transport: Transport, report: ProgressSink,
                   limit: int = MAX_DOCUMENT_PAGE) -> DocumentsSummary:
    """Pull pages of published documents until the server has no more."""
    total = DocumentsSummary()
    since = store.run(_start)
    while True:
        page = transport.call("GET", "/sync/documents", DocumentPage,
                              params={"since": since, "limit": limit})
        assert page is not None
        if page.reset:
            if since == 0:
                raise BadServerResponse(what="reset loop")
            since = store.run(_restart)
            continue
        if page.documents or page.cursor != since:  # else nothing to keep: no transaction
            got = store.run(partial(apply_documents, page=page, since=since))
            total.received += got.received
            total.refused += got.refused
        report(Progress(Phase.DOCUMENTS, total.received, None))
        if not page.more:
            return total
        if page.cursor == since:
            raise BadServerResponse(what="empty page")
        since = page.cursor
