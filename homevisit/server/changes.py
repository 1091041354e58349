"""Writing the change log: every change to a synced record goes through ``record_change``
(or, in bulk, into :func:`log_table`, as a push does).

Ordering: pull reads ``seq > since``. On PostgreSQL two transactions can take seqs 10 and 11
and commit 11 first; a pull in between would move its cursor past 10 forever. So seqs are
handed out in commit order, by PostgreSQL as each transaction commits: writers put their
change rows in ``change_queue``, and a deferred trigger (migrations 0016, 0017) takes a
transaction-scoped advisory lock and moves the transaction's rows into ``changes`` in the
order they were written, so the lock is held for that statement and the commit only.
SQLite has a single writer anyway: its rows go straight into ``changes``.

Published documents take the same lock themselves, for their own sequence
(``lock_change_log``): they hold it until commit, so commit right after.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.sync_policy import POLICIES, Scope
from homevisit.server.models import Change, HelpDesk, Household, QueuedChange
from homevisit.server.models.base import Base, utc_now

_CHANGE_LOCK_KEY = 0x486F6D65  # "Home"; migration 0016's trigger takes the same key
_LOCKED = "homevisit.change_lock_tx"


def lock_change_log(session: Session) -> None:
    """Take the change-log lock until commit (PostgreSQL): published documents number their
    versions under it. Change rows need not: they are ordered at commit."""
    if session.get_bind().dialect.name != "postgresql":
        return
    tx = session.get_transaction()
    if session.info.get(_LOCKED) is tx:
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHANGE_LOCK_KEY})
    session.info[_LOCKED] = tx


def holds_change_lock(session: Session) -> bool:
    """Whether this session's open transaction took the change-log lock (PostgreSQL)."""
    tx = session.get_transaction()
    return tx is not None and session.info.get(_LOCKED) is tx


def log_model(session: Session) -> type[Change | QueuedChange]:
    """Where this session's change rows go: the queue on PostgreSQL, the log on SQLite."""
    return QueuedChange if session.get_bind().dialect.name == "postgresql" else Change


def log_table(session: Session) -> Table:
    """:func:`log_model`'s table, for bulk inserts."""
    return log_model(session).__table__  # type: ignore[return-value]  # a mapped class's is a Table


def bump(row: Base, now: dt.datetime | None = None) -> int:
    """Give a synced record its next rev (1 for a new one) and touch ``updated_at``."""
    row.rev = (getattr(row, "rev", None) or 0) + 1  # type: ignore[attr-defined]
    row.updated_at = now or utc_now()  # type: ignore[attr-defined]
    return row.rev  # type: ignore[attr-defined]


def record_change(
    session: Session,
    entity: Entity,
    row: Base,
    *,
    device_id: str | None = None,
    household: Household | None = None,
) -> None:
    """Append one change for ``row`` (already given its new rev), with the scope columns
    pull filters on, in the caller's transaction. Pass ``household`` when you have it, to
    save a lookup."""
    household_id = desk_id = region_code = None
    team_id: int | None = None
    # The policy table's scope says which columns a pull finds this record by.
    scope = POLICIES[entity].scope
    if scope is Scope.DESK:
        desk_id = getattr(row, "desk_id", None)
        desk = session.get(HelpDesk, desk_id) if desk_id else None
        if desk is not None:
            team_id, region_code = desk.team_id, desk.region_code
    elif scope is Scope.PROPOSER:  # no household yet: the proposer's team, the township
        team_id, region_code = getattr(row, "team_id", None), getattr(row, "region_code", None)
    else:
        if isinstance(row, Household):
            household = row
            household_id = row.id
        else:
            household_id = getattr(row, "household_id", None)
            if household_id and (household is None or household.id != household_id):
                household = session.get(Household, household_id)
        if isinstance(household, Household):
            team_id, region_code = household.team_id, household.region_code
    session.add(log_model(session)(
        entity=entity.value,
        entity_id=row.id,  # type: ignore[attr-defined]
        rev=row.rev,  # type: ignore[attr-defined]
        deleted=bool(getattr(row, "deleted", False)),
        household_id=household_id,
        team_id=team_id,
        region_code=region_code,
        desk_id=desk_id,
        device_id=device_id,
        changed_at=utc_now(),
    ))
