"""`homevisit export visits|record` as an office's script runs them: a real process, the
passphrase on standard input, real encrypted files (issue 18, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys

import openpyxl
import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.ids import mask_id
from homevisit.kdf import FLOOR
from homevisit.model import AuditEvent
from homevisit.store import Store
from homevisit.workspace import Workspace
from tests.reports.conftest import PASSPHRASE, pdf_text, signature_png
from tests.reports.seed_record import make_supervisor, seed_printable
from tests.review.seed import seed_queue


@pytest.fixture
def workspace(_isolated_home):
    """A supervisor's profile (floor KDF) with its store, open for seeding."""
    made = profiles.create_profile("督导", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    ws = Workspace.open(made, PASSPHRASE)
    yield ws
    ws.close()


def run(*args: str, stdin: str = f"{PASSPHRASE}\n", lang: str = "zh"):
    env = {**os.environ, "HOMEVISIT_LANG": lang}
    return subprocess.run([sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin",
                           *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120)


def _audited(workspace_profile) -> list[tuple[str, str | None]]:
    with Workspace.open(workspace_profile, PASSPHRASE) as ws:
        return ws.store.run(lambda s: [(e.action, e.detail.get("kind"))
                                       for e in s.scalars(select(AuditEvent))])


def test_export_visits_and_record_from_the_command_line(workspace, tmp_path):
    make_supervisor(workspace)
    seed_queue(workspace.store, 12)
    printed = seed_printable(workspace, signature_png(), index=12)
    profile = workspace.unlocked.profile
    workspace.close()

    out = tmp_path / "approved.xlsx"
    done = run("export", "visits", str(out), "--status", "approved", "--sort", "score")
    assert done.returncode == 0, done.stderr
    assert "已导出 2 次家访" in done.stdout
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3 and {r[10] for r in rows[1:]} == {"已通过"}

    everything = tmp_path / "all.xlsx"
    assert run("export", "visits", str(everything)).returncode == 0
    ids = [r[2] for r in openpyxl.load_workbook(everything).worksheets[0]
           .iter_rows(min_row=2, values_only=True)]
    assert mask_id(printed.student_id_number) in ids and printed.student_id_number not in ids

    pdf = tmp_path / "record.pdf"
    done = run("export", "record", printed.visit_id, str(pdf), lang="en")
    assert done.returncode == 0, done.stderr and "saved" in done.stdout
    text = pdf_text(pdf)
    assert "Home visit record" in text and mask_id(printed.student_id_number) in text
    assert printed.student_id_number not in text

    full = tmp_path / "full.pdf"
    assert run("export", "record", printed.visit_id, str(full), "--full-ids").returncode == 0
    assert printed.student_id_number in pdf_text(full)

    assert _audited(profile).count(("export", "visit_list")) == 2
    assert _audited(profile).count(("print", "visit_record")) == 2


def test_refusals_are_clear_and_write_nothing(workspace, tmp_path):
    make_supervisor(workspace)
    seed_queue(workspace.store, 2)
    workspace.close()
    out = tmp_path / "x.xlsx"
    refused = run("export", "visits", str(out), "--full-ids", lang="en")
    assert refused.returncode == 1 and "export_full_ids" in refused.stderr
    wrong = run("export", "visits", str(out), stdin="not it\n")
    assert wrong.returncode == 1 and "口令" in wrong.stderr
    missing = run("export", "record", "no-such-visit", str(tmp_path / "r.pdf"), lang="en")
    assert missing.returncode == 1 and "not found" in missing.stderr
    bad_date = run("export", "visits", str(out), "--from", "2026-13-01", lang="en")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    reversed_dates = run("export", "visits", str(out), "--from", "2026-09-02", "--to",
                         "2026-09-01", lang="en")
    assert reversed_dates.returncode == 1 and "swap" in reversed_dates.stderr
    assert not out.exists() and not (tmp_path / "r.pdf").exists()
