"""The `homevisit` command as a user runs it: a real process, real encrypted files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

PASS = "correct horse battery"


def run(home: Path, *args: str, stdin: str = "", lang: str = "zh", tmp: Path | None = None):
    env = {**os.environ, "HOMEVISIT_HOME": str(home), "HOMEVISIT_LANG": lang}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return subprocess.run(
        [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One profile made through the CLI (Argon2id calibration runs once for the module)."""
    home = tmp_path_factory.mktemp("cli-home")
    made = run(home, "profile", "create", "张老师", stdin=f"{PASS}\n{PASS}\n")
    assert made.returncode == 0, made.stderr
    return home


def test_help_lists_the_commands():
    out = subprocess.run([sys.executable, "-m", "homevisit.cli.main", "--help"],
                         capture_output=True, text=True, env={**os.environ,
                                                              "HOMEVISIT_LANG": "en"})
    assert out.returncode == 0
    for word in ("profile", "store", "vault", "--passphrase-stdin"):
        assert word in out.stdout


def test_profile_list_shows_the_new_profile(home):
    listed = run(home, "profile", "list")
    assert listed.returncode == 0
    assert listed.stdout.startswith("张老师\t")


def test_store_check_reports_an_intact_store(home):
    checked = run(home, "store", "check", stdin=f"{PASS}\n")
    assert checked.returncode == 0, checked.stderr
    assert "数据库完好" in checked.stdout


def test_wrong_passphrase_is_a_clear_error_in_chinese(home):
    wrong = run(home, "store", "check", stdin="not the passphrase\n")
    assert wrong.returncode == 1
    assert "口令不正确" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    ok = run(home, "store", "check", stdin=f"{PASS}\n")  # a success clears the count
    assert ok.returncode == 0, ok.stderr


def test_vault_import_list_and_export_round_trip(home, tmp_path):
    photo = tmp_path / "户口簿.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo)
    imported = run(home, "vault", "import", str(photo), "--doc-type", "hukou",
                   stdin=f"{PASS}\n")
    assert imported.returncode == 0, imported.stderr
    attachment_id = imported.stdout.strip()
    listed = run(home, "vault", "list", stdin=f"{PASS}\n")
    assert attachment_id in listed.stdout and "image/png" in listed.stdout
    out = tmp_path / "out.png"
    exported = run(home, "vault", "export", attachment_id, str(out), stdin=f"{PASS}\n")
    assert exported.returncode == 0, exported.stderr
    with Image.open(out) as img:
        assert img.size == (64, 48)
        assert img.getpixel((0, 0)) == (200, 30, 30)
    checked = run(home, "store", "check", stdin=f"{PASS}\n")
    assert checked.returncode == 0  # the import and export were audited and the chain holds


def test_a_file_that_lies_about_its_type_is_refused(home, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"<html><body>not a photo</body></html>")
    refused = run(home, "vault", "import", str(fake), stdin=f"{PASS}\n", lang="en")
    assert refused.returncode == 1
    assert "JPEG" in refused.stderr and "Traceback" not in refused.stderr


def test_export_of_an_unknown_id_names_the_way_out(home, tmp_path):
    missing = run(home, "vault", "export", "no-such-id", str(tmp_path / "x"), stdin=f"{PASS}\n")
    assert missing.returncode == 1
    assert "vault list" in missing.stderr
    assert not (tmp_path / "x").exists()


def test_passwd_then_delete(tmp_path):
    home = tmp_path / "h"
    assert run(home, "profile", "create", "志愿者一", stdin=f"{PASS}\n{PASS}\n").returncode == 0
    new = "another long passphrase"
    changed = run(home, "profile", "passwd", "志愿者一", stdin=f"{PASS}\n{new}\n{new}\n")
    assert changed.returncode == 0, changed.stderr
    assert run(home, "store", "check", stdin=f"{new}\n").returncode == 0
    assert run(home, "store", "check", stdin=f"{PASS}\n").returncode == 1
    # Deleting needs the profile's (current) passphrase (issue 13 item 4).
    refused = run(home, "profile", "delete", "志愿者一", "--yes", stdin=f"{PASS}\n")
    assert refused.returncode == 1 and "口令不正确" in refused.stderr
    gone = run(home, "profile", "delete", "志愿者一", "--yes", stdin=f"{new}\n")
    assert gone.returncode == 0, gone.stderr
    assert "志愿者一" not in run(home, "profile", "list").stdout
    assert not any(p.name.endswith(".db") for p in home.rglob("*"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


