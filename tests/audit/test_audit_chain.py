"""The audit log is append-only and hash-chained: any edit, deletion or reordering is found."""

import itertools
import os

import pytest
from sqlalchemy import text, update

from homevisit import audit
from homevisit.errors import AuditChainBroken
from homevisit.model import AuditEvent
from homevisit.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield s
    s.close()


def add_events(store, n):
    def write(session):
        for i in range(n):
            audit.append(session, actor="counselor-1", action="reveal", entity="member",
                         entity_id=f"m-{i}", detail={"field": "id_number"})
    store.run(write)


def test_a_fresh_chain_verifies_with_wall_and_monotonic_time(store):
    add_events(store, 5)
    report = store.run(audit.verify)
    assert report.events == 5
    events = store.run(lambda s: s.query(AuditEvent).order_by(AuditEvent.seq).all())
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(a.mono_ns <= b.mono_ns for a, b in itertools.pairwise(events))
    assert events[0].wall_time.endswith("+00:00")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda s: s.execute(update(AuditEvent).where(AuditEvent.seq == 3)
                                         .values(action="view")), id="edited-field"),
        pytest.param(lambda s: s.execute(update(AuditEvent).where(AuditEvent.seq == 2)
                                         .values(detail={"field": "phone"})), id="edited-detail"),
        pytest.param(lambda s: s.execute(text("DELETE FROM audit_events WHERE seq = 3")),
                     id="deleted-middle"),
        pytest.param(lambda s: s.execute(text(
            "UPDATE audit_events SET wall_time = '2020-01-01T00:00:00+00:00' WHERE seq = 4")),
            id="backdated"),
    ],
)
def test_a_broken_chain_is_found_at_the_first_bad_event(store, tamper):
    add_events(store, 6)
    store.run(tamper)
    with pytest.raises(AuditChainBroken) as err:
        store.run(audit.verify)
    assert "审计日志" in str(err.value)
    assert err.value.code == "audit_chain_broken"


def test_appending_after_verification_continues_the_chain(store):
    add_events(store, 2)
    head = store.run(audit.verify).head
    add_events(store, 1)
    last = store.run(lambda s: s.query(AuditEvent).order_by(AuditEvent.seq.desc()).first())
    assert last.prev_hash == head
    assert store.run(audit.verify).events == 3
