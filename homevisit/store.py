"""The encrypted local store: SQLCipher through sqlcipher3 and SQLAlchemy, one worker thread.

One store per profile. It is opened with the raw 32-byte database key that the profile's key
slot unwraps (SQLCipher's ``x'…'`` form, so no passphrase derivation happens here). Every
access goes through :meth:`Store.submit` / :meth:`Store.run`, which run a function on the one
thread that owns the connection, inside one transaction (Anki's taskman): two threads never
touch the database at once, and the GUI thread never waits on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3
from sqlalchemy import Connection, Engine, Result, ScalarResult, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from homevisit import changes
from homevisit.changes import StoreChanges
from homevisit.durable import atomic_file, commit_file
from homevisit.errors import StoreClosed, StoreCorrupt, StoreError, StoreNotFound, StoreTooNew
from homevisit.households.search import maintain_search_text
from homevisit.store_migrations import current_revision, head_revision, is_known, upgrade

__all__ = ["KEY_BYTES", "Store", "head_revision", "upgrade"]

T = TypeVar("T")
log = logging.getLogger(__name__)

KEY_BYTES = 32

# Page cache: 48 MiB of decrypted pages. With 50,000 households and 175,000 members the file
# is ~150 MB: the search term index 56 MB, members 29 MB and their two indexes 17 MB,
# households 15 MB, the listing index that the list runs on 12 MB, search keys 10 MB.
# Measured on a quiet 2-core machine (bench_store, bench_gui): at 32 MiB the list page at
# offset 25,000 ran 2.0-2.4x plain SQLite (the listing index is evicted by lookups and search
# and re-decrypted); at 48 MiB 0.96x, with search p95 ~26 ms and the app's peak RSS 225 MB
# (17 MB more than 32 MiB), inside the 250 MB budget (DESIGN §6). 16 MiB doubles first-page
# and scroll-back times.
CACHE_KIB = 48 * 1024

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def _is_corruption(exc: BaseException) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _connect(path: Path, key: bytes | None) -> sqlcipher3.Connection:
    """Open and key one connection. Nothing is written before the key is proven right."""
    # isolation_level=None: SQLAlchemy emits BEGIN itself (see _transactional), which is the
    # only way to get real transactions, including DDL, out of the pysqlite-style driver.
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None)
    except sqlcipher3.Error as exc:
        raise StoreError() from exc
    try:
        if key is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # errors reach us as exceptions
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # The first read decrypts page 1: a wrong key or a damaged header fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files, ever
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        # WAL: a commit appends to one (encrypted) file instead of journalling whole pages;
        # synchronous FULL because a field visit saved on a laptop must survive power loss.
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        # Wrong key, damaged header or not a database at all; anything else (a missing
        # folder, a file locked by another process) is not the file's fault.
        raise (StoreCorrupt() if _is_corruption(exc) else StoreError()) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _json_default(value: Any) -> Any:
    # Wire records (pydantic models) and dates inside JSON columns are stored as plain JSON,
    # so sync can copy a record's nested fields as they are.
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _to_json(value: Any) -> str:
    # ensure_ascii=False: Chinese text takes 3 bytes a character instead of 6.
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _make_engine(path: Path, key: bytes | None) -> Engine:
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3,
        creator=lambda: _connect(path, key),
        json_serializer=_to_json,
        poolclass=StaticPool,  # the one connection, owned by the worker thread
        hide_parameters=True,  # SQL parameters are personal data; keep them out of errors
    )
    event.listen(engine, "begin", _transactional)
    return engine


def _transactional(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _driver(connection: Connection) -> sqlcipher3.Connection:
    raw = connection.connection.driver_connection
    assert raw is not None
    return raw


def _checkpoint(connection: Connection) -> None:
    """Fold the WAL into the main file so a byte copy of the file is the whole store."""
    busy, _, _ = _driver(connection).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise StoreError()


def _copy_durably(source: Path, target: Path) -> None:
    with atomic_file(target, prefix=f".{target.name}.") as dst, source.open("rb") as src:
        shutil.copyfileobj(src, dst, 1 << 20)


def backup_path(path: Path, revision: str) -> Path:
    """Where the copy taken before upgrading ``path`` to ``revision`` is kept."""
    return path.with_name(f"{path.name}.pre-{revision}.bak")


class Store:
    """An open store. Use :meth:`open`; close with :meth:`close` (or a ``with`` block)."""

    def __init__(self, path: Path, key: bytes | None, migrations: Path | None) -> None:
        self.path = path
        self.encrypted = key is not None
        self._key = key
        self._migrations = migrations
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="homevisit-store")
        self._worker: threading.Thread | None = None
        self._closed = False
        self._broken = False
        self._listeners: list[Callable[[StoreChanges], None]] = []

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes | None,
        *,
        create: bool = False,
        migrations: Path | None = None,
    ) -> Store:
        """Open the store at ``path`` with the raw 32-byte database ``key`` (None: a plain
        SQLite file, for tests and the benchmark floor only), upgrading it to the current
        schema after keeping a copy. ``create`` allows making a new store when none exists.
        ``migrations`` points at another script directory (tests only).

        Raises :class:`StoreNotFound` (missing and not ``create``), :class:`StoreCorrupt`
        (wrong key, damaged or not a store: the file is left untouched) or
        :class:`StoreTooNew` (made by a newer app).
        """
        if key is not None and len(key) != KEY_BYTES:
            raise ValueError("the database key must be 32 raw bytes")
        path = Path(path)
        if not path.exists() and not create:
            raise StoreNotFound()
        if path.exists() and path.stat().st_size == 0:
            raise StoreCorrupt()  # stores are created whole (see _create); never empty
        store = cls(path, key, migrations)
        try:
            store._executor.submit(store._start).result()
        except BaseException:
            store.close()
            raise
        return store

    def _start(self) -> None:
        self._worker = threading.current_thread()
        if not self.path.exists():
            self._create()
        self._engine = _make_engine(self.path, self._key)
        with self._engine.connect() as conn:
            self._upgrade_if_needed(conn)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        changes.track(self._sessions)
        maintain_search_text(self._sessions)

    def _create(self) -> None:
        # Built under a temporary name and renamed into place, so a crash never leaves a
        # half-made store where the next open would take it for a damaged one.
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.creating")
        engine = _make_engine(tmp, self._key)
        try:
            with engine.connect() as conn, conn.begin():
                upgrade(conn, self._migrations)
            with engine.connect() as conn:
                _checkpoint(conn)
            engine.dispose()
            commit_file(tmp, self.path)
        finally:
            engine.dispose()
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def _upgrade_if_needed(self, conn: Connection) -> None:
        try:
            current = current_revision(conn)
            conn.rollback()
        except DBAPIError as exc:
            raise StoreCorrupt() from exc
        head = head_revision(self._migrations)
        if current is None:
            raise StoreCorrupt()  # an SQLite file, but not a Homevisit store
        if not is_known(current, self._migrations):
            raise StoreTooNew()
        if current == head:
            return
        _checkpoint(conn)
        # Always a fresh copy: a failed attempt rolled back, and the store may have been used
        # (by an older app) since, so an earlier copy could be missing recent work.
        _copy_durably(self.path, backup_path(self.path, head))
        driver = _driver(conn)
        # SQLite's table rebuilds (Alembic batch mode) must run with foreign keys off, or
        # dropping a parent table would cascade; they are checked again before commit.
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                upgrade(conn, self._migrations)
                if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError()
        finally:
            driver.execute("PRAGMA foreign_keys = ON")

    # --- using -----------------------------------------------------------------------------

    def submit(self, fn: Callable[[Session], T]) -> Future[T]:
        """Run ``fn(session)`` on the store's worker thread in one transaction: committed if
        ``fn`` returns, rolled back if it raises (the exception reaches the caller through
        the future). Returned ORM objects are detached: their loaded attributes stay
        readable, lazy relationships do not load."""
        if self._closed:
            raise StoreClosed()
        return self._executor.submit(lambda: self._in_transaction(fn)[0])

    def write(self, fn: Callable[[Session], T]) -> Future[tuple[T, StoreChanges]]:
        """Like :meth:`submit`, and also what the transaction changed (Anki's OpChanges).
        Listeners (:meth:`add_listener`) hear the same changes either way."""
        if self._closed:
            raise StoreClosed()
        return self._executor.submit(self._in_transaction, fn)

    def add_listener(self, listener: Callable[[StoreChanges], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every committed transaction that wrote anything,
        on the store's worker thread (so it must only hand the value on). Returns the
        function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _publish(self, changed: StoreChanges) -> None:
        for listener in list(self._listeners):
            try:
                listener(changed)
            except Exception:  # a view's bug must not fail a committed write
                log.exception("store change listener failed")

    def run(self, fn: Callable[[Session], T]) -> T:
        """:meth:`submit` and wait for the result."""
        if threading.current_thread() is self._worker:
            raise RuntimeError("Store.run called on the store's own worker; use the session")
        return self.submit(fn).result()

    def _in_transaction(self, fn: Callable[[Session], T]) -> tuple[T, StoreChanges]:
        if self._broken or self._sessions is None:
            raise StoreCorrupt()
        session = self._sessions()
        changes.begin(session)
        try:
            with session.begin():
                result = fn(session)
                live: object = result
                if isinstance(live, ScalarResult) or (
                    # an UPDATE's result (returns_rows False) holds nothing to read later
                    isinstance(live, Result) and getattr(live, "returns_rows", True)
                ):
                    # A live result would be read later on the caller's thread.
                    raise TypeError("return rows (e.g. .all()), not a live result, from fn")
            changed = changes.collected(session)  # committed: now it happened
            if changed:
                self._publish(changed)
            return result, changed
        except DBAPIError as exc:
            if _is_corruption(exc):
                self._broken = True  # never serve anything from a tampered store again
                raise StoreCorrupt() from exc
            raise
        finally:
            session.close()

    def check(self) -> list[str]:
        """Verify every page's HMAC (``cipher_integrity_check``) and the b-trees
        (``integrity_check``) and foreign keys; the list of problems, empty when fine."""
        if self._closed:
            raise StoreClosed()
        return self._executor.submit(self._check).result()

    def _check(self) -> list[str]:
        assert self._engine is not None
        problems: list[str] = []
        with self._engine.connect() as conn:
            driver = _driver(conn)
            try:
                _checkpoint(conn)  # so the pages checked are all in the main file
                if self.encrypted:
                    problems += [str(r[0]) for r in driver.execute("PRAGMA cipher_integrity_check")]
                result = [str(r[0]) for r in driver.execute("PRAGMA integrity_check")]
                problems += [] if result == ["ok"] else result
                problems += [
                    f"foreign key: {table} row {rowid} refers to a missing {parent} row"
                    for table, rowid, parent, _ in driver.execute("PRAGMA foreign_key_check")
                ]
            except sqlcipher3.DatabaseError as exc:
                problems.append(f"unreadable: {exc}")
        if problems:
            self._broken = True
        return problems

    # --- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the worker and close the connection (the WAL is folded back on close)."""
        if self._closed:
            return
        self._closed = True
        if self._engine is not None:
            self._executor.submit(self._engine.dispose).result()
        self._executor.shutdown(wait=True)
        self._engine = self._sessions = None
        self._key = None  # the engine's creator held it too; both are gone now

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
