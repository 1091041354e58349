"""Serving a pull (DESIGN §5): pages over the server-wide change sequence, in scope.

``since`` is the cursor of the previous page (0 at first). A page holds the changes with
``seq > since`` that the caller may see, in seq order; a record changed several times in
one page is sent once, as it is now. ``cursor`` is the last seq looked at.

``reset`` is answered when the cursor cannot be continued from:
- it is ahead of the newest change (the server was restored from an older backup, or the
  cursor came from another server): the client's copy may hold changes the server lost;
- it is older than the oldest change still kept (the change log was pruned past the
  retention horizon): changes in between are gone.
The client then drops its synced copy of its scope and pulls from 0, keeping unsent work.

Scope is decided on the records as they are now (``scope.change_filter``), for every role.
Whoever loses a household — a counselor when it is assigned to someone else, a supervisor
when it moves to another team or region — gets, at the seq of that move, a tombstone for
the household (``deleted: true``, no record): "gone from your scope" — the client drops
the household and everything under it. A tombstone rather than ``reset`` because a reset
would fire again on every page of the re-download.

Supervisors see a counselor's visit once it is finalized (submitted and on): a draft is
the counselor's own work in progress, and so are its consent, attachments and flags (they
are logged again when the visit is first submitted, ``sync_push``). A returned visit being
revised reaches supervisors with the content of the version they returned, never the
revision in progress: the next version arrives when it is finalized.

A stored record that fails its schema (stored before the protocol refused it) is left out
and logged by id, so it cannot fail every pull that covers it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import cache
from typing import Any

import pydantic
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    String,
    and_,
    any_,
    bindparam,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from homevisit.protocol.errors import field_path
from homevisit.protocol.records import RECORD_TYPES, Entity, VisitContent
from homevisit.protocol.sync import Change as WireChange
from homevisit.protocol.sync import PullPage
from homevisit.protocol.vocabulary import Role, VisitStatus
from homevisit.server.models import Change, Household, Visit, VisitVersion
from homevisit.server.principal import Principal
from homevisit.server.records import ORM_TYPES, wire_or_none
from homevisit.server.scope import (
    change_filter,
    delegated_households,
    household_filter,
    household_visible,
    once_visible_households,
)

log = logging.getLogger("homevisit.server")


def _id_in(column: Any, ids: list[str], postgres: bool) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL as ``= ANY(array)``: one parameter, so the SQL text
    is the same for any count (an IN list of n placeholders is new SQL for psycopg to parse
    for every n — ~7 ms for a page of 200)."""
    if postgres:
        return column == any_(bindparam("ids", ids, type_=ARRAY(String)))
    return column.in_(ids)


def _scope(principal: Principal) -> ColumnElement[bool]:
    in_scope = change_filter(principal)
    once = once_visible_households(principal)
    if once is not None:
        # Household changes of households that left the scope: sent as tombstones below.
        in_scope = or_(in_scope, and_(Change.entity == Entity.HOUSEHOLD.value,
                                      Change.household_id.in_(once)))
    return in_scope


_CONTENT = tuple(VisitContent.model_fields)


def _supervisor_copy(session: Session, row: Visit, record: dict[str, Any]) -> dict[str, Any]:
    """A returned visit as a supervisor sees it: the content of its current finalized
    version (the counselor's revision in progress is theirs until finalized)."""
    version = session.scalar(select(VisitVersion).where(
        VisitVersion.visit_id == row.id, VisitVersion.version == row.version))
    copied = wire_or_none(Entity.VISIT_VERSION, version) if version is not None else None
    if copied is None:
        return record
    return {**record, **{name: copied[name] for name in _CONTENT}}


def _drafts(session: Session, rows: list[tuple[Entity, Any, int]]) -> set[str]:
    """Ids of the draft visits the page's records belong to."""
    ids = {getattr(row, "visit_id", None) for _, row, _ in rows} - {None}
    if not ids:
        return set()
    return set(session.scalars(select(Visit.id).where(
        Visit.id.in_(ids), Visit.status == VisitStatus.DRAFT)))


@cache
def _columns(entity: Entity) -> tuple[list[Any], tuple[str, ...]] | None:
    """The columns read for ``entity`` (all of its table's, so the scope checks below see
    what they need) and the names of its record's fields; None when a field is not a column
    (then its rows are read through the ORM)."""
    mapper = sa_inspect(ORM_TYPES[entity])
    keys = {attr.key for attr in mapper.column_attrs}
    fields = tuple(RECORD_TYPES[entity].model_fields)
    if not keys.issuperset(fields):
        return None
    return [attr.columns[0].label(attr.key) for attr in mapper.column_attrs], fields


def _record(entity: Entity, row: Any) -> dict[str, Any] | None:
    """The wire record of a row read by :func:`_rows` (validated, JSON-ready), or None for
    a stored row that fails its schema (logged by id, see ``records.record_or_none``)."""
    columns = _columns(entity)
    if columns is None:
        return wire_or_none(entity, row)
    values = row._mapping
    try:
        record = RECORD_TYPES[entity].model_validate({f: values[f] for f in columns[1]})
    except pydantic.ValidationError as exc:
        fields = sorted({".".join(map(str, field_path(e["loc"]))) for e in exc.errors()})
        log.warning("stored %s %s fails its record schema (%s); left out",
                    entity.value, row.id, ", ".join(fields)[:200])
        return None
    return record.model_dump(mode="json")


def _rows(session: Session, entity: Entity, ids: list[str], postgres: bool) -> list[Any]:
    """The current rows of ``entity`` with these ids: plain Core rows (attribute access
    like ORM objects, none of their bookkeeping), 500 ids a statement."""
    model = ORM_TYPES[entity]
    columns = _columns(entity)
    found: list[Any] = []
    for start in range(0, len(ids), 500):
        where = _id_in(model.id, ids[start:start + 500], postgres)  # type: ignore[attr-defined]
        if columns is None:
            found += session.execute(select(model).where(where)).scalars()
        else:
            # Core columns: the session's connection runs them without the ORM's layer.
            found += session.connection().execute(select(*columns[0]).where(where)).all()
    return found


def _wire_change(session: Session, principal: Principal, entity: Entity, row: Any, seq: int,
                 drafts: set[str], delegated: set[str]) -> WireChange | None:
    """The change as ``principal`` receives it, or None when it is not for them."""
    if entity is Entity.HOUSEHOLD and not household_visible(principal, row, delegated):
        return WireChange.model_construct(seq=seq, entity=entity.value, entity_id=row.id,
                                          rev=row.rev, deleted=True, record=None)
    supervisor = principal.role is Role.SUPERVISOR
    if supervisor and ((entity is Entity.VISIT and row.status == VisitStatus.DRAFT)
                       or getattr(row, "visit_id", None) in drafts):
        return None
    record = _record(entity, row)
    if record is None:
        return None
    if supervisor and entity is Entity.VISIT and row.status == VisitStatus.RETURNED:
        record = _supervisor_copy(session, row, record)
    # Built without validating again: every value was validated just above (a page of
    # 1,000 changes went through pydantic twice).
    return WireChange.model_construct(seq=seq, entity=entity.value, entity_id=row.id,
                                      rev=row.rev, deleted=bool(row.deleted), record=record)


def _page_rows(session: Session, principal: Principal, since: int,
               limit: int) -> tuple[bool, list[Any]]:
    """(reset, the page's change rows): the reset check folded into the page query, so an
    empty pull is one round trip. The first row of the UNION carries the change log's
    newest and oldest seq; the others are (seq, entity, entity_id) in scope after ``since``."""
    page = (select(Change.seq, Change.entity, Change.entity_id)
            .where(Change.seq > since, _scope(principal))
            .order_by(Change.seq).limit(limit + 1).subquery())
    bounds = select(literal(0).label("kind"), func.max(Change.seq).label("seq"),
                    null().label("entity"), null().label("entity_id"),
                    func.min(Change.seq).label("oldest"))
    rows = select(literal(1).label("kind"), page.c.seq, page.c.entity, page.c.entity_id,
                  null().label("oldest"))
    found = session.connection().execute(union_all(bounds, rows)).all()
    newest = oldest = None
    changes = []
    for kind, seq, entity, entity_id, first in found:
        if kind == 0:
            newest, oldest = seq, first
        else:
            changes.append((seq, entity, entity_id))
    changes.sort()  # a UNION keeps no order
    # Ahead of the log (a restored backup, another server's cursor), or behind what it still
    # keeps (pruned past the retention horizon): the client starts over.
    reset = since != 0 and (newest is None or oldest is None or since > newest
                            or since < oldest - 1)
    return reset, changes


def pull_page(session: Session, principal: Principal, since: int, limit: int) -> PullPage:
    """One page of changes after ``since`` for ``principal`` (see the module docstring)."""
    reset, rows = _page_rows(session, principal, since, limit)
    if reset:
        return PullPage(changes=[], cursor=0, has_more=False, reset=True)
    has_more = len(rows) > limit
    rows = rows[:limit]
    latest: dict[tuple[str, str], int] = {}
    for seq, entity, entity_id in rows:
        latest[(entity, entity_id)] = seq
    wanted: dict[str, list[str]] = defaultdict(list)
    for entity, entity_id in latest:
        wanted[entity].append(entity_id)
    found: list[tuple[Entity, Any, int]] = []
    postgres = session.get_bind().dialect.name == "postgresql"
    for entity_name, ids in wanted.items():
        entity = Entity(entity_name)
        found += [(entity, row, latest[(entity_name, row.id)])
                  for row in _rows(session, entity, ids, postgres)]
    drafts = _drafts(session, found) if principal.role is Role.SUPERVISOR else set()
    # Households a delegation opens to the caller (issue 19); asked only for a page that
    # carries households.
    delegated = set(session.scalars(delegated_households(principal))) \
        if Entity.HOUSEHOLD.value in wanted else set()
    changes: list[WireChange] = []
    for entity, row, seq in found:
        change = _wire_change(session, principal, entity, row, seq, drafts, delegated)
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda c: c.seq)
    return PullPage.model_construct(changes=changes, cursor=rows[-1][0] if rows else since,
                                    has_more=has_more, reset=False)


def out_of_scope(session: Session, principal: Principal, household_ids: list[str]) -> list[str]:
    """Those of ``household_ids`` that ``principal`` may not see now (unknown ids too)."""
    asked = set(household_ids)
    if not asked:
        return []
    visible = set(session.scalars(select(Household.id).where(
        Household.id.in_(asked), household_filter(principal))))
    return sorted(asked - visible)
