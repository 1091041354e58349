"""What a store transaction changed (Anki's ``OpChanges``), so each view decides what to refresh.

Every transaction the store runs — a GUI action, a sync page, a CLI command — ends with a
:class:`StoreChanges`: the tables it wrote and the households those rows belong to. The store
hands it to its listeners (:meth:`homevisit.store.Store.add_listener`); the GUI turns that
into one Qt signal, and each page or dialog asks the value whether it cares
(``changes.touches("visits") and changes.touches_household(self.household_id)``). Nobody
keeps a hand-written list of what to refresh after which action.

Rows written through the ORM name their household exactly; a bulk statement
(``session.execute(update(Visit), rows)``) names only its table, and then every household
counts as touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

_INFO_KEY = "homevisit.changes"

HOUSEHOLD_TABLES = frozenset({
    "households", "members", "students", "assignments", "visits", "visit_versions",
    "consent_records", "attachments", "flags", "reviews", "aid_entries", "appointments",
    "handbacks", "handback_decisions",
})
"""Tables whose rows belong to a household (what a household list or detail shows)."""


@dataclass(frozen=True, slots=True)
class StoreChanges:
    """The tables one transaction wrote and the households of those rows.

    ``households`` is None when a bulk statement changed rows of a household table without
    naming them: then any household may have changed."""

    tables: frozenset[str] = frozenset()
    households: frozenset[str] | None = frozenset()

    def __bool__(self) -> bool:
        return bool(self.tables)

    def touches(self, *tables: str) -> bool:
        """Whether any of ``tables`` was written (any table at all when none is named)."""
        return bool(self.tables) if not tables else not self.tables.isdisjoint(tables)

    def touches_household(self, household_id: str) -> bool:
        """Whether a row of ``household_id`` (or of an unnamed household) was written."""
        return self.households is None or household_id in self.households

    def __or__(self, other: StoreChanges) -> StoreChanges:
        households = (None if self.households is None or other.households is None
                      else self.households | other.households)
        return StoreChanges(self.tables | other.tables, households)


@dataclass(slots=True)
class _Collector:
    tables: set[str] = field(default_factory=set)
    households: set[str] | None = field(default_factory=set)

    def row(self, obj: Any) -> None:
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table is None:
            return
        self.tables.add(table)
        household = obj.id if table == "households" else getattr(obj, "household_id", None)
        if self.households is not None and isinstance(household, str):
            self.households.add(household)

    def bulk(self, table: str) -> None:
        self.tables.add(table)
        if table in HOUSEHOLD_TABLES:
            self.households = None

    def result(self) -> StoreChanges:
        households = None if self.households is None else frozenset(self.households)
        return StoreChanges(frozenset(self.tables), households)


def begin(session: Session) -> None:
    """Start recording what ``session``'s transaction writes."""
    session.info[_INFO_KEY] = _Collector()


def collected(session: Session) -> StoreChanges:
    """What ``session`` wrote since :func:`begin` (empty when nothing was recorded)."""
    collector = session.info.pop(_INFO_KEY, None)
    return collector.result() if isinstance(collector, _Collector) else StoreChanges()


def note_bulk_write(session: Session, table: str) -> None:
    """Record a write of ``table`` by a statement the ORM does not see (Core, on the
    session's connection): as any bulk statement, it names no household."""
    collector = session.info.get(_INFO_KEY)
    if isinstance(collector, _Collector):
        collector.bulk(table)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    collector = session.info.get(_INFO_KEY)
    if isinstance(collector, _Collector):
        # The pre-flush lists are still in place here: exactly what this flush wrote.
        # ``session.dirty`` walks the whole identity map on every access: read it once
        # (asking it per object made a pull page of 1,000 rows quadratic).
        for obj in (*session.new, *session.deleted):
            collector.row(obj)
        for obj in session.dirty:
            if session.is_modified(obj):  # not only touched (e.g. a relationship loaded)
                collector.row(obj)


def _do_orm_execute(state: ORMExecuteState) -> None:
    collector = state.session.info.get(_INFO_KEY)
    if not isinstance(collector, _Collector):
        return
    if state.is_insert or state.is_update or state.is_delete:
        mapper = state.bind_mapper
        table = getattr(getattr(mapper, "local_table", None), "name", None)
        if isinstance(table, str):
            collector.bulk(table)


def track(sessions: Any) -> None:
    """Record writes of every session made by ``sessions`` (a ``sessionmaker``)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _do_orm_execute)
