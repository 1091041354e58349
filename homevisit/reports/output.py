"""Putting a document in a file the way every export does (DESIGN §4, :mod:`homevisit.exports`):
the audit row ("export" or "print") commits before any plaintext byte is written, the bytes
go to a temp file beside ``out`` that is then renamed into place, and a crash in between
leaves only the temp file, which the next start sweeps away (and audits)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from homevisit import exports
from homevisit.durable import commit_file, create_private
from homevisit.store import Store


def write_audited(store: Store, *, actor: str, out: Path, entity: str, entity_id: str | None,
                  detail: Mapping[str, object], write: Callable[[Path], None],
                  action: str = "export") -> Path:
    """Audit, then call ``write(temp)`` to write the whole file under its temp name, then
    rename it to ``out``. ``detail`` holds codes and counts only (it is synced), never names,
    numbers or paths. Any exception leaves no file behind (and goes on)."""
    out = Path(out)
    temp = exports.temp_name(out)

    def start(session: Session) -> int:
        return exports.begin(session, actor=actor, entity=entity, entity_id=entity_id,
                             temp=temp, detail=dict(detail), action=action)

    pending = store.run(start)
    try:
        write(temp)
        commit_file(temp, out)
    finally:
        temp.unlink(missing_ok=True)
        store.run(lambda s: exports.finish(s, pending))
    return out


def write_document(store: Store, data: bytes, *, actor: str, out: Path, entity: str,
                   entity_id: str | None, kind: str, action: str = "export",
                   detail: Mapping[str, object] | None = None) -> Path:
    """Write a finished document (e.g. :meth:`homevisit.reports.pdf.PdfDocument.to_bytes`)
    to ``out``, audited as ``action`` on (``entity``, ``entity_id``) with ``kind`` (a code
    such as ``"visit_record"``) in the audit detail."""
    def write(temp: Path) -> None:
        with create_private(temp) as file:
            file.write(data)

    return write_audited(store, actor=actor, out=out, entity=entity, entity_id=entity_id,
                         detail={"kind": kind, **(detail or {})}, write=write, action=action)
