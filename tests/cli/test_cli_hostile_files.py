"""The `homevisit` command and files that are not what they seem (issue 13 items 3 and 9):
a FIFO, a folder or a missing path gets one line of error at once, before any passphrase is
asked; no output ever shows a traceback or the file's path (file names carry names and ID
numbers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PASS = "correct horse battery"
ID_IN_NAME = "320122198706152711"
NO_WAIT = 30  # a hang fails the test here instead of blocking the suite


def run(home: Path, *args: str, stdin: str = "", lang: str = "zh"):
    env = {**os.environ, "HOMEVISIT_HOME": str(home), "HOMEVISIT_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=NO_WAIT,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-home")
    made = run(home, "profile", "create", "张老师", stdin=f"{PASS}\n{PASS}\n")
    assert made.returncode == 0, made.stderr
    return home


def assert_one_clean_line(done, expected: str) -> None:
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert "Traceback" not in done.stderr and ID_IN_NAME not in done.stdout + done.stderr


def test_a_missing_file_is_one_line_naming_no_path(home, tmp_path):
    missing = tmp_path / f"张三_{ID_IN_NAME}_户口本.jpg"
    # No passphrase on stdin: the file is checked before the profile is unlocked.
    assert_one_clean_line(run(home, "vault", "import", str(missing)), "找不到所选文件")


def test_a_folder_is_one_line(home, tmp_path):
    folder = tmp_path / f"张三_{ID_IN_NAME}"
    folder.mkdir()
    assert_one_clean_line(run(home, "vault", "import", str(folder)), "普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_one_line_and_no_hang(home, tmp_path):
    fifo = tmp_path / f"张三_{ID_IN_NAME}_户口本.jpg"
    os.mkfifo(fifo)
    assert_one_clean_line(run(home, "vault", "import", str(fifo)), "普通文件")


def test_english_on_request(home, tmp_path):
    done = run(home, "vault", "import", str(tmp_path / "nothing.pdf"), lang="en")
    assert_one_clean_line(done, "does not exist")


def test_an_export_into_a_missing_folder_is_one_line_naming_no_path(home, tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.new("RGB", (8, 8)).save(photo)
    imported = run(home, "vault", "import", str(photo), stdin=f"{PASS}\n")
    assert imported.returncode == 0, imported.stderr
    target = tmp_path / f"张三_{ID_IN_NAME}" / "out.png"
    done = run(home, "vault", "export", imported.stdout.strip(), str(target), stdin=f"{PASS}\n")
    assert_one_clean_line(done, "无法读写文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_planted_as_the_key_slot_is_a_damaged_slot_not_a_hang(tmp_path):
    home = tmp_path / "home"
    made = run(home, "profile", "create", "volunteer", stdin=f"{PASS}\n{PASS}\n")
    assert made.returncode == 0, made.stderr
    (slot,) = home.glob("profiles/*/keyslot.json")
    slot.unlink()
    os.mkfifo(slot)
    assert_one_clean_line(run(home, "store", "check", stdin=f"{PASS}\n"), "密钥文件")
