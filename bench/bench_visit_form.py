"""How fast the visit form engine re-evaluates a visit (issue 3): the GUI calls ``evaluate``
after every answer, so one evaluation must fit comfortably in a frame.

    python bench/bench_visit_form.py         # HOMEVISIT_BENCH_ROUNDS=300 by default

Floor, in this run: a plain walk over the same answers that copies every step's answers into
a new dict (the least any evaluation does), no conditions, validation or scoring. The target
is absolute — p95 ≤ 16 ms (one 60 Hz frame) on the full v1 form with the Jiangsu 2020 score —
and the ratio to the floor is printed for information.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "visitlogic"))

from visit_examples import HOUSEHOLD, TODAY, complete_answers, member

from homevisit.visits.forms import evaluate, load_definition

ROUNDS = int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "300"))
TARGET_MS = 16.0


def _floor(answers: dict[str, Any]) -> dict[str, Any]:
    return {step: copy.deepcopy(fields) for step, fields in answers.items()}


def _p95(fn, arg) -> float:
    for _ in range(5):
        fn(arg)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return statistics.quantiles(times, n=20)[-1] * 1000


def main() -> dict[str, float]:
    v1 = load_definition("home-visit", 1)
    small = complete_answers()
    large = complete_answers()
    large["members"]["people"] += [
        member("younger_brother" if i % 2 else "grandmother", health="minor_illness")
        for i in range(16)
    ]  # 20 members: the form's maximum

    def run(answers: dict[str, Any]) -> object:
        return evaluate(v1, answers, today=TODAY, household=HOUSEHOLD)

    results = {}
    for name, answers in (("4_members", small), ("20_members", large)):
        took, floor = _p95(run, answers), _p95(_floor, answers)
        results[name] = took
        print(
            f"visit_form_evaluate_p95_{name}: {took:.2f} ms "
            f"(ratio {took / floor:.0f}x vs floor {floor:.3f} ms, target <= {TARGET_MS:.0f} ms)"
        )
    return results


if __name__ == "__main__":
    figures = main()
    sys.exit(0 if max(figures.values()) <= TARGET_MS else 1)
