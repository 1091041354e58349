"""Re-authentication defined once: reveal and export need the passphrase within the grace
period (policy, default 5 minutes), on real encrypted files."""

from __future__ import annotations

import pytest
from export_helpers import PASSPHRASE
from sqlalchemy import select

from homevisit.errors import ReauthRequired, WrongPassphrase
from homevisit.model import AuditEvent, SyncState
from homevisit.reauth import Reauth
from homevisit.workspace import Workspace


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_grace_period_is_the_policys_minutes_on_a_monotonic_clock(profile):
    clock = Clock()
    reauth = Reauth(profile, grace_minutes=5, clock=clock)
    with pytest.raises(ReauthRequired) as asked:
        reauth.confirm(None)
    assert "5 分钟" in str(asked.value)
    with pytest.raises(WrongPassphrase):
        reauth.confirm("not it")
    reauth.confirm(PASSPHRASE)
    clock.now += 299
    reauth.confirm(None)  # within five minutes
    clock.now += 2
    with pytest.raises(ReauthRequired):
        reauth.confirm(None)
    reauth.confirm(PASSPHRASE)
    reauth.forget()  # at lock
    with pytest.raises(ReauthRequired):
        reauth.confirm(None)


def test_an_export_after_the_grace_needs_the_passphrase_and_leaves_nothing_unaudited(
        profile, attachment_id, tmp_path):
    out = tmp_path / "usb" / "photo.png"
    out.parent.mkdir()
    with Workspace.open(profile, PASSPHRASE) as ws:
        clock = Clock()
        ws.reauth = Reauth(profile, grace_minutes=5, clock=clock)
        with pytest.raises(ReauthRequired):
            ws.export_attachment(attachment_id, out)
        assert not out.exists() and list(out.parent.iterdir()) == []
        ws.export_attachment(attachment_id, out, passphrase=PASSPHRASE)
        assert out.exists()
        actions = ws.store.run(lambda s: list(s.scalars(select(AuditEvent.action))))
    assert actions.count("export") == 1


def test_the_grace_comes_from_the_stored_policy_and_unlock_counts(profile):
    with Workspace.open(profile, PASSPHRASE) as ws:
        def policy(session):
            state = session.get(SyncState, 1) or SyncState(id=1)
            state.policies = {**(state.policies or {}), "reauth_grace_minutes": 0}
            session.add(state)
        ws.store.run(policy)
    with Workspace.open(profile, PASSPHRASE) as ws:
        assert ws.reauth.grace_seconds == 0 and not ws.reauth.fresh()
