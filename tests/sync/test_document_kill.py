"""Killing the app mid-download of published documents (issue 16 item 3): each page is
committed with its cursor, so a kill — between two pages or at any moment — leaves the store
intact and new visits on the last usable form; the next sync completes the download."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from documentkit import AID_KINDS, form_v2, publish, rule_set_v2
from sqlalchemy import select
from synckit import Device

from homevisit.model import ReceivedDocument
from homevisit.visits import published

CHILD = Path(__file__).with_name("documents_child.py")
RANDOM_KILLS = 3


def start(root: Path, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, str(CHILD), str(root), mode],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def killed(child: subprocess.Popen[str]) -> None:
    child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
    child.wait(30)
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


def state_after_kill(root: Path) -> tuple[set[str], int]:
    device = Device.open(root, (root / "key").read_bytes())
    try:
        assert device.store.check() == []
        held = set(device.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)).all()))
        usable = device.store.run(lambda s: published.newest_usable_form(s, "home-visit"))
        return held, usable.version
    finally:
        device.close()


def test_a_kill_mid_download_leaves_new_visits_on_the_last_usable_form(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    root = d.root
    d.close()
    publish(central, AID_KINDS, form_v2(), rule_set_v2())  # three pages of one

    child = start(root, "hold")
    assert child.stdout is not None and child.stdout.readline().strip() == "page 1"
    killed(child)  # the code list's page is committed, the form's never asked for
    assert state_after_kill(root) == ({"aid-kinds"}, 1)

    rng = random.Random(16)
    for _ in range(RANDOM_KILLS):
        child = start(root, "run")
        time.sleep(rng.uniform(0, 0.4))
        killed(child)
        held, version = state_after_kill(root)
        # Whatever got in, the form is offered exactly when what it names is here.
        assert version == (2 if "home-visit" in held else 1), held

    again = Device.open(root, (root / "key").read_bytes())
    try:
        assert again.sync().ok
        assert again.store.run(
            lambda s: published.newest_usable_form(s, "home-visit").version) == 2
        assert again.store.run(lambda s: published.rule_set(s, "jiangsu-2020").version) == 2
    finally:
        again.close()
