"""The sync service the GUI drives (thread, progress, pending counts, on demand and when
online), quarantine that keeps the queue moving, reset keeping unsent work, and server
policies applied on the device."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select, update
from synckit import server_records

from homevisit import outbox
from homevisit.model import Household, Member, Outbox, SyncState, Visit, VisitStatus
from homevisit.protocol.auth import Policies
from homevisit.server.models import Member as ServerMember
from homevisit.sync.policies import (
    client_too_old,
    load_policies,
    offline_too_long,
    purge_expired,
    store_policies,
)
from homevisit.sync.progress import Phase
from homevisit.sync.service import SyncService


def test_service_syncs_on_request_and_when_online_reporting_progress(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    service = SyncService(d.engine, interval_seconds=None)
    phases: list[Phase] = []
    finished = threading.Event()
    service.add_listener(lambda p: phases.append(p.phase), lambda r: finished.set())
    service.start()
    try:
        service.request_sync()
        assert finished.wait(30) and service.wait_idle(30)
        assert service.last_result is not None and service.last_result.ok
        assert Phase.PULLING in phases and phases[-1] is Phase.DONE
        d.add_members(household, 5)
        assert service.pending().outbox == 5
        finished.clear()
        service.notify_online()
        assert finished.wait(30) and service.wait_idle(30)
        assert service.last_result.pushed == 5
        assert service.pending().outbox == 0
        assert service.progress.phase is Phase.DONE
    finally:
        service.stop()


def test_cancel_stops_a_run_with_a_clear_result(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    household = central.household("wang")
    assert d.sync().ok
    d.add_members(household, 3)
    d.engine.cancel.set()  # as SyncService.cancel() does during a run
    outcome = d.engine.run()
    assert outcome.error is not None and outcome.error.code == "sync_cancelled"
    assert d.outbox_size() == 3  # nothing lost; the next run sends it
    d.engine.cancel.clear()
    assert d.sync().pushed == 3


def test_a_rejected_op_is_quarantined_and_the_queue_keeps_moving(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok

    def bad_and_good(session):
        # Not one of wang's households: the server refuses it; the next op still goes.
        outbox.save(session, Member(household_id=household, name="甲", relation="child"))
        stranger = Household(region_code="320321")
        session.add(stranger)
        outbox.save(session, Visit(household_id=stranger.id))
        outbox.save(session, Member(household_id=household, name="乙", relation="child"))

    d.store.run(bad_and_good)
    result = d.sync()
    assert result.ok and result.pushed == 2 and result.rejected == 1
    [quarantined] = d.store.run(lambda s: s.scalars(select(Outbox)).all())
    assert quarantined.quarantined and quarantined.last_error.startswith("out_of_scope")
    assert len(server_records(central, ServerMember, household_id=household,
                              relation="child")) == 2


def test_reset_drops_the_synced_copy_but_keeps_unsent_work(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    unsent = d.add_members(household, 2)
    # The server "was restored from a backup": our cursor is ahead of its change log.
    d.store.run(lambda s: setattr(s.get(SyncState, 1), "pull_cursor", 10_000))
    d.store.run(lambda s: s.execute(update(Outbox).values(quarantined=True)))  # hold them
    result = d.sync()
    assert result.ok and result.reset, result.error
    members = d.store.run(lambda s: {m.id for m in s.scalars(select(Member))})
    assert set(unsent) <= members  # unsent work survived, with its household
    assert d.store.run(lambda s: s.get(Household, household)) is not None
    assert d.store.run(lambda s: s.get(SyncState, 1).pull_cursor) > 0
    d.store.run(lambda s: s.execute(update(Outbox).values(quarantined=False)))
    assert d.sync().ok and d.outbox_size() == 0
    assert d.store.check() == []


def test_policies_are_kept_typed_and_applied(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    assert d.sync().ok
    policies = d.store.run(load_policies)
    assert isinstance(policies, Policies) and policies.idle_lock_minutes == 5
    assert not client_too_old(policies)
    assert client_too_old(Policies(min_client_version="9.0.0"))
    assert not d.store.run(offline_too_long)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=policies.max_offline_days + 1)
    assert d.store.run(lambda s: offline_too_long(s, later))


def test_approved_visits_are_purged_after_retention_unless_work_is_pending(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)

    def arrange(session):
        store_policies(session, Policies(retention_days=30))
        for _ in range(2):
            session.add(Visit(household_id=household, status=VisitStatus.APPROVED, rev=3,
                              updated_at=old))

    d.store.run(arrange)
    d.store.run(lambda s: s.execute(update(Visit).values(updated_at=old)))
    purged, files = d.store.run(purge_expired)
    assert purged == 2 and files == []
    assert d.store.run(lambda s: s.scalars(select(Visit)).all()) == []
