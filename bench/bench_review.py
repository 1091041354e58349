"""The supervisor's review (issue 15, DESIGN §6), offscreen, on a real encrypted store:

    python bench/bench_review.py       # HOMEVISIT_BENCH_VISITS=5000 by default

- queue shown after unlock: from handing the unlocked workspace to a new review page until
  its ids are in the model and the first page of rows has arrived (page built, queries on
  the store worker, rows, model). Argon2id is not included. Target < 300 ms.
  Floor: the same id and row queries straight on the store, no GUI.
- filter p95: from choosing a filter (a status button, the flags filter, a township, a
  search text) until the new ids are in the model. Target < 50 ms. Floor: the same
  selection over the queue's filter columns already in memory, no GUI (and, for a search
  text, the households search on the store).
- a visit with 6 cached photos: from opening the review view until its answers are shown
  (target < 300 ms) and until its first photo is on screen, decrypted in memory (target
  < 500 ms). Floor: building the view model straight on the store, and decrypting the
  first photo straight from the vault.

Each figure is printed with its ratio to the floor measured in the same run. The machine
these run on is shared, so absolute figures vary from run to run; the ratios less so.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VISITS = int(os.environ.get("HOMEVISIT_BENCH_VISITS", "5000"))
ROUNDS = int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "20"))
PASSPHRASE = "bench passphrase 1"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(name: str, value: float, floor: float, target: float) -> None:
    ok = "OK" if value < target else "OVER TARGET"
    print(f"{name}: {value:.1f} ms (ratio {value / max(floor, 0.01):.2f}x vs floor "
          f"{floor:.1f} ms, target < {target:g} ms) {ok}", flush=True)


def wait_for(app: Any, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not get there")
        app.processEvents()
        time.sleep(0.0005)


def photo(number: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (1600, 1200), (40 * number % 255, 90, 160))
    image.paste((0, 0, 0), (200, 200, 900, 400))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def main() -> None:
    from homevisit import profiles
    from homevisit.gui.app import make_application
    from homevisit.kdf import FLOOR
    from homevisit.store import Store
    from homevisit.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="homevisit-bench-review-") as tmp:
        os.environ["HOMEVISIT_HOME"] = str(Path(tmp) / "home")
        made = profiles.create_profile("督导", PASSPHRASE, kdf_params=FLOOR)
        with profiles.unlock(made, PASSPHRASE) as unlocked:
            Store.open(made.store_path, bytes(unlocked.key), create=True).close()
        app = make_application()
        workspace = Workspace.open(made, PASSPHRASE)
        try:
            run(app, workspace)
        finally:
            workspace.close()


def run(app: Any, workspace: Any) -> None:
    from homevisit.gui.review.queue_page import ReviewPage
    from homevisit.gui.review.review_view import ReviewViewWidget
    from homevisit.model import VisitStatus
    from homevisit.review.queue import (
        QueueFilter,
        QueueSort,
        matching_households,
        queue_entries,
        queue_ids,
        queue_rows,
        select_ids,
    )
    from homevisit.review.view_model import attachment_key, review_view
    from tests.review.seed import TOWNSHIPS, add_photos, seed_queue

    started = time.perf_counter()
    seeded = seed_queue(workspace.store, VISITS)
    target = seeded[VISITS // 2]
    add_photos(workspace.store, workspace.vault, target, [photo(n) for n in range(6)])
    print(f"{VISITS} synced visits seeded in {time.perf_counter() - started:.1f} s "
          "(the machine is shared and loaded: compare ratios, not absolute times)", flush=True)

    # --- floors: the same work straight on the store ---------------------------------------
    def floor_open() -> None:
        ids = workspace.store.run(lambda s: queue_ids(s))
        workspace.store.run(lambda s: queue_rows(s, ids[:100]))

    floors = []
    for _ in range(5):
        t = time.perf_counter()
        floor_open()
        floors.append((time.perf_counter() - t) * 1000)
    open_floor = min(floors)

    # --- queue shown after unlock ----------------------------------------------------------
    opens = []
    for _ in range(5):
        t = time.perf_counter()
        page = ReviewPage(workspace, None)
        page.resize(1200, 780)
        page.show()
        loaded: list[int] = []
        page.model.page_loaded.connect(loaded.append)
        page.refresh()
        wait_for(app, lambda p=page, seen=loaded: p.model.rowCount() > 0 and bool(seen))
        opens.append((time.perf_counter() - t) * 1000)
        page.clear()
        page.close()
        page.deleteLater()
        app.processEvents()
    line(f"queue of {VISITS} visits shown after unlock (median of 5)",
         statistics.median(opens), open_floor, 300)

    # --- filters ---------------------------------------------------------------------------
    page = ReviewPage(workspace, None)
    page.resize(1200, 780)
    page.show()
    page.refresh()
    wait_for(app, lambda: page.model.rowCount() > 0)
    choices: list[tuple[str, Callable[[], None], QueueFilter]] = [
        ("returned", lambda: page.status_buttons["returned"].setChecked(True),
         QueueFilter(statuses=frozenset({VisitStatus.RETURNED}))),
        ("all", lambda: page.status_buttons[""].setChecked(True), QueueFilter()),
        ("flags", lambda: page.flags_combo.setCurrentIndex(1),
         QueueFilter(undecided_flags=True)),
        ("township", lambda: page.township_combo.setCurrentIndex(1),
         QueueFilter(undecided_flags=True, township=TOWNSHIPS[0])),
        ("reset", lambda: (page.flags_combo.setCurrentIndex(0),
                           page.township_combo.setCurrentIndex(0)), QueueFilter()),
    ]
    entries = workspace.store.run(queue_entries)
    filter_ms, floor_ms = [], []
    for _ in range(ROUNDS):
        for _name, act, chosen in choices:
            shown: list[int] = []
            page.queue_shown.connect(shown.append)
            t = time.perf_counter()
            act()
            wait_for(app, lambda seen=shown: bool(seen))
            filter_ms.append((time.perf_counter() - t) * 1000)
            page.queue_shown.disconnect(shown.append)
            t = time.perf_counter()
            select_ids(entries, chosen, QueueSort.NEWEST, None)
            floor_ms.append((time.perf_counter() - t) * 1000)
    for text in ("zxm", seeded[123].student_id_number[-4:], seeded[77].student):
        for _ in range(ROUNDS // 2):
            shown = []
            page.queue_shown.connect(shown.append)
            page.search.setText("")
            app.processEvents()
            t = time.perf_counter()
            page.search.setText(text)
            page.refresh()  # the typing debounce (150 ms) is not counted
            wait_for(app, lambda seen=shown, t=text: bool(seen) and page.search.text() == t)
            filter_ms.append((time.perf_counter() - t) * 1000)
            page.queue_shown.disconnect(shown.append)
            t = time.perf_counter()
            found = workspace.store.run(lambda s, q=text: matching_households(s, q))
            select_ids(entries, QueueFilter(text=text), QueueSort.NEWEST, found)
            floor_ms.append((time.perf_counter() - t) * 1000)
    line(f"queue filter or search p95 over {len(filter_ms)}", p95(filter_ms), p95(floor_ms),
         50)
    page.clear()
    page.close()

    # --- a visit with 6 cached photos ------------------------------------------------------
    answers_floor, photo_floor, answers_ms, photo_ms = [], [], [], []
    for _ in range(5):
        t = time.perf_counter()
        view = workspace.store.run(lambda s: review_view(s, target.visit_id))
        answers_floor.append((time.perf_counter() - t) * 1000)
        first = next(a for a in view.attachments if a.is_image)
        t = time.perf_counter()
        file_id, key, _sha = workspace.store.run(lambda s, i=first.id: attachment_key(s, i))
        workspace.vault.read_bytes(file_id, key)
        photo_floor.append((time.perf_counter() - t) * 1000 + answers_floor[-1])

        shown_photos: list[str] = []
        t = time.perf_counter()
        widget = ReviewViewWidget(workspace, target.visit_id)
        widget.photo_shown.connect(shown_photos.append)
        widget.show()
        wait_for(app, lambda w=widget: w.view is not None)
        answers_ms.append((time.perf_counter() - t) * 1000)
        wait_for(app, lambda seen=shown_photos: bool(seen))
        photo_ms.append((time.perf_counter() - t) * 1000)
        wait_for(app, lambda seen=shown_photos: len(seen) == 6)
        widget.clear()
        widget.close()
        widget.deleteLater()
        app.processEvents()
    line("visit with 6 cached photos: answers shown (median of 5)",
         statistics.median(answers_ms), min(answers_floor), 300)
    line("visit with 6 cached photos: first photo shown (median of 5)",
         statistics.median(photo_ms), min(photo_floor), 500)


if __name__ == "__main__":
    main()
