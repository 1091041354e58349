"""Every way an attacker or a bad disk can change a vault file is detected, and nothing from
the bad point on is ever handed out (DESIGN §4: a tampered attachment is reported, not shown)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from homevisit.errors import AttachmentTampered
from homevisit.vault import StoredFile, Vault
from homevisit.vault_format import CHUNK_OVERHEAD, HEADER_SIZE, NONCE_SIZE, TAG_SIZE

CHUNKS = 5
LAST_LEN = 1000


def _plaintext(chunk_size: int) -> bytes:
    # Distinct content per chunk, so a reordered chunk could never pass as the right one.
    return b"".join(bytes([i + 1]) * chunk_size for i in range(CHUNKS - 1)) + b"L" * LAST_LEN


def _record_start(vault: Vault, index: int) -> int:
    return HEADER_SIZE + index * (vault.chunk_size + CHUNK_OVERHEAD)


def _path(vault: Vault, stored: StoredFile) -> Path:
    return vault.root / stored.file_id[:2] / stored.file_id


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _read_until_refused(vault: Vault, stored: StoredFile) -> list[bytes]:
    """Consume open_stream; return what was yielded before AttachmentTampered (which must come)."""
    got: list[bytes] = []
    with pytest.raises(AttachmentTampered):
        for chunk in vault.open_stream(stored.file_id, stored.key):
            got.append(chunk)
    return got


def _assert_refused(vault: Vault, stored: StoredFile, plain: bytes, good_chunks: int, tmp: Path):
    """Refused from chunk ``good_chunks`` on; earlier chunks were genuine; export leaves nothing."""
    got = _read_until_refused(vault, stored)
    assert len(got) == good_chunks
    assert b"".join(got) == plain[: good_chunks * vault.chunk_size]
    out_dir = tmp / "export"
    out_dir.mkdir(exist_ok=True)
    with pytest.raises(AttachmentTampered):
        vault.export(stored.file_id, stored.key, out_dir / "out.pdf")
    assert list(out_dir.iterdir()) == []  # neither the output nor its temp file
    with pytest.raises(AttachmentTampered):
        vault.verify(stored.file_id, stored.key, stored.sha256)


@pytest.fixture
def stored(vault: Vault) -> tuple[StoredFile, bytes]:
    plain = _plaintext(vault.chunk_size)
    return vault.put_stream(io.BytesIO(plain)), plain


def _where(vault: Vault, part: str, chunk: int) -> int:
    start = _record_start(vault, chunk)
    length = vault.chunk_size if chunk < CHUNKS - 1 else LAST_LEN
    return {
        "nonce": start + 3,
        "ciphertext": start + NONCE_SIZE + length // 2,
        "tag": start + NONCE_SIZE + length + TAG_SIZE - 1,
    }[part]


@pytest.mark.parametrize("chunk", [0, 2, CHUNKS - 1])
@pytest.mark.parametrize("part", ["nonce", "ciphertext", "tag"])
def test_a_flipped_bit_in_a_chunk_stops_the_stream_at_that_chunk(
    vault, stored, part, chunk, tmp_path
):
    file, plain = stored
    _flip(_path(vault, file), _where(vault, part, chunk))
    _assert_refused(vault, file, plain, good_chunks=chunk, tmp=tmp_path)


@pytest.mark.parametrize("offset", range(HEADER_SIZE))
def test_any_flipped_header_byte_yields_nothing(vault, stored, offset, tmp_path):
    file, plain = stored
    _flip(_path(vault, file), offset)
    _assert_refused(vault, file, plain, good_chunks=0, tmp=tmp_path)


def test_two_files_swapped_on_disk_are_both_refused(vault, tmp_path):
    plain = _plaintext(vault.chunk_size)
    a = vault.put_stream(io.BytesIO(plain))
    b = vault.put_stream(io.BytesIO(plain))  # even identical content does not help
    path_a, path_b = _path(vault, a), _path(vault, b)
    moved = path_a.with_name("moved")
    os.replace(path_a, moved)
    os.replace(path_b, path_a)
    os.replace(moved, path_b)
    _assert_refused(vault, a, plain, good_chunks=0, tmp=tmp_path)
    _assert_refused(vault, b, plain, good_chunks=0, tmp=tmp_path)


def test_a_file_renamed_onto_another_with_its_own_key_is_refused(vault, tmp_path):
    """The header's file id is checked even when the key would decrypt the chunks."""
    plain = _plaintext(vault.chunk_size)
    a = vault.put_stream(io.BytesIO(plain))
    b = vault.put_stream(io.BytesIO(b"other"))
    os.replace(_path(vault, a), _path(vault, b))
    forged = StoredFile(file_id=b.file_id, key=a.key, sha256=a.sha256, size=a.size)
    _assert_refused(vault, forged, plain, good_chunks=0, tmp=tmp_path)


Truncate = Callable[[Vault], int]


@pytest.mark.parametrize(
    ("cut", "good_chunks"),
    [
        (lambda v: _record_start(v, CHUNKS - 1), CHUNKS - 2),  # last chunk dropped whole
        (lambda v: _record_start(v, 2), 1),  # at an inner chunk boundary
        (lambda v: _record_start(v, 2) + 100, 2),  # in the middle of a chunk
        (lambda v: _record_start(v, CHUNKS - 1) + LAST_LEN, CHUNKS - 1),  # inside the last chunk
        (lambda v: HEADER_SIZE, 0),  # header only
        (lambda v: 10, 0),  # inside the header
        (lambda v: 0, 0),  # empty file
    ],
    ids=[
        "last-chunk",
        "boundary",
        "mid-chunk",
        "in-last-chunk",
        "header-only",
        "in-header",
        "empty",
    ],
)
def test_a_truncated_file_is_refused(vault, stored, cut, good_chunks, tmp_path):
    file, plain = stored
    path = _path(vault, file)
    with path.open("r+b") as f:
        f.truncate(cut(vault))
    _assert_refused(vault, file, plain, good_chunks=good_chunks, tmp=tmp_path)


def test_a_chunk_appended_is_refused_at_the_old_last_chunk(vault, stored, tmp_path):
    file, plain = stored
    path = _path(vault, file)
    data = path.read_bytes()
    # Append a copy of a genuine full chunk record: valid ciphertext under the right key.
    first = data[_record_start(vault, 0) : _record_start(vault, 1)]
    path.write_bytes(data + first)
    _assert_refused(vault, file, plain, good_chunks=CHUNKS - 1, tmp=tmp_path)


def test_a_few_bytes_appended_are_refused(vault, stored, tmp_path):
    file, plain = stored
    path = _path(vault, file)
    path.write_bytes(path.read_bytes() + b"\0" * 7)
    _assert_refused(vault, file, plain, good_chunks=CHUNKS - 1, tmp=tmp_path)


def test_two_chunks_swapped_inside_a_file_are_refused(vault, stored, tmp_path):
    file, plain = stored
    path = _path(vault, file)
    data = bytearray(path.read_bytes())
    one = slice(_record_start(vault, 1), _record_start(vault, 2))
    two = slice(_record_start(vault, 2), _record_start(vault, 3))
    data[one], data[two] = data[two], data[one]
    path.write_bytes(bytes(data))
    _assert_refused(vault, file, plain, good_chunks=1, tmp=tmp_path)


def test_a_single_chunk_file_with_its_last_chunk_dropped_is_refused(vault, tmp_path):
    file = vault.put_stream(io.BytesIO(b""))
    path = _path(vault, file)
    with path.open("r+b") as f:
        f.truncate(HEADER_SIZE)
    _assert_refused(vault, file, b"", good_chunks=0, tmp=tmp_path)


def test_the_wrong_key_is_refused_as_tampering(vault, stored, tmp_path):
    file, plain = stored
    for key in (bytes(32), file.key[:16], b""):
        wrong = StoredFile(file_id=file.file_id, key=key, sha256=file.sha256, size=file.size)
        _assert_refused(vault, wrong, plain, good_chunks=0, tmp=tmp_path)


def test_an_export_over_an_existing_file_keeps_it_when_refused(vault, stored, tmp_path):
    file, _ = stored
    _flip(_path(vault, file), _where(vault, "ciphertext", 3))
    out = tmp_path / "exports" / "kept.pdf"
    out.parent.mkdir()
    out.write_bytes(b"previous export")
    with pytest.raises(AttachmentTampered):
        vault.export(file.file_id, file.key, out)
    assert out.read_bytes() == b"previous export"
    assert list(out.parent.iterdir()) == [out]


def test_a_wrong_expected_hash_removes_the_export(vault, stored, tmp_path):
    file, _ = stored
    out = tmp_path / "out" / "file.pdf"
    out.parent.mkdir()
    with pytest.raises(AttachmentTampered):
        vault.export(file.file_id, file.key, out, expected_sha256="0" * 64)
    assert list(out.parent.iterdir()) == []
