"""Transport rules against the real server: one token refresh on 401, a revoked device
crypto-shreds its profile and says why, no endless retries, backoff with full jitter, and
only https (or loopback) server addresses."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import update
from synckit import FAST_RETRY

from homevisit import profiles
from homevisit.kdf import FLOOR
from homevisit.model import SyncState
from homevisit.server.auth import revoke_device
from homevisit.server.models import Token
from homevisit.store import Store
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.engine import SyncEngine, shredder
from homevisit.sync.enrol import check_server_url, enrol, save_enrolment
from homevisit.sync.errors import AuthFailed, BadCredentials, DeviceRevoked, InsecureServerUrl
from homevisit.vault import Vault


def expire(central, kind: str) -> None:
    with central.services.sessions.begin() as s:
        s.execute(update(Token).where(Token.kind == kind).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))


def test_an_expired_access_token_is_refreshed_once_and_kept_in_the_store(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    before = d.store.run(lambda s: s.get(SyncState, 1).device_token)
    expire(central, "access")
    result = d.sync()
    assert result.ok, result.error
    after = d.store.run(lambda s: s.get(SyncState, 1).device_token)
    assert after != before


def test_when_refresh_fails_too_the_user_is_asked_to_sign_in(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    expire(central, "access")
    expire(central, "refresh")
    result = d.sync()
    assert isinstance(result.error, AuthFailed)
    assert d.store.run(lambda s: s.get(SyncState, 1).device_token)  # nothing wiped


def test_wrong_password_is_a_clear_error(central):
    central.user("counselor", "wang")
    with pytest.raises(BadCredentials):
        enrol(central.url, "wang", "not-the-password", "laptop", retry=FAST_RETRY)


def test_a_revoked_device_crypto_shreds_its_profile_and_says_why(central):
    central.user("counselor", "wang")
    profile = profiles.create_profile("王老师", "correct horse battery", kdf_params=FLOOR)
    with profiles.unlock(profile, "correct horse battery") as unlocked:
        store = Store.open(profile.store_path, bytes(unlocked.key), create=True)
    enrolment = enrol(central.url, "wang", central.users["wang"], "laptop")
    store.run(lambda s: save_enrolment(s, enrolment))
    engine = SyncEngine(store, Vault(profile.vault_dir), retry=FAST_RETRY,
                        wipe=shredder(profile, store))
    assert engine.run().ok
    with central.services.sessions.begin() as s:
        revoke_device(s, enrolment.device_id, actor="admin")
    result = engine.run()
    assert isinstance(result.error, DeviceRevoked)
    assert "destroyed" in result.error.text.en and "停用" in result.error.text.zh
    assert not profile.folder.exists()
    assert profiles.list_profiles() == []


def test_backoff_is_full_jitter_capped_and_honours_retry_after():
    policy = RetryPolicy(base_seconds=1.0, cap_seconds=600.0)
    rng = random.Random(1)
    waits = [policy.delay(attempt, rng=rng) for attempt in range(20)]
    assert all(0 <= w <= min(600.0, 2.0 ** a) for a, w in enumerate(waits))
    assert max(waits[12:]) > 60  # it does grow towards the cap
    assert policy.delay(0, retry_after=30, rng=rng) >= 30
    assert policy.delay(0, retry_after=10_000, rng=rng) <= 600


@pytest.mark.parametrize("url", ["http://example.org", "ftp://example.org", "example.org",
                                 "http://10.0.0.5:8000"])
def test_only_https_server_addresses_are_accepted(url):
    with pytest.raises(InsecureServerUrl):
        check_server_url(url)


def test_https_and_loopback_addresses_are_accepted():
    assert check_server_url("https://hv.example.org/") == "https://hv.example.org"
    assert check_server_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_on_sent_is_called_each_time_the_request_is_written_out(
        central, device):
    from faultproxy import FaultPlan, FaultProxy
    from synckit import point_at

    from homevisit.protocol.auth import MeResponse
    from homevisit.sync.errors import NetworkUnavailable

    central.user("counselor", "wang")
    d = device(central, "wang")
    transport = d.engine.transport()
    events: list[str] = []
    me = transport.call("GET", "/me", MeResponse, on_sent=lambda: events.append("sent"))
    assert me is not None and events == ["sent"]
    # Every answer lost on the way back: each retry writes the request out again.
    proxy = FaultProxy(central.live.port, FaultPlan(rate=1.0, faults=("drop_after",)))
    try:
        point_at(d, proxy.url)
        transport = d.engine.transport()
        events.clear()
        with pytest.raises(NetworkUnavailable):
            transport.call("GET", "/me", MeResponse, on_sent=lambda: events.append("sent"))
        assert events == ["sent"] * FAST_RETRY.max_attempts
    finally:
        proxy.stop()
