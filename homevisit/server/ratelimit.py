"""Failed-login limits per account (across addresses) and per address (across accounts).

The counters live in the database (``login_limits``), so every worker of ``run --workers N``
and every host behind a load balancer counts together. An attempt is counted *before* its
password is checked, in one atomic upsert that returns the new count: a burst of parallel
guesses cannot all slip through between a check and a count. A successful login takes its
attempt back (and clears the account's count).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from homevisit.server.models import LoginLimit, utc_now
from homevisit.server.models.base import UtcDateTime


def account_key(username: str) -> str:
    return "account:" + username.strip().lower()[:80]


def address_key(address: str) -> str:
    return "address:" + address[:80]


@dataclass(frozen=True, slots=True)
class LoginLimits:
    max_per_account: int
    max_per_address: int
    window: dt.timedelta

    def admit(self, session: Session, username: str, address: str) -> int:
        """Count one attempt for the account and the address; the seconds to wait when
        either is over its limit (0: go ahead and check the password)."""
        now = utc_now()
        waits = [
            self._count(session, account_key(username), self.max_per_account, now),
            self._count(session, address_key(address), self.max_per_address, now),
        ]
        return max(waits)

    def succeeded(self, session: Session, username: str, address: str) -> None:
        """The attempt was the right password: forget the account's failures and take this
        attempt back from the address (a school's shared address is not punished for it)."""
        session.execute(delete(LoginLimit).where(LoginLimit.key == account_key(username)))
        session.execute(
            update(LoginLimit)
            .where(LoginLimit.key == address_key(address), LoginLimit.failures > 0)
            .values(failures=LoginLimit.failures - 1)
        )

    def prune(self, session: Session, batch: int = 1000) -> int:
        """Delete counters whose window has ended (guesses at made-up names leave a row
        each). Run it in a transaction of its own: on PostgreSQL it skips rows another
        login holds, so it never waits on one and can never deadlock with it."""
        stale = select(LoginLimit.key).where(
            LoginLimit.window_start <= utc_now() - self.window).limit(batch)
        if session.get_bind().dialect.name == "postgresql":
            stale = stale.with_for_update(skip_locked=True)
        done = session.execute(
            delete(LoginLimit).where(LoginLimit.key.in_(stale.scalar_subquery())))
        return cast("CursorResult[Any]", done).rowcount or 0  # a DELETE's result is a cursor

    def _count(self, session: Session, key: str, limit: int, now: dt.datetime) -> int:
        cutoff = now - self.window
        stale = LoginLimit.window_start <= cutoff
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(LoginLimit).values(key=key, failures=1, window_start=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[LoginLimit.key],
            set_={
                "failures": case((stale, 1), else_=LoginLimit.failures + 1),
                "window_start": case((stale, literal(now, UtcDateTime(timezone=True))),
                                     else_=LoginLimit.window_start),
            },
        ).returning(LoginLimit.failures, LoginLimit.window_start)
        failures, started = session.execute(stmt).one()
        if failures <= limit:
            return 0
        return max(1, math.ceil((started + self.window - now).total_seconds()))
