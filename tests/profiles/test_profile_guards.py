"""Profiles on a shared laptop (issue 13 item 4): deleting needs the profile's passphrase or
the explicit forgot-passphrase path that shows what is lost; look-alike names are refused;
passphrase changes from two processes are serialised; a leftover slot temp file goes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from profile_helpers import OTHER_PASSPHRASE, PASSPHRASE

from homevisit import outbox
from homevisit.durable import temp_path
from homevisit.errors import ProfileExists, ProfileNameLookalike, WrongPassphrase
from homevisit.kdf import FLOOR
from homevisit.model import Household, SyncState
from homevisit.paths import home_dir
from homevisit.profiles import (
    create_profile,
    delete_profile,
    list_profiles,
    pending_work,
    unlock,
)
from homevisit.workspace import Workspace


def cli(*args: str, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
        input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "HOMEVISIT_HOME": str(home_dir()), "HOMEVISIT_LANG": "zh"})


def leave_unsynced_work(profile, households: int = 2) -> dt.datetime:
    synced_at = dt.datetime(2026, 11, 30, 8, 15, tzinfo=dt.UTC)

    def work(session) -> None:
        for n in range(households):
            household = Household(region_code="320826", address=f"红窑镇 {n} 号")
            session.add(household)
            outbox.save(session, household)
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.last_sync_at = synced_at
        session.add(state)

    with Workspace.open(profile, PASSPHRASE) as ws:
        ws.store.run(work)
    return synced_at


def test_deleting_another_users_profile_without_its_passphrase_is_refused(make_profile):
    mine = make_profile("志愿者甲")
    theirs = make_profile("志愿者乙", OTHER_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        delete_profile(theirs, PASSPHRASE, delay_base=0.0)  # my passphrase, their profile
    assert {p.id for p in list_profiles()} == {mine.id, theirs.id}
    unlock(theirs, OTHER_PASSPHRASE).lock()  # untouched


def test_the_cli_refuses_deletion_without_the_profiles_passphrase(profile):
    done = cli("profile", "delete", profile.name, "--yes", stdin="a guess at it\n")
    assert done.returncode == 1
    assert "口令不正确" in done.stderr and "Traceback" not in done.stderr
    assert [p.id for p in list_profiles()] == [profile.id]


def test_the_cli_deletes_with_the_passphrase_after_showing_the_unsynced_work(profile):
    leave_unsynced_work(profile)
    done = cli("profile", "delete", profile.name, "--yes", stdin=f"{PASSPHRASE}\n")
    assert done.returncode == 0, done.stderr
    assert "未同步的修改 2 项" in done.stderr and "永久丢失" in done.stderr
    assert list_profiles() == []


def test_each_lock_keeps_the_unsynced_counts_and_last_sync_in_public_metadata(profile):
    synced_at = leave_unsynced_work(profile, households=3)
    pending = pending_work(profile)
    assert pending is not None
    assert (pending.changes, pending.attachments) == (3, 0)
    assert pending.last_sync == synced_at.isoformat(timespec="seconds")
    public = json.loads(profile.metadata_path.read_text())
    assert set(public) == {"id", "name", "created", "schema", "pending"}
    assert "红窑镇" not in profile.metadata_path.read_text()


def test_forgot_passphrase_shows_what_is_lost_then_deletes(profile):
    leave_unsynced_work(profile)
    done = cli("profile", "delete", profile.name, "--forgot-passphrase", "--yes")
    assert done.returncode == 0, done.stderr
    assert "未同步的修改 2 项" in done.stderr
    assert "上次同步：2026-11-30T08:15:00+00:00" in done.stderr
    assert "永久丢失" in done.stderr
    assert list_profiles() == []


def test_forgot_passphrase_still_asks_for_the_name(profile):
    done = cli("profile", "delete", profile.name, "--forgot-passphrase", stdin="someone else\n")
    assert done.returncode == 1
    assert [p.id for p in list_profiles()] == [profile.id]


@pytest.mark.parametrize("lookalike", ["аlice", "ａｌｉｃｅ", "ALICE", "alіce"])
def test_names_that_look_like_an_existing_one_are_refused(make_profile, lookalike):
    make_profile("alice")
    with pytest.raises((ProfileNameLookalike, ProfileExists)):
        create_profile(lookalike, PASSPHRASE, kdf_params=FLOOR)
    assert [p.name for p in list_profiles()] == ["alice"]


def test_names_are_stored_nfkc_normalised(make_profile):
    assert make_profile("ｄｅｓｋ　２").name == "desk 2"
    make_profile("王老师")
    make_profile("汪老师")  # different people, different characters: both allowed
    assert len(list_profiles()) == 3


CHANGER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from homevisit import profiles
    from homevisit.errors import WrongPassphrase
    from homevisit.kdf import FLOOR
    profile_id, old, new, hold = sys.argv[1:5]
    (profile,) = [p for p in profiles.list_profiles() if p.id == profile_id]
    if hold:
        # The real write, held back until the parent says so: this change has read and
        # re-wrapped the slot and is about to replace it.
        write = profiles.write_slot
        def held_write(*args):
            print("sealed", flush=True)
            while not Path(hold).exists():
                time.sleep(0.01)
            write(*args)
        profiles.write_slot = held_write
    print("ready", flush=True)
    try:
        profiles.change_passphrase(profile, old, new, kdf_params=FLOOR, delay_base=0.0)
        print("changed", flush=True)
    except WrongPassphrase:
        print("refused", flush=True)
""")


def changer(profile, new: str, hold: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHANGER, profile.id, PASSPHRASE, new, hold],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_changing_one_passphrase_are_serialised(profile, tmp_path):
    release = tmp_path / "release"
    first = changer(profile, "first new passphrase", hold=str(release))
    assert first.stdout.readline().strip() == "ready"
    assert first.stdout.readline().strip() == "sealed"  # mid-change, slot lock held
    second = changer(profile, "second new passphrase")
    assert second.stdout.readline().strip() == "ready"
    # Unserialised, the second change reads the old slot now and completes, and the
    # first then overwrites it: both report success, one passphrase silently lost.
    time.sleep(1.0)
    release.touch()
    outcomes = [first.communicate(timeout=120)[0].strip(),
                second.communicate(timeout=120)[0].strip()]
    # Serialised, the second starts from the first one's slot, where the old passphrase
    # no longer opens: exactly one change happened, and its passphrase is the one that works.
    assert outcomes == ["changed", "refused"], outcomes
    slot = json.loads(profile.keyslot_path.read_text())
    assert slot["slot_version"] == 2
    unlock(profile, "first new passphrase").lock()


def test_a_leftover_slot_temp_file_is_removed_at_the_next_open(profile):
    leftover = temp_path(profile.keyslot_path)
    leftover.write_bytes(profile.keyslot_path.read_bytes())  # as a crash mid-change leaves it
    unlock(profile, PASSPHRASE).lock()
    assert not leftover.exists()
