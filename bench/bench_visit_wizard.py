"""What one keystroke costs the GUI thread in the visit wizard (issue 6): the wizard
re-evaluates the form and refreshes every step page, the step list, the score and the
finalize summary after each edit, on the GUI thread, so that must fit in a frame.

    python bench/bench_visit_wizard.py       # HOMEVISIT_BENCH_ROUNDS=200 by default

A complete visit (the visit-logic examples: five members, every step answered) is loaded
into a real wizard offscreen; each round types one character into the wages field. The
store write is debounced and runs on the store worker, so it is not part of the figure.
Floor, in this run: ``evaluate`` alone on the same answers (what any GUI must do at least).
Target: p95 ≤ 16 ms (one 60 Hz frame); the ratio to the floor is printed for information.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "visitlogic"))

ROUNDS = int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "200"))
TARGET_MS = 16.0
PASSPHRASE = "bench passphrase 1"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="homevisit-bench-") as tmp:
        os.environ["HOMEVISIT_HOME"] = tmp
        _run()


def _run() -> None:
    from visit_examples import TODAY, complete_answers

    from homevisit import profiles
    from homevisit.gui.qt import QApplication, QEventLoop
    from homevisit.gui.visit.wizard import VisitWizard
    from homevisit.kdf import FLOOR
    from homevisit.model import Household, Visit
    from homevisit.store import Store
    from homevisit.visits import draft
    from homevisit.visits.forms import evaluate, latest_definition
    from homevisit.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    made = profiles.create_profile("bench", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    workspace = Workspace.open(made, PASSPHRASE)
    answers = complete_answers()

    def seed(session) -> str:  # type: ignore[no-untyped-def]
        household = Household(region_code="320321", address="bench")
        session.add(household)
        session.add(Visit(household_id=household.id, form_id="home-visit", form_version=1,
                          answers=answers))
        return household.id

    household_id = workspace.store.run(seed)
    wizard = VisitWizard(workspace, household_id, today=TODAY, save_delay_ms=60_000)
    wizard.resize(1200, 800)
    wizard.show()
    loop = QEventLoop()
    wizard.loaded.connect(loop.quit)
    loop.exec()
    wizard.go_to_page("income")
    line = wizard.page("income").step.row("wages").editor.line  # type: ignore[union-attr]

    definition = latest_definition(draft.FORM_ID)
    context = wizard.snapshot.household_context  # type: ignore[union-attr]
    floor, edits = [], []
    for index in range(ROUNDS):
        started = time.perf_counter()
        evaluate(definition, wizard.answers, today=TODAY, household=context)
        floor.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        line.setText(str(30000 + index))
        line.textEdited.emit(line.text())  # what a keystroke delivers
        edits.append((time.perf_counter() - started) * 1000)
    wizard._timer.stop()
    wizard.close()
    workspace.close()
    del app

    edit_p95, floor_p95 = _p95(edits), _p95(floor)
    print(f"visit wizard keystroke p95: {edit_p95:.1f} ms "
          f"(ratio {edit_p95 / floor_p95:.2f}x vs evaluate-only floor {floor_p95:.1f} ms, "
          f"target <= {TARGET_MS:.0f} ms)")
    print(f"visit wizard keystroke median: {statistics.median(edits):.1f} ms "
          f"over {ROUNDS} edits")


if __name__ == "__main__":
    main()
