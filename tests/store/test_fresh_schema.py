"""A new store's schema is replayed from what the migrations made once per process; it must
be exactly what running the migrations into that store would have made."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import create_engine

from homevisit.store import Store
from homevisit.store_migrations import upgrade


def _connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _everything(path: Path, key: bytes) -> dict[str, object]:
    """Every schema object (with its SQL), every row of every table, and the header
    settings a schema can change, of the store at ``path``."""
    conn = _connect(path, key)
    try:
        master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "ORDER BY type, name").fetchall()
        tables = [name for kind, name, _, _ in master if kind == "table"]
        rows = {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in tables}
        pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("user_version", "application_id", "auto_vacuum", "page_size",
                             "encoding")}
        return {"master": master, "rows": rows, "pragmas": pragmas}
    finally:
        conn.close()


def test_a_new_store_is_what_the_migrations_make(tmp_path: Path) -> None:
    key = bytes(range(32))
    migrated = tmp_path / "migrated.db"
    engine = create_engine("sqlite://", module=sqlcipher3,
                           creator=lambda: _connect(migrated, key))
    with engine.connect() as conn, conn.begin():
        upgrade(conn)
    engine.dispose()
    Store.open(migrated, key).close()  # what opening adds (the audit chain's version)

    replayed = tmp_path / "replayed.db"
    Store.open(replayed, key, create=True).close()

    want, got = _everything(migrated, key), _everything(replayed, key)
    assert got["master"] == want["master"]
    assert got["rows"] == want["rows"]
    assert got["pragmas"] == want["pragmas"]
    # What the comparison covers: the triggers, the planner statistics, Alembic's revision.
    kinds = {kind for kind, *_ in want["master"]}  # type: ignore[attr-defined]
    assert {"table", "index", "trigger"} <= kinds
    assert want["rows"]["sqlite_stat1"] and want["rows"]["alembic_version"]  # type: ignore[index]
