"""Finding stored records that no longer pass their record schema (issue 9 item 3).

Before the protocol refused lone surrogates, NUL, NaN and ±Infinity, such values could be
stored (a lone surrogate inside a visit's answers on SQLite, a NaN score on PostgreSQL).
Pull leaves such a row out (``sync_pull._record``); this check lists them — entity,
id and the failing field paths, never the content — so an administrator can repair or
delete them. ``homevisit-server check records`` runs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.errors import field_path
from homevisit.protocol.records import Entity
from homevisit.server.records import ORM_TYPES, to_record

BATCH = 500


@dataclass(frozen=True, slots=True)
class InvalidRecord:
    entity: Entity
    id: str
    fields: tuple[str, ...]


def invalid_records(session: Session) -> Iterator[InvalidRecord]:
    """Every stored synced record that fails its schema, table by table, in batches."""
    for entity, model in ORM_TYPES.items():
        result = session.execute(select(model).execution_options(yield_per=BATCH))
        for rows in result.scalars().partitions():
            for row in rows:
                try:
                    to_record(entity, row)
                except pydantic.ValidationError as exc:
                    fields = sorted({".".join(map(str, field_path(e["loc"])))
                                     for e in exc.errors()})
                    yield InvalidRecord(entity, row.id, tuple(fields))  # type: ignore[attr-defined]
            session.expunge_all()  # keep memory flat over large tables
