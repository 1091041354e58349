"""``column IN (ids)`` as one bound parameter, for the sync hot paths.

SQLAlchemy renders ``column.in_(ids)`` with one placeholder per id at every execution
(its "expanding" parameter), so a push of 500 ops paid for rendering 500 placeholders in
each lookup, and psycopg parsed a statement it had never seen for every new count (~7 ms
for 200 ids). Here the ids travel as ONE value — an array on PostgreSQL (``= ANY``), a
JSON array unpacked by ``json_each`` on SQLite — so the SQL text is the same for any
count and is compiled and cached once.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Integer,
    String,
    any_,
    bindparam,
    func,
    select,
)
from sqlalchemy.sql.elements import ColumnClause


def id_in(column: ColumnClause[Any] | Any, ids: Collection[str] | Collection[int],
          dialect: str) -> ColumnElement[bool]:
    """``column IN ids`` for the session's ``dialect`` name (``"postgresql"``,
    ``"sqlite"``); ``column`` holds strings or integers, like ``ids``."""
    values = list(ids)
    numeric = isinstance(column.type, Integer | BigInteger)
    if dialect == "postgresql":
        array = ARRAY(BigInteger if numeric else String)
        return column == any_(bindparam(None, values, type_=array))
    unpacked = func.json_each(bindparam(None, json.dumps(values), type_=String)
                              ).table_valued("value")
    return column.in_(select(unpacked.c.value))
