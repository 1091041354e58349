"""The encrypted local store: SQLCipher through sqlcipher3 and SQLAlchemy, one worker thread.

One store per profile. It is opened with the raw 32-byte database key that the profile's key
slot unwraps (SQLCipher's ``x'…'`` form, so no passphrase derivation happens here). Every
access goes through :meth:`Store.submit` / :meth:`Store.run`, which run a function on the one
thread that owns the connection, inside one transaction (Anki's taskman): two threads never
touch the database at once, and the GUI thread never waits on disk.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import logging
import re
import shutil
import sys
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

from homevisit import audit, changes
from homevisit.changes import StoreChanges
from homevisit.durable import atomic_file, commit_file
from homevisit.errors import (
    DiskFull,
    StoreClosed,
    StoreCorrupt,
    StoreError,
    StoreNotFound,
    StoreReadOnly,
    StoreTooNew,
)
from homevisit.households.search import maintain_search_text
from homevisit.store_damage import DamageKind
from homevisit.store_damage import read as read_damage
from homevisit.store_damage import record as record_damage
from homevisit.store_migrations import (
    FreshSchema,
    current_revision,
    fresh_schema,
    head_revision,
    is_known,
    read_schema,
    upgrade,
)

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
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_LOW_SPACE = 1024 * 1024
_SQLITE_NOTADB = 26


def _is_corruption(exc: BaseException) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _is_disk_full(exc: BaseException, path: Path) -> bool:
    """SQLITE_FULL, or an I/O error on a disk with no room left (SQLite reports a WAL index
    it cannot grow as a plain I/O error)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return False
    if code & 0xFF == _SQLITE_FULL:
        return True
    try:
        return code & 0xFF == _SQLITE_IOERR and shutil.disk_usage(path.parent).free < _LOW_SPACE
    except OSError:
        return False


def _is_read_only_refusal(exc: BaseException) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) == _SQLITE_READONLY


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
            _key_connection(conn, key)
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
        # Wrong key, damaged header or not a database at all; anything else (a full disk,
        # a missing folder, a file locked by another process) is not the file's fault.
        if _is_disk_full(exc, path):
            raise DiskFull() from None
        raise (StoreCorrupt() if _is_corruption(exc) else StoreError()) from exc
    except BaseException:
        conn.close()
        raise
    return conn


_HEX_DIGITS = b"0123456789abcdef"
_KEY_PREFIX, _KEY_SUFFIX = b"PRAGMA key = \"x'", b"'\""


def _key_connection(conn: sqlcipher3.Connection, key: bytes | bytearray) -> None:
    """Hand SQLCipher the raw key with as few copies as its Python API allows.

    PRAGMA key only takes SQL text, so one ``str`` holding the key's hex is unavoidable. It
    is built from a bytearray without any intermediate ``hex()`` string, run through
    ``executescript`` (which prepares and finalizes the statement itself: the statement
    cache, which would keep the text as a key for the connection's life, never sees it),
    then overwritten in place and dropped. What stays out of reach is listed in
    docs/keys-in-memory.md (SQLite's freed parse buffers, SQLCipher's own key schedule
    while the store is open).
    """
    statement = bytearray(_KEY_PREFIX) + bytearray(2 * len(key)) + bytearray(_KEY_SUFFIX)
    at = len(_KEY_PREFIX)
    for i, byte in enumerate(key):
        statement[at + 2 * i] = _HEX_DIGITS[byte >> 4]
        statement[at + 2 * i + 1] = _HEX_DIGITS[byte & 0x0F]
    text = statement.decode("ascii")
    try:
        conn.executescript(text)
    finally:
        _overwrite_text(text)
        del text
        statement[:] = bytes(len(statement))


def _overwrite_text(text: str) -> None:
    """Zero an ASCII ``str``'s characters in place. CPython keeps a compact ASCII string's
    characters right after its header (and hands that same buffer to C as UTF-8), so this
    wipes the one copy; elsewhere it does nothing (and docs/keys-in-memory.md says so)."""
    if sys.implementation.name != "cpython" or not text.isascii():
        return
    header = sys.getsizeof(text) - len(text) - 1  # the characters end in a NUL
    ctypes.memset(id(text) + header, 0, len(text))


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


def _migrated_schema(migrations: Path | None) -> FreshSchema:
    """Run the migrations into an empty plain database in memory (no data, only schema)
    and read back what they made."""
    engine = _make_engine(Path(":memory:"), None)
    try:
        with engine.connect() as conn:
            with conn.begin():
                upgrade(conn, migrations)
            return read_schema(_driver(conn))
    finally:
        engine.dispose()


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


_INDEX_PROBLEM = re.compile(r"(?:missing from index|wrong # of entries in index) (\w+)")


def _with_root_pages(driver: sqlcipher3.Connection, problems: list[str]) -> list[str]:
    """SQLite names an index, not a page, when rows and index disagree; add the index's
    root page so every problem names a page (SQLite's other lines already do)."""
    roots = dict(driver.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    named = []
    for line in problems:
        found = _INDEX_PROBLEM.search(line)
        if found and found.group(1) in roots and "page" not in line:
            line = f"{line} (b-tree root page {roots[found.group(1)]})"
        named.append(line)
    return named


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
        # Where the audit chain's head is recorded after each commit that appended events
        # (set by the profile that owns the store; None: no head file, e.g. in tests).
        self.audit_head_file: Path | None = None
        self._audit_key = audit.chain_key(key)
        self._listeners: list[Callable[[StoreChanges], None]] = []
        # Set when `store check` found b-tree or audit damage, now or in an earlier run.
        self._read_only = False

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
        damage = read_damage(path)
        if damage is not None and damage.closes_the_store:
            raise StoreCorrupt()  # a page failed its HMAC when checked: never served again
        store = cls(path, key, migrations)
        store._read_only = damage is not None
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
            if self._read_only:
                if current_revision(conn) != head_revision(self._migrations):
                    raise StoreCorrupt()  # damaged structures are never migrated
                conn.rollback()
                _driver(conn).execute("PRAGMA query_only = ON")  # SQLite refuses writes
            else:
                self._upgrade_if_needed(conn)
        self._sessions = sessionmaker(
            self._engine, expire_on_commit=False, info={audit.KEY_INFO: self._audit_key})
        changes.track(self._sessions)
        maintain_search_text(self._sessions)
        if not self._read_only:  # a damaged store is never re-chained (it would hide damage)
            with self._sessions.begin() as session:
                audit.upgrade_chain(session)

    def _create(self) -> None:
        # Built under a temporary name and renamed into place, so a crash never leaves a
        # half-made store where the next open would take it for a damaged one.
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.creating")
        schema = fresh_schema(lambda: _migrated_schema(self._migrations), self._migrations)
        engine = _make_engine(tmp, self._key)
        try:
            with engine.connect() as conn, conn.begin():
                schema.replay(_driver(conn).execute)
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
            head = session.info.get(audit.HEAD_INFO)
            if head is not None and self.audit_head_file is not None:
                # Committed already: a head file left behind the store is never a false alarm.
                with contextlib.suppress(OSError):
                    audit.write_head_file(self.audit_head_file, self._audit_key, *head)
            changed = changes.collected(session)  # committed: now it happened
            if changed:
                self._publish(changed)
            return result, changed
        except DBAPIError as exc:
            if _is_corruption(exc):
                self._broken = True  # never serve anything from a tampered store again
                raise StoreCorrupt() from exc
            if _is_disk_full(exc, self.path):
                raise DiskFull() from None  # rolled back: the store is as before
            if self._read_only and _is_read_only_refusal(exc):
                raise StoreReadOnly() from None
            raise
        finally:
            session.close()

    @property
    def read_only(self) -> bool:
        """True when `store check` found b-tree or audit damage (now or in an earlier run):
        reads work, every write raises :class:`StoreReadOnly` until restored from backup."""
        return self._read_only

    def mark_damaged(self, kind: DamageKind, problems: list[str]) -> None:
        """Record damage beside the store (it outlives this process) and stop writes now;
        damage to the pages themselves closes the store."""
        record_damage(self.path, kind, problems)
        if kind is DamageKind.PAGES:
            self._broken = True
        elif not self._closed:
            self._read_only = True
            self._executor.submit(self._refuse_writes).result()

    def _refuse_writes(self) -> None:
        if self._engine is not None:
            with self._engine.connect() as conn:
                _driver(conn).execute("PRAGMA query_only = ON")

    def check(self) -> list[str]:
        """Verify every page's HMAC (``cipher_integrity_check``) and the b-trees
        (``integrity_check``) and foreign keys; the list of problems, empty when fine.
        Problems are recorded (:meth:`mark_damaged`): failed pages close the store, other
        damage makes it read-only, in this run and the next ones."""
        if self._closed:
            raise StoreClosed()
        return self._executor.submit(self._check).result()

    def _check(self) -> list[str]:
        assert self._engine is not None
        problems: list[str] = []
        pages_failed = False
        with self._engine.connect() as conn:
            driver = _driver(conn)
            try:
                _checkpoint(conn)  # so the pages checked are all in the main file
                if self.encrypted:
                    problems += [str(r[0]) for r in driver.execute("PRAGMA cipher_integrity_check")]
                pages_failed = bool(problems)
                result = [str(r[0]) for r in driver.execute("PRAGMA integrity_check")]
                problems += [] if result == ["ok"] else result
                problems += [
                    f"foreign key: {table} row {rowid} refers to a missing {parent} row"
                    for table, rowid, parent, _ in driver.execute("PRAGMA foreign_key_check")
                ]
            except sqlcipher3.DatabaseError as exc:
                problems.append(f"unreadable: {exc}")
                pages_failed = True
            else:
                if not pages_failed:
                    problems = _with_root_pages(driver, problems)
        if problems:
            kind = DamageKind.PAGES if pages_failed else DamageKind.STRUCTURE
            record_damage(self.path, kind, problems)
            if kind is DamageKind.PAGES:
                self._broken = True
            else:
                self._read_only = True
                self._refuse_writes()  # already on the worker
        return problems

    # --- closing ---------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

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
        self._audit_key = b""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
