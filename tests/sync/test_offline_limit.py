"""The offline limit on real encrypted profiles against a real server on loopback: past the
policy's days, or with the clock set back, a profile opens only after an online check, or
says why it cannot (and then nothing can be exported)."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from PIL import Image
from synckit import FAST_RETRY, point_at

from homevisit.cli.main import main as cli_main
from homevisit.kdf import FLOOR
from homevisit.model import SyncState
from homevisit.profiles import create_profile
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.sync.offline_gate import OnlineUnlockRequired, open_checked
from homevisit.workspace import Workspace

PASS = "correct horse battery staple 7"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def profile(central, tmp_path):
    central.user("counselor", "wang")
    made = create_profile("王老师", PASS, kdf_params=FLOOR)
    with Workspace.open(made, PASS) as ws:
        enrolment = enrol(central.url, "wang", central.users["wang"], "test laptop")
        ws.store.run(lambda s: save_enrolment(s, enrolment))
        photo = tmp_path / "doc.png"
        Image.new("RGB", (60, 40), (1, 2, 3)).save(photo)
        ws.import_attachment(photo)
    return made


def _last_contact(profile, days_ago: float, server_time: dt.datetime | None = None) -> None:
    with Workspace.open(profile, PASS) as ws:
        def set_(session):
            state = session.get(SyncState, 1)
            state.last_server_contact_at = NOW - dt.timedelta(days=days_ago)
            state.last_server_time = server_time or state.last_server_contact_at
        ws.store.run(set_)


def _server_down(profile) -> None:
    with Workspace.open(profile, PASS) as ws:
        point_at(ws, "http://127.0.0.1:9")  # nothing listens on the discard port


def test_within_the_limit_the_profile_opens_offline(profile):
    _last_contact(profile, days_ago=3)
    _server_down(profile)
    open_checked(profile, PASS, retry=FAST_RETRY).close()


def test_past_the_limit_an_online_check_opens_it_and_is_recorded(profile):
    _last_contact(profile, days_ago=100)
    with open_checked(profile, PASS, retry=FAST_RETRY) as ws:
        state = ws.store.run(lambda s: s.get(SyncState, 1))
    assert NOW - state.last_server_contact_at < dt.timedelta(minutes=5)
    assert state.last_server_time is not None


def test_past_the_limit_without_the_server_it_stays_locked_and_says_why(profile, tmp_path,
                                                                          monkeypatch):
    _last_contact(profile, days_ago=100)
    _server_down(profile)
    with pytest.raises(OnlineUnlockRequired) as refused:
        open_checked(profile, PASS, retry=FAST_RETRY)
    assert "已超过 14 天未连接服务器" in str(refused.value)
    assert "联网验证" in str(refused.value)
    # And so no export: the CLI refuses at the unlock, in Chinese, with no file written.
    out = tmp_path / "out.png"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n"))
    with Workspace.open(profile, PASS) as ws:
        [item] = ws.attachments()
    assert cli_main(["--passphrase-stdin", "vault", "export", item.id, str(out)]) == 1
    assert not out.exists()


def test_a_clock_set_back_behind_the_last_server_time_needs_the_online_check(profile):
    # The last contact was "yesterday" by the laptop's clock, but the server's time then was
    # a month ahead: the clock was set back to dodge the limit.
    _last_contact(profile, days_ago=1, server_time=NOW + dt.timedelta(days=30))
    _server_down(profile)
    with pytest.raises(OnlineUnlockRequired) as refused:
        open_checked(profile, PASS, retry=FAST_RETRY)
    assert "时钟" in str(refused.value)
