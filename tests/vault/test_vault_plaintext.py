"""Big files stream through in small memory, and no plaintext is ever left on disk."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from vault_files import jpeg_bytes, write_pdf

from homevisit.errors import AttachmentTampered
from homevisit.vault import Vault

FIFTY_MB = 50 * 1024 * 1024
PEAK_LIMIT = 8 * 1024 * 1024


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def test_a_50_mb_pdf_is_imported_and_exported_without_sitting_in_memory(tmp_path, canary):
    vault = Vault(tmp_path / "vault")  # production chunk size
    source = write_pdf(tmp_path / "scan.pdf", FIFTY_MB, marker=canary)
    out = tmp_path / "exported" / "scan.pdf"
    out.parent.mkdir()

    tracemalloc.start()
    try:
        imported = vault.import_file(source)
        _, import_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        vault.export(imported.file_id, imported.key, out, expected_sha256=imported.sha256)
        _, export_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert import_peak < PEAK_LIMIT, f"import peak {import_peak / 2**20:.1f} MiB"
    assert export_peak < PEAK_LIMIT, f"export peak {export_peak / 2**20:.1f} MiB"
    # The stored copy is the cleaned PDF (rewritten by qpdf, its streams compressed).
    assert source.stat().st_size > FIFTY_MB
    assert imported.size == out.stat().st_size
    assert imported.sha256 == _file_sha256(out)
    stored = vault.root / imported.file_id[:2] / imported.file_id
    assert not _contains(stored, canary)


def _contains(path: Path, needle: bytes) -> bool:
    """Search a file in blocks, overlapping so a needle across a block edge is found."""
    overlap = len(needle) - 1
    tail = b""
    try:
        with path.open("rb") as f:
            while block := f.read(1024 * 1024):
                if needle in tail + block:
                    return True
                tail = block[-overlap:]
    except OSError:  # another process's private or vanished file
        return False
    return False


def _files_under(root: Path, since: float) -> list[Path]:
    found = []
    for directory, _, names in os.walk(root, onerror=lambda _: None):
        for name in names:
            path = Path(directory) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.is_file() and not path.is_symlink() and info.st_mtime >= since:
                found.append(path)
    return found


def test_no_plaintext_is_left_in_the_vault_or_the_temp_dir(tmp_path, canary):
    started = time.time() - 1
    vault = Vault(tmp_path / "vault", chunk_size=4096)
    user_files = tmp_path / "picked-by-the-user"  # plaintext by the user's own choice
    user_files.mkdir()

    exif = Image.Exif()
    exif[0x010E] = canary.decode()
    exif.get_ifd(0x8825)[1] = "N"
    photo = user_files / "home.jpg"
    photo.write_bytes(jpeg_bytes(Image.new("RGB", (300, 200)), exif=exif, comment=canary))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", canary.decode())
    scan = user_files / "scan.png"
    Image.new("L", (50, 50)).save(scan, pnginfo=text)
    pdf = write_pdf(user_files / "form.pdf", 200_000, marker=canary)

    imported = [vault.import_file(p) for p in (photo, scan, pdf)]
    stream = vault.put_stream(io.BytesIO(canary * 10_000))
    for item in imported:
        vault.read_bytes(item.file_id, item.key)  # the GUI's preview path
    vault.export(stream.file_id, stream.key, user_files / "exported.bin")

    # A tampered attachment: the refused export must leave no partial plaintext behind.
    target = vault.root / stream.file_id[:2] / stream.file_id
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    refused_dir = tmp_path / "refused-export"
    refused_dir.mkdir()
    with pytest.raises(AttachmentTampered):
        vault.export(stream.file_id, stream.key, refused_dir / "out.bin")
    assert list(refused_dir.iterdir()) == []

    # tmp_path normally lies inside the temp dir; a set counts each file once.
    candidates = set(_files_under(tmp_path, started))
    candidates |= set(_files_under(Path(tempfile.gettempdir()), started))
    checked = [p for p in candidates if user_files not in p.parents]
    assert len([p for p in checked if vault.root in p.parents]) == 4
    leaks = [p for p in checked if _contains(p, canary)]
    assert leaks == []
    assert _contains(user_files / "exported.bin", canary)  # the search itself works
