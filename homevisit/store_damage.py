"""A store that ``store check`` found damaged stays that way across restarts (DESIGN §4).

The finding is recorded beside the store (``store.db.damaged.json``: the kind of damage and
SQLite's own lines, which name pages, tables and row ids, never values), because the
damaged store is the one place it must not be written. On the next open:

- page checksums (SQLCipher's HMAC) failed: the store stays closed, as a tampered page is
  never served;
- b-tree or audit-chain damage: the store opens read-only, so the user can still look at
  their work, but nothing is written onto damaged structures.

Either way it stays so until it is restored from the copy the app keeps before each upgrade
(``store.db.pre-<revision>.bak``, see :func:`homevisit.store.backup_path`).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from homevisit import durable
from homevisit.durable import flush_to_disk, fsync_directory, write_atomic

MAX_RECORDED_PROBLEMS = 20


class DamageKind(StrEnum):
    PAGES = "pages"  # HMAC failures: closed
    STRUCTURE = "structure"  # b-tree, index or foreign-key damage: read-only
    AUDIT = "audit"  # the audit chain is broken: read-only


@dataclass(frozen=True, slots=True)
class Damage:
    kind: DamageKind
    problems: list[str]
    found: str

    @property
    def closes_the_store(self) -> bool:
        return self.kind is DamageKind.PAGES


def marker_path(store_path: Path) -> Path:
    return store_path.with_name(f"{store_path.name}.damaged.json")


def record(store_path: Path, kind: DamageKind, problems: list[str]) -> None:
    """Keep the finding; a worse kind already recorded (closed) is never downgraded."""
    existing = read(store_path)
    if existing is not None and existing.closes_the_store:
        return
    doc = {
        "kind": kind.value,
        "problems": [str(p)[:300] for p in problems[:MAX_RECORDED_PROBLEMS]],
        "found": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    write_atomic(marker_path(store_path), json.dumps(doc, ensure_ascii=False).encode())


def read(store_path: Path) -> Damage | None:
    """The recorded damage, or None. A marker that cannot be read still means damage (the
    read-only kind): deleting half of it must not make the store writable again."""
    path = marker_path(store_path)
    if not path.exists() and not path.is_symlink():
        return None
    try:
        doc = json.loads(path.read_bytes())
        return Damage(DamageKind(doc["kind"]), [str(p) for p in doc["problems"]],
                      str(doc["found"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Damage(DamageKind.STRUCTURE, [], "")


def backups(store_path: Path) -> list[Path]:
    """The copies kept before upgrades, newest first."""
    found = [p for p in store_path.parent.glob(f"{store_path.name}.pre-*.bak") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def restore(store_path: Path, backup: Path) -> Path:
    """Put ``backup`` in the store's place and forget the damage. The damaged store is kept
    aside (renamed, never deleted: it may still be needed) and its path returned."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    aside = store_path.with_name(f"{store_path.name}.damaged-{stamp}")
    tmp = store_path.with_name(f".{store_path.name}.restoring.tmp")
    try:
        with backup.open("rb") as src, tmp.open("xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            flush_to_disk(dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if store_path.exists():
        durable.rename(store_path, aside)
    for suffix in ("-wal", "-shm"):  # the damaged store's, never to be applied to the copy
        side = store_path.with_name(store_path.name + suffix)
        if side.exists():
            durable.rename(side, aside.with_name(aside.name + suffix))
    durable.rename(tmp, store_path)
    marker_path(store_path).unlink(missing_ok=True)
    fsync_directory(store_path.parent)
    return aside
