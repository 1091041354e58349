"""A full disk (issue 13 item 9): one clear message, no traceback, no path, and no `.tmp`
left behind. A real small tmpfs is mounted as the full disk (root on Linux, as on the
project's machines and CI; skipped where that is not possible)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

PASS = "correct horse battery"
ID_IN_NAME = "320122198706152711"


def noise_photo(path: Path, side: int) -> Path:
    """A PNG of random pixels: re-encoding cannot shrink it (about 3 bytes a pixel)."""
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path)
    return path


def run(home: Path, *args: str, stdin: str = ""):
    env = {**os.environ, "HOMEVISIT_HOME": str(home), "HOMEVISIT_LANG": "zh"}
    return subprocess.run(
        [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB file system of its own."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def fill(disk: Path) -> None:
    # Unbuffered: a buffered file that met ENOSPC raises it again when it is closed.
    with (disk / "filler").open("wb", buffering=0) as f, pytest.raises(OSError):
        while True:
            f.write(b"\0" * 65536)
            os.fsync(f.fileno())


def assert_disk_full_line(done) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "磁盘空间不足" in lines[0]
    assert "Traceback" not in done.stderr and ID_IN_NAME not in done.stdout + done.stderr


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_export_to_a_full_disk_is_one_line_and_leaves_no_temp(tmp_path, small_disk):
    home = tmp_path / "home"
    assert run(home, "profile", "create", "张老师", stdin=f"{PASS}\n{PASS}\n").returncode == 0
    source = noise_photo(tmp_path / "scan.png", 500)  # ~750 KB stored
    imported = run(home, "vault", "import", str(source), stdin=f"{PASS}\n")
    assert imported.returncode == 0, imported.stderr
    fill(small_disk)
    (small_disk / "filler").unlink()
    (small_disk / "half").write_bytes(b"\0" * (600 * 1024))  # what is left is not enough
    target = small_disk / f"张三_{ID_IN_NAME}_户口本.png"
    done = run(home, "vault", "export", imported.stdout.strip(), str(target), stdin=f"{PASS}\n")
    assert_disk_full_line(done)
    assert not target.exists()
    assert temp_files(small_disk) == []


def test_import_onto_a_full_disk_is_one_line_and_leaves_no_temp(tmp_path, small_disk):
    home = small_disk / "home"
    made = run(home, "profile", "create", "张老师", stdin=f"{PASS}\n{PASS}\n")
    assert made.returncode == 0, made.stderr
    fill(small_disk)
    source = noise_photo(tmp_path / f"张三_{ID_IN_NAME}_户口本.png", 400)
    done = run(home, "vault", "import", str(source), stdin=f"{PASS}\n")
    assert_disk_full_line(done)
    assert temp_files(home) == []
    (small_disk / "filler").unlink()
    listed = run(home, "vault", "list", stdin=f"{PASS}\n")  # the store is as it was
    assert listed.returncode == 0 and listed.stdout == ""
