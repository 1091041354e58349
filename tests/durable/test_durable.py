"""Durable writes: one module owns os.replace/fsync, and it behaves on Windows too.

Windows is stood in for the way it actually differs: ``os.O_BINARY`` exists (without it a
descriptor is text mode and every ``\\n`` byte becomes ``\\r\\n``) and opening a directory
raises ``PermissionError``.
"""

from __future__ import annotations

import ast
import hashlib
import os
from pathlib import Path

import pytest

from homevisit import durable
from homevisit.server.storage import FileStorage

ROOT = Path(__file__).resolve().parents[2] / "homevisit"
_FORBIDDEN = {"replace", "fsync", "fdatasync", "rename"}


def _os_calls(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [a.name for a in node.names if a.name in _FORBIDDEN]
        if (isinstance(node, ast.Attribute) and node.attr in _FORBIDDEN | {"fsync"}
                and isinstance(node.value, ast.Name) and node.value.id == "os"):
            found.append(f"os.{node.attr}")
        if isinstance(node, ast.Attribute) and node.attr in {"fsync", "fdatasync"}:
            found.append(node.attr)
    return found


def test_no_module_outside_durable_calls_os_replace_or_fsync():
    offenders = {}
    for path in ROOT.rglob("*.py"):
        if path == ROOT / "durable.py":
            continue
        calls = _os_calls(ast.parse(path.read_text(encoding="utf-8")))
        if calls:
            offenders[str(path.relative_to(ROOT))] = sorted(set(calls))
    assert offenders == {}


def test_the_scan_sees_a_stray_fsync():
    # The guard above is only as good as its scan: a stray call must be caught.
    found = _os_calls(ast.parse("import os\nos.fsync(f.fileno())\nos.replace(a, b)\n"))
    assert sorted(found) == ["fsync", "os.fsync", "os.replace"]
    assert _os_calls(ast.parse("from os import replace\n")) == ["replace"]


@pytest.fixture
def windows_flags(monkeypatch):
    """Record the flags of every os.open, with os.O_BINARY defined as on Windows."""
    binary = 0x8000
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    opened: list[int] = []
    real_open = os.open

    def recording_open(path, flags, *args, **kwargs):
        opened.append(flags)
        return real_open(path, flags & ~binary, *args, **kwargs)

    monkeypatch.setattr(os, "open", recording_open)
    return binary, opened


def test_write_atomic_opens_in_binary_mode(tmp_path, windows_flags):
    binary, opened = windows_flags
    durable.write_atomic(tmp_path / "keyslot.json", b"line\nline\n")
    assert opened and opened[0] & binary
    assert (tmp_path / "keyslot.json").read_bytes() == b"line\nline\n"


def test_shred_file_opens_in_binary_mode(tmp_path, windows_flags):
    binary, opened = windows_flags
    slot = tmp_path / "keyslot.json"
    slot.write_bytes(b"wrapped key\n" * 10)
    durable.shred_file(slot)
    assert opened == [opened[0]] and opened[0] & binary
    assert slot.read_bytes() != b"wrapped key\n" * 10 and slot.stat().st_size == 120


@pytest.fixture
def directories_refuse_to_open(monkeypatch):
    """Windows: os.open on a directory raises PermissionError."""
    real_open = os.open

    def windows_open(path, flags, *args, **kwargs):
        if Path(path).is_dir():
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", windows_open)


def test_finished_upload_lands_where_directories_cannot_be_opened(
        tmp_path, directories_refuse_to_open):
    storage = FileStorage(tmp_path)
    data = b"%PDF-1.4\n" + os.urandom(1000)
    digest = hashlib.sha256(data).hexdigest()
    upload_id = "0f0e0d0c-0b0a-4909-8807-060504030201"
    assert storage.append_chunk(upload_id, 0, data) == len(data)
    key = storage.finish_upload(upload_id, digest)
    assert (tmp_path / key).read_bytes() == data
    assert storage.upload_size(upload_id) == 0


def test_without_directory_fsync_no_directory_is_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(durable, "_DIRECTORY_FSYNC", False)
    opened = []
    real_open = os.open

    def recording_open(path, *args, **kwargs):
        opened.append(Path(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", recording_open)
    durable.write_atomic(tmp_path / "a.json", b"{}")
    assert all(not p.is_dir() for p in opened) and (tmp_path / "a.json").read_bytes() == b"{}"


def test_atomic_file_leaves_the_target_alone_when_the_writer_fails(tmp_path):
    folder = tmp_path / "blobs"
    folder.mkdir()
    target = folder / "blob"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), durable.atomic_file(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("crash")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["blob"]
    with durable.atomic_file(target) as out:
        out.write(b"new\n")
    assert target.read_bytes() == b"new\n"


def test_create_exclusive_never_overwrites_and_writes_binary(tmp_path, windows_flags):
    binary, opened = windows_flags
    secret = tmp_path / "roster.secret"
    assert durable.create_exclusive(secret, b"ab12\n")
    assert opened[0] & binary
    assert not durable.create_exclusive(secret, b"other\n")
    assert secret.read_bytes() == b"ab12\n"
