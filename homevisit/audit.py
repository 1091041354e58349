"""Append-only audit log, chained with a key derived from the store key (DESIGN §4).

Each event's HMAC covers its own fields and the previous event's hash, so editing, deleting
or reordering any event breaks every hash after it, and re-chaining after a deletion needs the
store key. Events keep wall-clock time (what a person reads) and monotonic time (which cannot
be set back by changing the laptop's clock). Details must never hold personal data: ids and
codes only.

Three anchors catch what a chain alone cannot (a log cut at its head is still a valid chain):
SQLite's AUTOINCREMENT counter (deleting the newest rows leaves it ahead of the log), a
keyed head file beside the store (an older ``store.db`` copied back is behind it), and the head
the server acknowledged. A whole profile folder copied back agrees with itself: only the
server, which holds every event it acknowledged, can see that (``/device/audit-log``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from homevisit import durable
from homevisit.errors import AuditChainBroken, AuditLogRolledBack, AuditLogTrimmed
from homevisit.model import AuditAnchor, AuditEvent

GENESIS = "0" * 64
KEYED = 1
KEY_INFO = "audit_key"
HEAD_INFO = "audit_head"
# Plain (unencrypted) stores exist only for tests and the benchmark floor.
_PLAIN_STORE_KEY = bytes(32)


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    head: str


def chain_key(store_key: bytes | None) -> bytes:
    """The audit chain's HMAC key: HKDF-SHA-256 of the store key (never the key itself)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"homevisit audit chain v1"
    ).derive(bytes(store_key) if store_key is not None else _PLAIN_STORE_KEY)


def _canonical(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(key: bytes, prev_hash: str, fields: Mapping[str, Any]) -> str:
    """HMAC-SHA-256 over the previous hash and a canonical JSON of the event's fields."""
    return hmac.new(key, prev_hash.encode() + b"\n" + _canonical(fields), "sha256").hexdigest()


def legacy_event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The unkeyed SHA-256 link of stores made before the keyed chain (client rev < 0007)."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(fields)).hexdigest()


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "wall_time": event.wall_time,
        "mono_ns": event.mono_ns,
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "detail": event.detail,
    }


def _key(session: Session) -> bytes:
    key = session.info.get(KEY_INFO)
    if key is None:
        raise RuntimeError("the session does not come from a Store (no audit chain key)")
    return bytes(key)


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add one event at the head of the chain, inside the caller's transaction."""
    head = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    event = AuditEvent(
        seq=seq,
        wall_time=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        mono_ns=time.monotonic_ns(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=dict(detail or {}),
        prev_hash=prev,
    )
    event.hash = event_hash(_key(session), prev, _fields(event))
    session.add(event)
    session.flush()
    # The store writes the head file once this transaction has committed.
    session.info[HEAD_INFO] = (seq, event.hash)
    return event


def verify_events(events: Iterable[AuditEvent], key: bytes, *, legacy: bool = False) -> ChainReport:
    """Walk the chain in order; raise :class:`AuditChainBroken` at the first bad link."""
    prev, count, expected_seq = GENESIS, 0, 1
    for event in events:
        fields = _fields(event)
        link = legacy_event_hash(prev, fields) if legacy else event_hash(key, prev, fields)
        if event.seq != expected_seq or event.prev_hash != prev or not hmac.compare_digest(
            event.hash, link
        ):
            raise AuditChainBroken(seq=event.seq)
        prev, count, expected_seq = event.hash, count + 1, expected_seq + 1
    return ChainReport(events=count, head=prev)


def _ordered(session: Session) -> Iterable[AuditEvent]:
    return session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()


def _highest_seq_ever(session: Session) -> int:
    # AUTOINCREMENT keeps the highest rowid ever used, even after the rows are deleted.
    found = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'")).scalar()
    return int(found or 0)


def _hash_at(session: Session, seq: int) -> str | None:
    return session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq)).scalar()


def verify(session: Session, *, head_file: Path | None = None) -> ChainReport:
    """Verify the whole audit chain of a store and its anchors (see the module docstring):
    :class:`AuditChainBroken` for a bad link, :class:`AuditLogTrimmed` when the newest events
    are gone, :class:`AuditLogRolledBack` when the store is older than an anchor."""
    report = verify_events(_ordered(session), _key(session))
    head_seq = report.events
    ever = _highest_seq_ever(session)
    if ever > head_seq:
        raise AuditLogTrimmed(missing=ever - head_seq, expected=ever, head=head_seq)
    anchor = session.get(AuditAnchor, 1)
    acked = anchor.acked_seq if anchor is not None else 0
    if acked and (acked > head_seq or _hash_at(session, acked) != anchor.acked_hash):  # type: ignore[union-attr]  # acked is 0 without an anchor
        raise AuditLogRolledBack(seq=acked)
    if head_file is not None:
        written = read_head_file(head_file, _key(session))
        if written is not None:
            seq, digest = written
            if seq > head_seq or _hash_at(session, seq) != digest:
                raise AuditLogRolledBack(seq=seq)
    return report


def upgrade_chain(session: Session) -> None:
    """Re-chain a store's log with the keyed HMAC once (client revision 0007 brought the
    key), after checking the old unkeyed chain: a broken old chain is left as it is, so
    ``store check`` keeps reporting it rather than the re-chain hiding it."""
    anchor = session.get(AuditAnchor, 1)
    if anchor is None:
        anchor = AuditAnchor(id=1, chain_version=0, acked_seq=0)
        session.add(anchor)
    if anchor.chain_version == KEYED:
        return
    events = list(_ordered(session))
    try:
        verify_events(events, b"", legacy=True)
    except AuditChainBroken:
        return
    key, prev = _key(session), GENESIS
    for event in events:
        event.prev_hash = prev
        event.hash = prev = event_hash(key, prev, _fields(event))
    anchor.chain_version = KEYED
    session.flush()


# --- the head file: an anchor beside the store ------------------------------------------------


def _head_mac(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"head\n{seq}\n{digest}".encode(), "sha256").hexdigest()


def write_head_file(path: Path, key: bytes, seq: int, digest: str) -> None:
    """Record the chain's head beside the store (keyed, so it cannot be forged without the
    store key). Written after the event committed: a crash in between leaves the file
    behind the store, which is never mistaken for a rollback."""
    body = {"seq": seq, "hash": digest, "mac": _head_mac(key, seq, digest)}
    durable.write_atomic(path, json.dumps(body).encode())


def read_head_file(path: Path, key: bytes) -> tuple[int, str] | None:
    """The head recorded in ``path``; None when there is none. A file whose MAC does not
    verify is an anchor someone forged or damaged: :class:`AuditChainBroken`."""
    try:
        body = json.loads(path.read_bytes())
        seq, digest, mac = int(body["seq"]), str(body["hash"]), str(body["mac"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        raise AuditChainBroken(seq=0) from None
    if not hmac.compare_digest(mac, _head_mac(key, seq, digest)):
        raise AuditChainBroken(seq=seq)
    return seq, digest
