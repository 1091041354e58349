"""Sets of values as one JSON parameter of a store statement (SQLite's ``json_each``).

A batch of 500 pushed ops or a page of 1,000 pulled records is looked up, updated or
deleted by its ids. As an ``IN`` list each id is a parameter of its own: the statement is
rendered and compiled again for every batch (its length varies), and an executemany runs
once per row with its parameters processed in Python. One JSON text that SQLite unpacks
keeps the statement the same for every batch and does the work in one execution.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, Subquery, func, select


def each(values: Sequence[Any]) -> Select[Any]:
    """The rows of ``values`` (numbers or text), for ``column.in_(each(values))``."""
    return select(func.json_each(json.dumps(values)).table_valued("value").c.value)


def pairs(rows: Sequence[tuple[Any, Any]]) -> Subquery:
    """``rows`` of (key, value) as a subquery with columns ``key`` and ``value``, to
    ``UPDATE … FROM`` in one statement: ``update(t).where(t.c.id == p.c.key)``."""
    unpacked = func.json_each(json.dumps(rows)).table_valued("value")
    return select(func.json_extract(unpacked.c.value, "$[0]").label("key"),
                  func.json_extract(unpacked.c.value, "$[1]").label("value")).subquery()
