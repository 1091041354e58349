"""Killing the app mid-form and starting it again restores the form where it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from homevisit.workspace import Workspace
from tests.gui.conftest import PASSPHRASE
from tests.gui.visit.conftest import seed_family
from tests.gui.visit.test_whole_visit import open_wizard

ROOT = Path(__file__).resolve().parents[3]


def test_sigkill_mid_form_then_restart_resumes_same_step_and_answers(qtbot, profile):
    with Workspace.open(profile, PASSPHRASE) as ws:
        household_id = seed_family(ws)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.visit.wizard_child", profile.name, PASSPHRASE,
         household_id],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "SAVED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Workspace.open(profile, PASSPHRASE) as ws:
        wizard, c = open_wizard(qtbot, ws, household_id)
        assert wizard.current_page().id == "household"  # same step
        assert c.row("consent.visit_mode").editor.value() == "phone"  # same answers
        assert c.row("consent.consent_choices").editor.value() == ["basic_information"]
        assert c.row("household.residence_type").editor.value() == "rural"
        assert c.row("household.parents_divorced").editor.value() is True
        wizard.close()
        assert ws.check().ok  # the store survived the kill intact
