"""kill -9 during a plaintext export: never a plaintext file without its audit row, never a
temp file left after the next start.

A child process (export_child.py) runs the real Workspace.export_attachment and announces
each step; trial n waits for step n mod len(STEPS), then SIGKILLs it after a random delay
within that step. ``HOMEVISIT_TRIALS`` sets the number of trials (default 12, two per
step; 200 for the full run).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from export_helpers import PASSPHRASE
from sqlalchemy import select

from homevisit import exports
from homevisit.model import Attachment, AuditEvent
from homevisit.workspace import Workspace

CHILD = Path(__file__).with_name("export_child.py")
TRIALS = int(os.environ.get("HOMEVISIT_TRIALS", "12"))  # two kills per step
STEPS = ["start", "audit-committed", "temp-half-written", "before-rename", "after-rename",
         "done"]
LINGER = 0.02  # the child's pause after each announced step


def run_until(step: str, profile_name: str, attachment_id: str, out: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), profile_name, PASSPHRASE, attachment_id, str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    while (line := child.stdout.readline()) != step + "\n":
        if not line:
            child.wait()
            pytest.fail(f"child stopped before {step}: {child.stderr.read()}")
    return child


def export_rows(ws: Workspace) -> list[tuple[int, str | None]]:
    return ws.store.run(lambda s: [
        (e.seq, e.entity_id) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "export")).all()])


def plaintext_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


@pytest.mark.slow
def test_kill_9_during_an_export_never_leaves_an_unaudited_file_or_a_temp(
        profile, attachment_id, tmp_path):
    seed = int(os.environ.get("HOMEVISIT_SEED", time.time_ns() % 10**9))
    rng = random.Random(seed)
    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    with Workspace.open(profile, PASSPHRASE) as ws:
        sha256 = ws.store.run(lambda s: s.get(Attachment, attachment_id).sha256)
        audited = len(export_rows(ws))
    landed: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()

    for trial in range(TRIALS):
        step = STEPS[trial % len(STEPS)]
        out = out_dir / f"photo-{trial}.png"
        child = run_until(step, profile.name, attachment_id, out)
        time.sleep(rng.uniform(0, LINGER))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
        context = f"trial {trial}, killed at {step}, seed {seed}"

        # Before the next start: whatever plaintext reached the disk has its audit row.
        written = [p for p in plaintext_files(out_dir) if p.name.startswith(exports.TEMP_PREFIX)
                   or p == out]
        with Workspace.open(profile, PASSPHRASE) as ws:  # the next start: sweeps temps
            rows = export_rows(ws)
            check = ws.check()
        new_rows = len(rows) - audited
        audited = len(rows)
        if written:
            assert new_rows == 1, context
            assert rows[-1][1] == attachment_id, context
        assert new_rows <= 1, context
        # After the next start: no temp anywhere; a finished file is whole.
        leftovers = [p for p in plaintext_files(out_dir) if p.name.startswith(exports.TEMP_PREFIX)]
        assert leftovers == [], context
        if out.exists():
            assert hashlib.sha256(out.read_bytes()).hexdigest() == sha256, context
        assert check.ok, context
        landed[(step, "file" if out.exists() else "none")] += 1

    elapsed = time.perf_counter() - started
    print(f"\n{TRIALS} kill -9 export trials in {elapsed:.1f} s (seed {seed}):")
    for (step, outcome), count in sorted(landed.items(), key=lambda kv: STEPS.index(kv[0][0])):
        print(f"  killed at {step:18} → exported file: {outcome}: {count}")
    if len(STEPS) <= TRIALS:
        assert landed[("audit-committed", "none")] and landed[("after-rename", "file")]
        assert not landed[("start", "file")]


def test_a_crash_leftover_temp_is_removed_and_audited_at_the_next_start(
        profile, attachment_id, tmp_path):
    out = tmp_path / "photo.png"
    temp = exports.temp_name(out)
    with Workspace.open(profile, PASSPHRASE) as ws:
        ws.store.run(lambda s: exports.begin(s, actor=ws.actor, entity="attachment",
                                             entity_id=attachment_id, temp=temp))
    temp.write_bytes(b"half of a plaintext photo")  # what a kill mid-write leaves
    with Workspace.open(profile, PASSPHRASE) as ws:
        actions = ws.store.run(lambda s: [e.action for e in s.scalars(
            select(AuditEvent).order_by(AuditEvent.seq)).all()])
    assert not temp.exists()
    assert actions[-2:] == ["export", "export_abandoned"]


def test_an_export_that_fails_on_a_full_disk_leaves_nothing_and_keeps_its_audit_row(
        profile, attachment_id, tmp_path, monkeypatch):
    from homevisit import durable

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    out = out_dir / "photo.png"
    with Workspace.open(profile, PASSPHRASE) as ws:
        monkeypatch.setattr(durable, "flush_to_disk", full_disk)  # the temp file cannot grow
        with pytest.raises(OSError):  # the CLI and the GUI word it (no path, no traceback)
            ws.export_attachment(attachment_id, out)
        monkeypatch.undo()
        rows = export_rows(ws)
    assert plaintext_files(out_dir) == []
    assert rows and rows[-1][1] == attachment_id
