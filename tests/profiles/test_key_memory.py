"""After lock, no copy of the store key is left in the process (issue 13 item 6): the raw
key and its hex (either case) are searched for in every readable mapping of a real child
process that unlocked, used and locked a profile. What cannot be wiped is listed in
docs/keys-in-memory.md. Linux: the parent reads the child's memory through /proc."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from profile_helpers import PASSPHRASE

from homevisit.profiles import unlock

CHILD = Path(__file__).with_name("key_memory_child.py")


def readable_regions(pid: int):
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if fields[1].startswith("r") and (len(fields) < 6 or fields[5] not in ("[vvar]",)):
            yield start, end


def occurrences(pid: int, needles: dict[str, bytes]) -> dict[str, int]:
    found = dict.fromkeys(needles, 0)
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end in readable_regions(pid):
            try:
                mem.seek(start)
                data = mem.read(end - start)
            except OSError:
                continue  # guard pages and the like
            for label, needle in needles.items():
                found[label] += len(re.findall(re.escape(needle), data))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads another process's memory via /proc")
def test_no_copy_of_the_store_key_survives_the_lock(profile):
    with unlock(profile, PASSPHRASE) as unlocked:
        key = bytes(unlocked.key)  # the parent's own copy, to search for
    child = subprocess.Popen([sys.executable, str(CHILD), profile.name, PASSPHRASE],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env={**os.environ})
    try:
        assert child.stdout.readline().strip() == "locked"
        found = occurrences(child.pid, {
            "raw key": key,
            "hex": key.hex().encode(),
            "HEX": key.hex().upper().encode(),
            "hex as UTF-16": key.hex().encode("utf-16-le"),
        })
    finally:
        child.communicate("\n", timeout=60)
    assert found == {"raw key": 0, "hex": 0, "HEX": 0, "hex as UTF-16": 0}, found
