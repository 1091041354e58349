"""Statements run straight on the database driver's cursor, rendered once (issue 20).

Two statements run at nearly every request a device makes: authentication and the pull
page, which mostly finds nothing. Through SQLAlchemy's execution each run of the page cost
about 420 µs of CPU (the execution context, the compiled-cache lookup, parameter and
result processing), and psycopg parsed its 22 KB of text again every time: it caches the
conversion of statements up to 4 KB only. Rendered once as the driver's own SQL with
positional parameters and sent through psycopg's ``RawCursor`` (no conversion) or
sqlite3's cursor, the same run costs about 170 µs.

What SQLAlchemy would still do is kept: values set when the statement was built go
through their type's bind processor once; result columns whose type has a result
processor (a timestamp stored as text on SQLite, an enum) get it per row; and a driver
error that means the connection is gone invalidates it, so the pool never hands it out
again; listeners of ``before_cursor_execute`` see the statement as SQLAlchemy's own
execution would show it. Values given per call must be plain (ints, text) — they are sent
as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement


@dataclass(frozen=True)
class DriverStatement:
    """A statement as its driver's SQL: the parameter names in position order, the
    processed values of those fixed when it was built, and each result column's processor
    (None where the driver's value is already the one wanted)."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]
    results: tuple[Callable[[Any], Any] | None, ...]
    postgres: bool

    def values(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        fixed = self.fixed
        return tuple(params[name] if name in params else fixed[name] for name in self.names)


def render(statement: ClauseElement, dialect: Dialect) -> DriverStatement:
    """``statement`` rendered for ``dialect``'s driver (PostgreSQL through psycopg, or
    SQLite); build once, run many times with :func:`run`."""
    postgres = dialect.name == "postgresql"
    if not postgres and dialect.paramstyle != "qmark":
        raise ValueError(f"no driver path for {dialect.name} ({dialect.paramstyle})")
    # psycopg's RawCursor takes $1, $2 … as PostgreSQL itself does: nothing to convert.
    target = cast(Any, type(dialect))(paramstyle="numeric_dollar") if postgres else dialect
    compiled = cast(SQLCompiler, statement.compile(dialect=target))
    names = tuple(compiled.positiontup or ())
    fixed = {}
    for name, value in compiled.params.items():
        process = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        fixed[name] = process(value) if process is not None and value is not None else value
    columns = getattr(statement, "selected_columns", ())
    # The dialect's own variant of each type (SQLite's DATETIME parses text; the generic
    # DateTime has nothing to do), as SQLAlchemy's execution picks it.
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in columns)
    return DriverStatement(str(compiled), names, fixed, results, postgres)


def run(session: Session, statement: DriverStatement,
        params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` with ``params``, on the session's connection and in its
    transaction (as ``session.connection().execute`` would run it)."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None  # a checked-out connection has one
    values = statement.values(params)
    if connection.dispatch.before_cursor_execute:  # whoever watches statements sees these
        connection.dispatch.before_cursor_execute(connection, None, statement.sql, values,
                                                  None, False)
    try:
        if statement.postgres:
            from psycopg import RawCursor  # only a PostgreSQL server loads the driver

            with RawCursor(driver) as cursor:
                # Prepared at once: the same text every time (psycopg would after five).
                cursor.execute(statement.sql, values, prepare=True)
                rows = cursor.fetchall()
        else:
            cursor = driver.cursor()
            try:
                rows = cursor.execute(statement.sql, values).fetchall()
            finally:
                cursor.close()
    except connection.dialect.loaded_dbapi.Error as error:
        if connection.dialect.is_disconnect(error, driver, None):
            connection.invalidate(error)
        raise
    if not any(statement.results):
        return rows
    processors = statement.results
    return [tuple(value if process is None or value is None else process(value)
                  for process, value in zip(processors, row, strict=True)) for row in rows]
