"""Bulk inserts on the push path: one driver ``executemany`` per table and batch.

SQLAlchemy's executemany compiles a statement's parameters row by row (about 25 µs a row,
with a type processor call per value); a push of 500 ops inserts 1,500 rows (records,
change-log rows, stored results), and most of their values are the same few objects (the
batch's time, the device, an "applied, rev 1" result). Here the statement is compiled once
per table, key set and dialect, each distinct value object goes through its column's bind
processor once per call, and the driver gets plain parameter rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache, lru_cache, partial
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy import exc as sa_exc
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from homevisit.orm_types import UtcDateTime
from homevisit.server.db import json_text

_EMPTY = (list, dict)

COPY_FROM = 20
"""Rows from which PostgreSQL gets ``COPY … FROM STDIN`` instead of a pipelined
executemany (which still sends, binds and plans one INSERT per row)."""


STATEMENTS = 512
"""Statements kept compiled: one per table and set of columns a batch fills, and which
columns are NULL in every row of a batch varies with what devices send."""


@lru_cache(maxsize=STATEMENTS)
def _statement(table: Table, keys: tuple[str, ...], dialect: Dialect,
               ) -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    # inline(): no RETURNING of generated keys (PostgreSQL would add one for a serial key).
    compiled = table.insert().inline().compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ()) if compiled.positional else ()
    return compiled.string, order, tuple(_processor(table, key, dialect) for key in keys)


def _processor(table: Table, key: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column's bind processing: the dialect's own implementation of its type (psycopg
    wraps JSON its own way), but on SQLite JSON as text (its column is text) and a UTC
    datetime in one step instead of two."""
    if dialect.name == "sqlite":
        if _is_json(table, key, dialect):
            return json_text
        if isinstance(table.c[key].type, UtcDateTime):
            return sqlite_utc_text
    return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)


def sqlite_utc_text(value: dt.datetime) -> str:
    """An aware datetime as a UtcDateTime column keeps it on SQLite: naive UTC, in the text
    SQLAlchemy's SQLite DATETIME writes (microseconds always, so text order is time order).
    What the two processors it replaces did, in one C call."""
    if value.tzinfo is None:
        raise ValueError("naive datetime; pass an aware one (UTC)")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@lru_cache(maxsize=STATEMENTS)
def _copy_processors(table: Table, keys: tuple[str, ...], dialect: Dialect,
                     ) -> tuple[Any, ...]:
    """The processors for COPY: JSON columns as their text (COPY's text format takes it as
    is) rather than psycopg's JSON wrapper, which serialises again for every row even when
    the rows share one value (every stored "applied, rev 1" result)."""
    _, _, processors = _statement(table, keys, dialect)
    return tuple(json_text if _is_json(table, key, dialect) else process
                 for key, process in zip(keys, processors, strict=True))


def _is_json(table: Table, key: str, dialect: Dialect) -> bool:
    return isinstance(table.c[key].type.dialect_impl(dialect), sqltypes.JSON)


class Same:
    """A column with one value in every row (the batch's time, the device, rev 1): it is
    processed once and never copied per row until the driver gets its parameters."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


Column = list[Any] | tuple[Any, ...] | Same


class Columns:
    """Rows of one table gathered column by column, in blocks: a block of many rows (a
    batch's new visits) costs no dict per row, a single row (one op's change) one."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, dict[str, Column]]] = []

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def add(self, count: int, columns: dict[str, Column]) -> None:
        self.blocks.append((count, columns))

    def add_row(self, row: dict[str, Any]) -> None:
        self.blocks.append((1, {key: Same(value) for key, value in row.items()}))

    def joined(self) -> tuple[int, dict[str, Column]]:
        """All blocks as one (they have the same keys)."""
        if len(self.blocks) == 1:
            return self.blocks[0]
        total = sum(count for count, _ in self.blocks)
        keys = self.blocks[0][1].keys()
        joined: dict[str, Column] = {}
        for key in keys:
            parts = [columns[key] for _, columns in self.blocks]
            first = parts[0]
            if isinstance(first, Same) and all(
                    isinstance(part, Same) and part.value is first.value for part in parts):
                joined[key] = first
                continue
            values: list[Any] = []
            for (count, _), part in zip(self.blocks, parts, strict=True):
                if isinstance(part, Same):
                    values.extend(repeat(part.value, count))
                else:
                    values.extend(part)
            joined[key] = values
        return total, joined


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` in the session's
    transaction, with the columns' type processing (JSON, UTC datetimes, enums)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # rows of one kind share their keys; anything else goes on its own
        groups.setdefault(tuple(row), []).append(row)
    for keys, group in groups.items():
        # Transposed in C: one tuple of values per column.
        by_key: dict[str, Column] = dict(zip(
            keys, zip(*map(itemgetter(*keys), group), strict=True), strict=True)) \
            if len(keys) > 1 else {keys[0]: tuple(row[keys[0]] for row in group)}
        insert_columns(session, table, len(group), by_key)


def insert_columns(session: Session, table: Table, count: int,
                   columns: dict[str, Column]) -> None:
    """INSERT ``count`` rows given column by column (each a sequence of ``count`` values
    or one :class:`Same` value) into ``table``, like :func:`insert_rows`."""
    if not count:
        return
    defaults = _python_defaults(table, tuple(columns))
    if defaults:  # what the ORM would have filled in (a server-owned field left out)
        columns = {**columns, **{key: [make() for _ in range(count)] for key, make in defaults}}
    _insert(session, table, count, columns)


@cache
def _python_defaults(table: Table, keys: tuple[str, ...],
                     ) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The columns missing from ``keys`` that have a Python-side default, with a maker of
    their value: an inline INSERT binds them, and COPY would leave them NULL."""
    makers: list[tuple[str, Callable[[], Any]]] = []
    for column in table.columns:
        default = column.default
        if column.key in keys or default is None:
            continue
        if getattr(default, "is_callable", False):
            makers.append((column.key, partial(default.arg, None)))  # type: ignore[attr-defined]
        elif getattr(default, "is_scalar", False):
            makers.append((column.key, partial(lambda value: value, default.arg)))  # type: ignore[attr-defined]
    return tuple(makers)


def _insert(session: Session, table: Table, count: int, by_key: dict[str, Column]) -> None:
    connection = session.connection()
    dialect = connection.dialect
    # A column NULL in every row is left out where the database makes it NULL anyway: a
    # new visit has a dozen such columns, and SQLite's driver adapts each None it binds.
    keys = tuple(key for key, column in by_key.items()
                 if not _null_when_left_out(table, key) or not _all_null(column, count))
    sql, order, processors = _statement(table, keys, dialect)
    copy = dialect.name == "postgresql" and count >= COPY_FROM
    if copy:
        processors = _copy_processors(table, keys, dialect)
    if order:  # a positional paramstyle (SQLite's qmark): the statement's order
        at = {key: i for i, key in enumerate(keys)}
        keys, processors = order, tuple(processors[at[name]] for name in order)
    columns = [_processed(by_key[key], process, count)
               for key, process in zip(keys, processors, strict=True)]
    params = list(zip(*columns, strict=True))
    if copy:
        _copy(connection, table, keys, params)
    elif order:
        connection.exec_driver_sql(sql, params)
    else:
        connection.exec_driver_sql(sql, [dict(zip(keys, values, strict=True))
                                         for values in params])


def _all_null(column: Column, count: int) -> bool:
    if isinstance(column, Same):
        return column.value is None
    return column.count(None) == count


@cache
def _null_when_left_out(table: Table, key: str) -> bool:
    column = table.c[key]
    return column.nullable is True and column.server_default is None \
        and not column.primary_key


def _processed(column: Column, process: Callable[[Any], Any] | None,
               count: int) -> Iterable[Any]:
    """``column``'s values through ``process``, each value object once (None stays None)."""
    if isinstance(column, Same):
        value = column.value
        return repeat(value if value is None or process is None else process(value), count)
    if process is None:
        return column
    distinct = set(map(id, column))
    if len(distinct) == 1:  # one object in every row: the batch's time, device, status …
        value = column[0]
        return column if value is None else [process(value)] * len(column)
    if len(distinct) == len(column):  # a value of its own in every row
        return [None if value is None else process(value) for value in column]
    seen: dict[Any, Any] = {}  # the rows hold the values: their ids are not reused
    out = list(column)
    for i, value in enumerate(column):
        if value is not None:
            # Empty lists and objects are new objects in every row (a record's unused
            # JSON fields): one key for each kind.
            ident = id(value) if value or type(value) not in _EMPTY else type(value)
            if ident not in seen:
                seen[ident] = process(value)
            out[i] = seen[ident]
    return out


def _copy(connection: Any, table: Table, keys: tuple[str, ...],
          rows: list[tuple[Any, ...]]) -> None:
    """``COPY table (keys) FROM STDIN`` on the session's own connection (same transaction).
    Driver errors become SQLAlchemy's, as from any statement, so a constraint that fails
    is handled like a failed INSERT (the push redoes its batch one op at a time)."""
    import psycopg  # only ever on PostgreSQL

    quote = connection.dialect.identifier_preparer
    sql = (f"COPY {quote.format_table(table)} ("
           + ", ".join(quote.quote(key) for key in keys) + ") FROM STDIN")
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as exc:
        raise sa_exc.IntegrityError(sql, None, exc) from exc
    except psycopg.DataError as exc:
        raise sa_exc.DataError(sql, None, exc) from exc
