"""The roster-matching secret (DESIGN §3 flags, source a; issue 9 item 9).

Roster ID numbers are stored as HMAC-SHA-256 under a 256-bit secret that lives outside the
database, in a file (mode 0600) made by ``homevisit-server init`` only when missing. Without
the file, a copy of the database does not give the numbers back: plain SHA-256 of an
18-digit resident ID is reversed by enumeration in seconds.

The message authenticated is the SHA-256 hex of the normalised number, so rows stored by
the old scheme (plain SHA-256) are rehashed in place without the numbers: :func:`bind` does
that once, in the transaction that stores the secret's fingerprint. The fingerprint (an HMAC
of a fixed label, not the key) is checked at every start; a server given another file refuses
to start. Several API hosts share one file (copy it, mode 0600, or mount it from a secret
store); the README says how.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from homevisit.durable import create_exclusive
from homevisit.server.db import make_sessionmaker
from homevisit.server.errors import (
    RosterSecretMismatch,
    RosterSecretMissing,
    RosterSecretUnreadable,
)
from homevisit.server.models import RosterEntry, ServerKey

NAME = "roster"
SESSION_KEY = "roster_key"
"""Where every server session carries the key (``session.info``)."""
_REHASH_BATCH = 5000


def plain_hash(number: str) -> str:
    """The pre-HMAC scheme (SHA-256 of the normalised number): the HMAC's message."""
    return hashlib.sha256(number.strip().upper().encode()).hexdigest()


class RosterKey:
    """The loaded secret; ``repr`` never shows it."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise RosterSecretUnreadable()
        self._secret = secret
        self.fingerprint = hmac.new(secret, b"homevisit roster key fingerprint",
                                    hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"RosterKey(fingerprint={self.fingerprint[:12]}…)"

    def id_number_hash(self, number: str) -> str:
        return self.rehash(plain_hash(number))

    def rehash(self, plain: str) -> str:
        return hmac.new(self._secret, plain.encode(), hashlib.sha256).hexdigest()


def create_secret_file(path: Path) -> bool:
    """Make the secret file unless it exists (True when made). O_EXCL: an existing file,
    even one made a moment ago by another process, is never overwritten. Mode 0600 on
    POSIX; Windows ignores the mode (the file inherits its folder's ACL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # durable opens it in binary mode: the same bytes on Windows and Linux
    return create_exclusive(path, (secrets.token_hex(32) + "\n").encode("ascii"))


def load(path: Path) -> RosterKey:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise RosterSecretMissing() from None
    except (OSError, UnicodeDecodeError):
        raise RosterSecretUnreadable() from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise RosterSecretUnreadable() from None
    return RosterKey(secret)


def bind(session: Session, key: RosterKey) -> bool:
    """Check ``key`` against the stored fingerprint; with none stored yet, store it and
    rehash every roster row from SHA-256 to HMAC in the same transaction (True when that
    happened). Commits. Raises :class:`RosterSecretMismatch` for another key.

    The fingerprint row is inserted *before* the rehash: two processes starting at once
    collide on its primary key, and only the one that inserted rehashes."""
    stored = session.get(ServerKey, NAME)
    if stored is not None:
        session.rollback()
        if not hmac.compare_digest(stored.fingerprint, key.fingerprint):
            raise RosterSecretMismatch()
        return False
    try:
        session.add(ServerKey(name=NAME, fingerprint=key.fingerprint))
        session.flush()
    except IntegrityError:
        session.rollback()
        return bind(session, key)
    last = 0
    while True:
        rows = session.execute(
            select(RosterEntry.id, RosterEntry.id_number_hash)
            .where(RosterEntry.id > last).order_by(RosterEntry.id).limit(_REHASH_BATCH)
        ).all()
        if not rows:
            break
        session.execute(update(RosterEntry), [
            {"id": row_id, "id_number_hash": key.rehash(plain)} for row_id, plain in rows])
        last = rows[-1][0]
    session.commit()
    return True


def keyed_sessions(engine: Engine, path: Path, *, create: bool = False
                   ) -> tuple[sessionmaker[Session], RosterKey]:
    """Sessions carrying the roster key, after checking it against the database (and, on
    first use, rehashing stored rosters). ``create`` makes a missing file first: only
    ``homevisit-server init`` and throwaway demo and test servers pass it."""
    if create:
        create_secret_file(path)
    key = load(path)
    with make_sessionmaker(engine)() as session:
        bind(session, key)
    return make_sessionmaker(engine, info={SESSION_KEY: key}), key
