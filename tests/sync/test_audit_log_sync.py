"""The device's audit log goes to the server at each sync, and the server refuses (and
records) a log that was trimmed, re-chained or rolled back, including the case no check on
the laptop can see: the whole store copied back from an older backup."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select, text
from synckit import Device

from homevisit import audit
from homevisit.model import AuditAnchor, AuditEvent
from homevisit.server.models import AuditEvent as ServerAuditEvent
from homevisit.server.models import DeviceAuditLog
from homevisit.store import Store


def reveal(device: Device, n: int) -> None:
    for i in range(n):
        device.store.run(lambda s, i=i: audit.append(
            s, actor="profile:p", action="reveal", entity="member", entity_id=f"m-{i}"))


def server_log(central) -> list[int]:
    with central.services.sessions() as s:
        return list(s.scalars(select(DeviceAuditLog.seq).order_by(DeviceAuditLog.seq)))


def rollbacks_recorded(central) -> int:
    with central.services.sessions() as s:
        return len(s.scalars(select(ServerAuditEvent.id).where(
            ServerAuditEvent.action == "device_audit_rollback")).all())


@pytest.fixture
def laptop(central, device):
    central.user("counselor", "wang")
    laptop = device(central, "wang")
    reveal(laptop, 3)
    assert laptop.sync().error is None
    return laptop


def test_each_sync_sends_the_new_events_and_keeps_the_acknowledged_head(central, laptop):
    assert server_log(central) == [1, 2, 3]
    reveal(laptop, 2)
    assert laptop.sync().error is None
    assert laptop.sync().error is None  # nothing new: only the head goes, and agrees
    assert server_log(central) == [1, 2, 3, 4, 5]
    anchor = laptop.store.run(lambda s: s.get(AuditAnchor, 1))
    head = laptop.store.run(lambda s: s.get(AuditEvent, 5))
    assert (anchor.acked_seq, anchor.acked_hash) == (5, head.hash)
    assert laptop.store.run(lambda s: s.scalars(
        select(AuditEvent.seq).where(AuditEvent.synced.is_(False))).all()) == []


def _refused(central, laptop) -> None:
    result = laptop.sync()
    assert result.error is not None and result.error.code == "audit_log_rejected"
    assert "审计日志" in str(result.error)
    assert rollbacks_recorded(central) >= 1


@pytest.mark.parametrize("sql", [
    "DELETE FROM audit_events WHERE seq = 3",
    "DELETE FROM audit_events",
], ids=["newest-row", "all-rows"])
def test_a_trimmed_log_is_refused_and_recorded_at_the_next_sync(central, laptop, sql):
    laptop.store.run(lambda s: s.execute(text(sql)))
    _refused(central, laptop)


def test_a_log_rechained_with_the_store_key_after_a_deletion_is_refused(central, laptop):
    def rechain(session):
        # The strongest local attacker: holds the key, deletes an acknowledged event,
        # re-chains with the real HMAC and fixes the counter and the anchor; store check
        # passes. The server still holds event 2 as it was.
        session.execute(text("DELETE FROM audit_events WHERE seq = 2"))
        session.execute(text("UPDATE audit_events SET seq = 2 WHERE seq = 3"))
        session.execute(text("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_events'"))
        key, prev = session.info[audit.KEY_INFO], audit.GENESIS
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all():
            event.prev_hash = prev
            event.hash = prev = audit.event_hash(key, prev, audit._fields(event))
        anchor = session.get(AuditAnchor, 1)
        anchor.acked_seq, anchor.acked_hash = 2, prev

    laptop.store.run(rechain)
    assert laptop.store.run(audit.verify).events == 2  # invisible offline
    _refused(central, laptop)


def test_a_whole_store_copied_back_from_an_older_backup_is_refused(central, laptop, tmp_path):
    laptop.store.close()
    shutil.copy2(laptop.root / "store.db", tmp_path / "backup.db")
    laptop.store = Store.open(laptop.root / "store.db", laptop.key)
    laptop.engine.store = laptop.store
    reveal(laptop, 2)
    assert laptop.sync().error is None
    laptop.store.close()
    shutil.copy2(tmp_path / "backup.db", laptop.root / "store.db")
    laptop.store = Store.open(laptop.root / "store.db", laptop.key)
    laptop.engine.store = laptop.store
    assert laptop.store.run(audit.verify).events == 3  # agrees with itself offline
    _refused(central, laptop)
    reveal(laptop, 1)  # and new events at seqs the server holds differently are refused too
    _refused(central, laptop)
