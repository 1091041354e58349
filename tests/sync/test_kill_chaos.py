"""SIGKILL at random points of a sync (push, pull, attachment upload): after each kill and
one clean sync the server holds exactly the records the client made — none lost, none
duplicated — the store passes its integrity check and the outbox is empty.

HOMEVISIT_CHAOS_TRIALS sets the count (CI default 12; `python bench/chaos_sync.py` runs 200).
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synckit import Central, Device, photo_consent, server_records

from homevisit import outbox
from homevisit.model import Attachment
from homevisit.server.models import Attachment as ServerAttachment
from homevisit.server.models import Blob
from homevisit.server.models import Member as ServerMember

TRIALS = int(os.environ.get("HOMEVISIT_CHAOS_TRIALS", "12"))
DEADLINE_S = float(os.environ.get("HOMEVISIT_CHAOS_SECONDS", "600"))
CHILD = Path(__file__).with_name("chaos_child.py")


def add_file(device: Device, household: str, size: int) -> str:
    stored = device.vault.put_stream(io.BytesIO(os.urandom(size)))

    def record(session):
        photo_consent(session, household)
        outbox.save(session, Attachment(
            household_id=household, doc_type="home_photo", mime="image/jpeg",
            size=stored.size, sha256=stored.sha256, vault_file_id=stored.file_id,
            file_key=stored.key))

    device.store.run(record)
    return stored.sha256


class Zygote:
    """The pre-imported process that forks one syncing child per trial."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        assert self.stdout.readline().strip() == "zygote"

    def kill_during_sync(self, root: Path, rng: random.Random, window: float,
                         push_batch: int) -> str:
        self.stdin.write(f"run {root} {push_batch}\n")
        self.stdin.flush()
        while True:  # skip "done"/"failed" lines of earlier children
            word, _, pid_text = self.stdout.readline().strip().partition(" ")
            if word == "ready":
                break
            assert word, "the zygote died"
        pid = int(pid_text)
        time.sleep(rng.uniform(0, window))
        outcome = "killed"
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            outcome = "finished"
        while True:  # wait until the kernel reaped it: its store is closed for good
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return outcome
            time.sleep(0.005)

    def close(self) -> None:
        self.stdin.close()
        self.proc.wait(10)
        self.stdout.close()


def run_trials(central: Central, root: Path, trials: int, seed: int,
               deadline_s: float = DEADLINE_S, push_batch: int = 500) -> dict[str, int]:
    rng = random.Random(seed)
    device = Device.enrolled(root, central, "wang")
    household = central.household("wang")
    assert device.sync().ok
    made: set[str] = set()
    hashes: set[str] = set()
    outcomes: dict[str, int] = {}
    started = time.monotonic()
    zygote = Zygote()
    try:
        for trial in range(trials):
            if time.monotonic() - started > deadline_s:
                break  # bounded in time as well as in count
            made.update(device.add_members(household, rng.randint(1, 120), prefix=f"k{trial}-"))
            if rng.random() < 0.5:
                hashes.add(add_file(device, household, rng.randint(100_000, 600_000)))
            for _ in range(rng.randint(0, 3)):
                central.household("wang")  # something to pull
            device.close()
            outcome = zygote.kill_during_sync(root, rng, window=0.6, push_batch=push_batch)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            device = Device.open(root, (root / "key").read_bytes())
            assert device.store.check() == [], trial
            clean = device.sync()
            assert clean.ok, (trial, clean.error)
            assert device.outbox_size() == 0, trial
            on_server = server_records(central, ServerMember, household_id=household,
                                       relation="child")
            assert set(on_server) == made, trial
            assert set(on_server.values()) == {1}, trial
            with central.services.sessions() as s:
                assert all(s.get(Blob, sha) is not None for sha in hashes), trial
            assert set(server_records(central, ServerAttachment,
                                      household_id=household).values()) <= {1}
    finally:
        device.close()
        zygote.close()
    return outcomes


@pytest.fixture
def chaos_central(tmp_path):
    server = Central.start(tmp_path / "central", chunk_max_bytes=64 * 1024)
    yield server
    server.stop()


@pytest.mark.slow
def test_sigkill_during_sync_loses_and_duplicates_nothing(chaos_central, tmp_path):
    chaos_central.user("counselor", "wang")
    outcomes = run_trials(chaos_central, tmp_path / "device", TRIALS, seed=11)
    print(f"kill chaos: {sum(outcomes.values())} trials {outcomes}")
    assert outcomes.get("killed", 0) >= 1


@pytest.mark.slow
def test_sigkill_during_a_pipelined_push_loses_and_duplicates_nothing(chaos_central,
                                                                      tmp_path):
    # Batches of 8: a trial's 1-120 new members take up to 15 round trips, so kills land
    # with one batch on the wire while the store applies the answer before it.
    chaos_central.user("counselor", "wang")
    outcomes = run_trials(chaos_central, tmp_path / "device", TRIALS, seed=12, push_batch=8)
    print(f"kill chaos, pipelined push: {sum(outcomes.values())} trials {outcomes}")
    assert outcomes.get("killed", 0) >= 1
