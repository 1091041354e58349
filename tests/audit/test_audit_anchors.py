"""Trimming or rolling back the audit log on real encrypted files: what ``store check``
catches offline. A whole profile folder copied back agrees with itself; only the server sees
that (tests/sync/test_audit_log_sync.py)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from sqlalchemy import select, text

from homevisit import audit
from homevisit.kdf import FLOOR
from homevisit.model import AuditEvent
from homevisit.profiles import create_profile
from homevisit.workspace import Workspace

PASSPHRASE = "correct horse battery staple 7"


@pytest.fixture
def profile():
    return create_profile("王老师", PASSPHRASE, kdf_params=FLOOR)


def add_reveals(profile, n: int) -> None:
    with Workspace.open(profile, PASSPHRASE) as ws:
        for i in range(n):  # one transaction each, as the app does
            ws.store.run(lambda s, i=i: audit.append(
                s, actor=ws.actor, action="reveal", entity="member", entity_id=f"m-{i}"))


def tamper(profile, sql: str) -> None:
    with Workspace.open(profile, PASSPHRASE) as ws:
        ws.store.run(lambda s: s.execute(text(sql)))


def check(profile):
    with Workspace.open(profile, PASSPHRASE) as ws:
        return ws.check()


def test_an_untouched_log_passes(profile):
    add_reveals(profile, 4)
    report = check(profile)
    assert report.ok and report.audit_events == 4


@pytest.mark.parametrize("sql", [
    "DELETE FROM audit_events WHERE seq > 2",
    "DELETE FROM audit_events",
], ids=["newest-rows", "all-rows"])
def test_deleting_the_newest_or_all_rows_is_found_offline(profile, sql):
    add_reveals(profile, 4)
    tamper(profile, sql)
    report = check(profile)
    assert report.audit_error is not None
    assert report.audit_error.code in {"audit_log_trimmed", "audit_log_rolled_back"}
    assert "审计日志" in str(report.audit_error)


def test_a_deletion_rechained_without_the_store_key_is_found_offline(profile):
    add_reveals(profile, 4)

    def rechain(session):
        # What an attacker with the database open but not the chain key can do: delete a
        # row, renumber, re-link with SHA-256, and put the AUTOINCREMENT counter back.
        session.execute(text("DELETE FROM audit_events WHERE seq = 4"))
        prev = audit.GENESIS
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all():
            event.prev_hash = prev
            event.hash = prev = audit.legacy_event_hash(prev, audit._fields(event))
        session.execute(text("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_events'"))

    with Workspace.open(profile, PASSPHRASE) as ws:
        ws.store.run(rechain)
    report = check(profile)
    assert report.audit_error is not None and report.audit_error.code == "audit_chain_broken"


def test_an_older_store_copied_back_is_found_offline(profile, tmp_path):
    add_reveals(profile, 2)
    shutil.copy2(profile.store_path, tmp_path / "old-store.db")
    add_reveals(profile, 3)
    shutil.copy2(tmp_path / "old-store.db", profile.store_path)
    report = check(profile)
    assert report.audit_error is not None and report.audit_error.code == "audit_log_rolled_back"


def test_a_forged_head_file_is_found_offline(profile):
    add_reveals(profile, 2)
    path = profile.audit_head_path
    body = json.loads(path.read_bytes())
    body["seq"] = 1
    body["hash"] = hashlib.sha256(b"forged").hexdigest()
    path.write_text(json.dumps(body))
    assert check(profile).audit_error is not None


def test_a_whole_profile_folder_copied_back_passes_offline(profile, tmp_path):
    # Documented limit: store.db and its head file agree; the server's copy of the log is
    # what reveals this rollback at the next sync.
    add_reveals(profile, 2)
    shutil.copytree(profile.folder, tmp_path / "old-profile")
    add_reveals(profile, 3)
    shutil.rmtree(profile.folder)
    shutil.copytree(tmp_path / "old-profile", profile.folder)
    report = check(profile)
    assert report.ok and report.audit_events == 2


def test_a_store_from_before_the_keyed_chain_is_rechained_once_and_verifies(tmp_path):
    from homevisit.store import Store

    path, key = tmp_path / "store.db", bytes(range(32))
    with Store.open(path, key, create=True) as store:
        def legacy(session):
            prev = audit.GENESIS
            for i in range(3):
                event = audit.append(session, actor="a", action="reveal", entity="member",
                                     entity_id=f"m-{i}")
                event.prev_hash = prev
                event.hash = prev = audit.legacy_event_hash(prev, audit._fields(event))
            session.execute(text("UPDATE audit_anchor SET chain_version = 0"))
        store.run(legacy)
    with Store.open(path, key) as store:
        assert store.run(audit.verify).events == 3
