"""The one statement that reads a pull page (DESIGN §5, issue 20): the change log's bounds
(for the reset check), how far the page reaches, and the current record of every kind of
entity on the page — one round trip, whatever kinds the page holds.

    WITH probe AS (the caller's change rows after ``since``, ``limit + 1`` of them),
         pull_page AS (the first ``limit`` of them, one row per entity: its latest seq)
    SELECT the bounds row
    UNION ALL SELECT <household record as JSON> FROM pull_page JOIN households ...
    UNION ALL SELECT <member record as JSON> FROM pull_page JOIN members ...
    ...

A record is built as JSON by the database from its table's columns (``json_object`` on
SQLite, ``json_build_object`` on PostgreSQL), so kinds with different columns share one
result shape and the server validates each one straight from JSON. What the database would
render differently from the wire form is spelled out per column type: datetimes as UTC ISO
text ending in ``Z``; JSON columns (text on SQLite) embedded as JSON; SQLite floats with 17
significant digits (its JSON keeps 15, which would round a score).

Only the probe holds values of the caller's (its scope), and the page CTE the limit. The
rest — the bounds row and the branches — is built once per database kind and role (a
supervisor's branches also say whether a record belongs to a draft visit, and carry a
returned visit's finalized version) and compiled once: SQLAlchemy then has one string of
it to key its statement cache on, and psycopg sends the same text every time, so a pooled
connection prepares it after a few pulls instead of PostgreSQL planning ~20 joins each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Float,
    String,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    column,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    table,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Select, TextualSelect

from homevisit.orm_types import UtcDateTime
from homevisit.protocol.records import RECORD_TYPES, Entity
from homevisit.protocol.vocabulary import Role, VisitStatus
from homevisit.server.driver_sql import DriverStatement, render, run
from homevisit.server.models import Change, Visit, VisitVersion
from homevisit.server.principal import Principal
from homevisit.server.records import ORM_TYPES
from homevisit.server.scope import change_filter, once_visible_households

PAGE = "pull_page"
"""The CTE the record branches join: (seq, entity, entity_id, gone). The branches name it
as a plain table so they can be built once and reused with any caller's CTE."""

_page = table(PAGE, column("seq"), column("entity"), column("entity_id"), column("gone"))
_YES: ColumnElement[Any] = literal_column("1")
_NO: ColumnElement[Any] = literal_column("0")


def _sql_text(value: str) -> ColumnElement[Any]:
    """A constant of ours (a field name, a format) inline in the SQL: a bound parameter
    would be one more value per column and kind to send with every pull."""
    assert "'" not in value
    return literal_column(f"'{value}'")


@dataclass(frozen=True)
class PageRow:
    """The latest change of one entity on the page, with its record as the database built
    it (JSON text). ``gone``: a household no longer in the caller's scope (answered with a
    tombstone); ``of_draft``: a supervisor's row of a draft visit (not sent);
    ``returned_version``: for a supervisor, the finalized version of a returned visit (JSON
    text), whose content they see instead of the revision in progress."""

    seq: int
    entity: Entity
    entity_id: str
    rev: int
    record: str
    gone: bool
    of_draft: bool
    returned_version: str | None


@dataclass(frozen=True)
class Page:
    """What the page statement answered: the change log's newest and oldest seq (None when
    it is empty), how many change rows were probed (``limit + 1`` means there is more), the
    last seq of the page (None when empty) and its records."""

    newest: int | None
    oldest: int | None
    probed: int
    last_seq: int | None
    rows: list[PageRow]


# --- records as JSON -------------------------------------------------------------------------


def _json_value(col: Any, postgres: bool) -> ColumnElement[Any]:
    """``col`` as its record field's JSON value (see the module docstring)."""
    kind = col.type
    if isinstance(kind, UtcDateTime):
        if postgres:  # whatever the session's time zone
            return func.to_char(func.timezone(_sql_text("UTC"), col),
                                _sql_text('YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        # Stored as naive UTC text ('2026-07-01 08:00:00.000000'); NULL stays NULL.
        return type_coerce(col, String).concat(_sql_text("Z"))
    if isinstance(kind, JSON):
        return col if postgres else func.json(col)
    if isinstance(kind, Float) and not postgres:
        # As text: a JSON number of 17 digits is still rounded when SQLite embeds it.
        return case((col.is_(None), null()), else_=func.printf(_sql_text("%!.17g"), col))
    return col


def _record_json(model: Any, postgres: bool, entity: Entity) -> ColumnElement[Any]:
    """The record of a row of ``model`` as JSON text, built from its columns."""
    columns = {attr.key: attr.columns[0] for attr in model.__mapper__.column_attrs}
    fields = tuple(RECORD_TYPES[entity].model_fields)
    missing = set(fields) - columns.keys()
    if missing:  # a record field that is not a column cannot be built by the database
        raise TypeError(f"{entity.value}: record fields without a column: {sorted(missing)}")
    pairs: list[ColumnElement[Any]] = []
    for name in fields:
        pairs += [_sql_text(name), _json_value(columns[name], postgres)]
    if postgres:
        # As text: psycopg would parse json into Python objects.
        return cast(func.json_build_object(*pairs), Text)
    return func.json_object(*pairs)


# --- one branch per kind ---------------------------------------------------------------------


def _of_draft(entity: Entity, records: Table, supervisor: bool) -> ColumnElement[Any]:
    """1 when a supervisor's row is (or belongs to) a draft visit: a draft is the counselor's
    own work in progress, and so are its consent, attachments and flags."""
    if not supervisor:
        return _NO
    draft = _sql_text(VisitStatus.DRAFT.value)
    if entity is Entity.VISIT:
        return case((records.c.status == draft, _YES), else_=_NO)
    if "visit_id" not in records.c:
        return _NO
    visits = Visit.__table__
    return case((exists().where(visits.c.id == records.c.visit_id,
                                visits.c.status == draft), _YES), else_=_NO)


def _branch(entity: Entity, postgres: bool, supervisor: bool) -> Select[Any]:
    model = ORM_TYPES[entity]
    records: Table = model.__table__  # type: ignore[assignment]
    joined = _page.join(records, records.c.id == _page.c.entity_id)
    returned: ColumnElement[Any] = null()
    if supervisor and entity is Entity.VISIT:
        # The finalized version a returned visit's content is read from (supervisors see
        # the counselor's revision only once it is finalized again).
        versions = VisitVersion.__table__
        joined = joined.outerjoin(versions, and_(
            records.c.status == _sql_text(VisitStatus.RETURNED.value),
            versions.c.visit_id == records.c.id, versions.c.version == records.c.version))
        returned = case((versions.c.id.is_not(None),
                         _record_json(VisitVersion, postgres, Entity.VISIT_VERSION)))
    return (select(_YES.label("kind"), _page.c.seq,
                   _sql_text(entity.value).label("entity"), _page.c.entity_id,
                   records.c.rev, _record_json(model, postgres, entity).label("record"),
                   _page.c.gone, _of_draft(entity, records, supervisor).label("of_draft"),
                   returned.label("returned_version"), null().label("oldest"),
                   null().label("probed"), null().label("last_seq"))
            .select_from(joined).where(_page.c.entity == _sql_text(entity.value)))


_COLUMNS = ("kind", "seq", "entity", "entity_id", "rev", "record", "gone", "of_draft",
            "returned_version", "oldest", "probed", "last_seq")

_PAGE = text("SELECT max(seq) AS seq, entity, entity_id, max(gone) AS gone FROM "
             "(SELECT * FROM probe ORDER BY seq LIMIT :limit) AS head "
             "GROUP BY entity, entity_id").columns(*(column(c.name) for c in _page.c))
"""The first ``limit`` rows of the probe (it reads one more, to tell whether there is
more), one row per entity: its latest seq on the page."""

_probe = table("probe", column("seq"))


def _bounds() -> Select[Any]:
    """The first row: the change log's newest and oldest seq (the reset check), how many
    rows the probe found and the last seq of the page (the cursor).

    The newest and the oldest are a subquery each: SQLite reads a lone max() or min() off
    the end of the key, but both in one SELECT scanned the whole change log, so an empty
    pull grew with every change ever made (12 ms at 35,000)."""
    return select(*[
        _NO.label("kind"), select(func.max(Change.seq)).scalar_subquery().label("seq"),
        null().label("entity"), null().label("entity_id"), null().label("rev"),
        null().label("record"), null().label("gone"), null().label("of_draft"),
        null().label("returned_version"),
        select(func.min(Change.seq)).scalar_subquery().label("oldest"),
        select(func.count()).select_from(_probe).scalar_subquery().label("probed"),
        select(func.max(_page.c.seq)).scalar_subquery().label("last_seq")])


_compiled: dict[tuple[str, bool], TextualSelect] = {}


def _body(dialect: Dialect, supervisor: bool) -> TextualSelect:
    """Everything after the CTEs, compiled once per database kind and role: as SQL text, its
    part of the statement's cache key is one string; as a Core construct SQLAlchemy walked
    its ~500 columns and functions on every pull (2 ms of CPU for an empty one)."""
    key = (dialect.name, supervisor)
    if key not in _compiled:
        _compiled[key] = _compile_body(dialect, supervisor)
    return _compiled[key]


def _compile_body(dialect: Dialect, supervisor: bool) -> TextualSelect:
    postgres = dialect.name == "postgresql"
    compiled = union_all(_bounds(), *(_branch(entity, postgres, supervisor)
                                      for entity in ORM_TYPES)).compile(dialect=dialect)
    assert not compiled.params, "the body holds no values: no parameters"
    sql = str(compiled)
    assert "%" not in sql or dialect.paramstyle == "qmark", "would need escaping"
    # In text(), ":name" is a parameter; the body has none ("HH24:MI" formats).
    return text(sql.replace(":", "\\:")).columns(*(column(name) for name in _COLUMNS))


# --- the caller's part -----------------------------------------------------------------------


def _probe_cte(principal: Principal) -> Any:
    """The caller's change rows after ``:since``, ``:probe_limit`` (the limit + 1) of them.
    Scope is decided on the records as they are now; a household that has left it since is
    on the page through the other part (it was once in scope), and ``gone`` says so: the
    caller gets a tombstone."""
    now = change_filter(principal)
    once = once_visible_households(principal)
    in_scope, gone = now, _NO
    if once is not None:
        in_scope = or_(now, and_(Change.entity == Entity.HOUSEHOLD.value,
                                 Change.household_id.in_(once)))
        gone = case((now, _NO), else_=_YES)
    return (select(Change.seq, Change.entity, Change.entity_id, gone.label("gone"))
            .where(Change.seq > bindparam("since"), in_scope)
            .order_by(Change.seq).limit(bindparam("probe_limit")).cte("probe"))


@lru_cache(maxsize=2048)
def _statement(dialect: Dialect, role: Role, username: str, team_id: int | None,
               region_code: str | None) -> Any:
    """The page statement of everyone with this scope, built once: the cursor and the
    limit are parameters. Building it and deriving its cache key was a third of the CPU of
    a pull that finds nothing; a device pulls every few seconds with the same scope. Keyed
    on what ``scope`` reads of a principal, so a changed role, team or region is a new
    statement."""
    who = Principal(user_id=0, username=username, display_name="", role=role,
                    team_id=team_id, team_name=None, region_code=region_code, desk_id=None,
                    device_id="")
    body = _body(dialect, role is Role.SUPERVISOR)
    return body.add_cte(_probe_cte(who), _PAGE.cte(PAGE))


def page_statement(principal: Principal, dialect: Dialect) -> Any:
    """The statement of one page (see the module docstring); its parameters are
    :func:`page_parameters`."""
    return _statement(dialect, principal.role, principal.username, principal.team_id,
                      principal.region_code)


@lru_cache(maxsize=2048)
def _driver_statement(dialect: Dialect, role: Role, username: str, team_id: int | None,
                      region_code: str | None) -> DriverStatement:
    """The page statement as the driver's SQL (``driver_sql``: a third of an empty pull's
    CPU went to running it through SQLAlchemy and psycopg's query conversion)."""
    return render(_statement(dialect, role, username, team_id, region_code), dialect)


def page_parameters(since: int, limit: int) -> dict[str, int]:
    return {"since": since, "limit": limit, "probe_limit": limit + 1}


def read_page(session: Session, principal: Principal, since: int, limit: int) -> Page:
    """Run the page statement; rows as the database built them."""
    statement = _driver_statement(session.get_bind().dialect, principal.role,
                                  principal.username, principal.team_id, principal.region_code)
    found = run(session, statement, page_parameters(since, limit))
    newest = oldest = last_seq = None
    probed = 0
    rows: list[PageRow] = []
    for (kind, seq, entity, entity_id, rev, record, gone, of_draft, returned, first, count,
         last) in found:
        if kind == 0:
            newest, oldest, probed, last_seq = seq, first, count, last
        else:
            rows.append(PageRow(seq, Entity(entity), entity_id, rev, record, bool(gone),
                                bool(of_draft), returned))
    return Page(newest, oldest, probed, last_seq, rows)
