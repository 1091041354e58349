"""Storing, reading, exporting and deleting attachments: round trips on real encrypted files."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import time

import pytest
from vault_files import SMALL_CHUNK

from homevisit.errors import AttachmentMissing, AttachmentTampered, FileTooLarge
from homevisit.vault import StoredFile, Vault
from homevisit.vault_format import CHUNK_OVERHEAD, HEADER_SIZE


class TrickleReader(io.RawIOBase):
    """A source that returns at most 1000 bytes per read, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = min(len(buffer), 1000, len(self._data))
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


@pytest.mark.parametrize(
    "size", [0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, SMALL_CHUNK + 1, 3 * SMALL_CHUNK, 100_003]
)
def test_round_trip_at_chunk_edges_keeps_every_byte_and_the_hash(vault, size):
    plain = os.urandom(size)
    stored = vault.put_stream(io.BytesIO(plain))
    assert stored.size == size
    assert stored.sha256 == hashlib.sha256(plain).hexdigest()
    assert vault.read_bytes(stored.file_id, stored.key) == plain
    vault.verify(stored.file_id, stored.key, stored.sha256)
    chunks = list(vault.open_stream(stored.file_id, stored.key))
    assert all(len(c) == SMALL_CHUNK for c in chunks[:-1])
    # On disk: header, then one record per chunk (an empty file still has one empty chunk).
    on_disk = (vault.root / stored.file_id[:2] / stored.file_id).stat().st_size
    assert on_disk == HEADER_SIZE + size + max(1, -(-size // SMALL_CHUNK)) * CHUNK_OVERHEAD


def test_short_reads_from_the_source_do_not_change_the_framing(vault):
    plain = os.urandom(5 * SMALL_CHUNK + 17)
    trickled = vault.put_stream(io.BufferedReader(TrickleReader(plain), buffer_size=1000))
    assert vault.read_bytes(trickled.file_id, trickled.key) == plain
    assert len(list(vault.open_stream(trickled.file_id, trickled.key))) == 6


def test_each_file_gets_its_own_id_and_key(vault):
    a = vault.put_stream(io.BytesIO(b"same"))
    b = vault.put_stream(io.BytesIO(b"same"))
    assert a.file_id != b.file_id and a.key != b.key and len(a.key) == 32
    assert a.sha256 == b.sha256
    assert vault.ids() == {a.file_id, b.file_id}


def test_the_key_never_appears_in_repr(vault):
    stored = vault.put_stream(io.BytesIO(b"x"))
    assert stored.key.hex() not in repr(stored) and repr(stored.key) not in repr(stored)


def test_files_are_private_to_the_user(vault):
    stored = vault.put_stream(io.BytesIO(b"x"))
    path = vault.root / stored.file_id[:2] / stored.file_id
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(vault.root.stat().st_mode) == 0o700


def test_export_writes_the_plaintext_and_checks_the_hash(vault, tmp_path):
    plain = os.urandom(3 * SMALL_CHUNK + 5)
    stored = vault.put_stream(io.BytesIO(plain))
    out = tmp_path / "exported.pdf"
    vault.export(stored.file_id, stored.key, out, expected_sha256=stored.sha256.upper())
    assert out.read_bytes() == plain
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_delete_removes_the_file_and_later_reads_say_missing(vault):
    stored = vault.put_stream(io.BytesIO(b"x"))
    assert vault.delete(stored.file_id) is True
    assert vault.delete(stored.file_id) is False
    assert vault.ids() == set()
    with pytest.raises(AttachmentMissing):
        vault.open_stream(stored.file_id, stored.key)  # raised at once, before iterating
    with pytest.raises(AttachmentMissing):
        vault.export(stored.file_id, stored.key, vault.root.parent / "out")
    assert not (vault.root.parent / "out").exists()


@pytest.mark.parametrize(
    "file_id",
    ["../../etc/passwd", "", "not-a-uuid", "0" * 32, "6FA459EA-EE8A-3CA4-894E-DB77E160355E"],
)
def test_ids_that_are_not_canonical_uuids_are_never_turned_into_paths(vault, file_id):
    with pytest.raises(AttachmentMissing):
        vault.read_bytes(file_id, bytes(32))
    with pytest.raises(AttachmentMissing):
        vault.delete(file_id)


def test_a_hash_mismatch_fails_verification(vault):
    stored = vault.put_stream(io.BytesIO(b"x"))
    with pytest.raises(AttachmentTampered):
        vault.verify(stored.file_id, stored.key, hashlib.sha256(b"y").hexdigest())


def test_a_source_over_the_limit_leaves_no_file(vault):
    with pytest.raises(FileTooLarge) as refused:
        vault.put_stream(io.BytesIO(bytes(3 * 1024 * 1024)), max_size=2 * 1024 * 1024)
    assert "2 MB" in refused.value.text.en
    assert vault.ids() == set()
    assert [p for p in vault.root.rglob("*") if p.is_file()] == []


def test_a_source_failing_midway_leaves_no_file_and_no_temp(vault):
    class Broken(io.RawIOBase):
        calls = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            self.calls += 1
            if self.calls > 3:
                raise OSError("device gone")
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    with pytest.raises(OSError, match="device gone"):
        vault.put_stream(Broken())
    assert [p for p in vault.root.rglob("*") if p.is_file()] == []


def test_stale_temp_files_from_a_crash_are_cleaned_and_ignored_by_ids(vault):
    stored = vault.put_stream(io.BytesIO(b"x"))
    shard = vault.root / stored.file_id[:2]
    stale = shard / ".homevisit-crash.tmp"
    fresh = shard / ".homevisit-writing.tmp"
    stale.write_bytes(b"ciphertext")
    fresh.write_bytes(b"ciphertext")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert vault.ids() == {stored.file_id}
    assert vault.remove_stale_temp_files() == 1
    assert not stale.exists() and fresh.exists()


def test_a_vault_reopened_reads_what_an_earlier_one_wrote(vault):
    stored = vault.put_stream(io.BytesIO(b"kept across restarts"))
    again = Vault(vault.root)  # default chunk size: the size is read from each file's header
    assert again.read_bytes(stored.file_id, stored.key) == b"kept across restarts"
    assert again.ids() == {stored.file_id}


def test_chunk_sizes_outside_the_format_are_refused(tmp_path):
    for size in (1024, 32 * 1024 * 1024):
        with pytest.raises(ValueError):
            Vault(tmp_path / "v", chunk_size=size)


def test_stored_file_fields_are_what_the_attachment_row_needs(vault):
    stored = vault.put_stream(io.BytesIO(b"abc"))
    assert isinstance(stored, StoredFile)
    assert (stored.size, len(stored.sha256), len(stored.key)) == (3, 64, 32)


@pytest.mark.parametrize(
    "offset",
    [0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, 2 * SMALL_CHUNK + 7, 3 * SMALL_CHUNK, 3 * SMALL_CHUNK + 5],
)
def test_reading_from_an_offset_resumes_exactly_there(vault, offset):
    plain = os.urandom(3 * SMALL_CHUNK + 5)
    stored = vault.put_stream(io.BytesIO(plain))
    assert b"".join(vault.open_stream(stored.file_id, stored.key, offset=offset)) == plain[offset:]


def test_reading_from_an_offset_still_verifies_what_it_reads(vault):
    plain = os.urandom(4 * SMALL_CHUNK)
    stored = vault.put_stream(io.BytesIO(plain))
    path = vault.root / stored.file_id[:2] / stored.file_id
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size - CHUNK_OVERHEAD - SMALL_CHUNK)  # last chunk gone
    got = []
    with pytest.raises(AttachmentTampered):
        for chunk in vault.open_stream(stored.file_id, stored.key, offset=SMALL_CHUNK + 1):
            got.append(chunk)
    assert b"".join(got) == plain[SMALL_CHUNK + 1 : 2 * SMALL_CHUNK]


def test_an_offset_past_the_end_is_a_caller_error(vault):
    stored = vault.put_stream(io.BytesIO(b"abc"))
    for offset in (4, -1):
        with pytest.raises(ValueError):
            list(vault.open_stream(stored.file_id, stored.key, offset=offset))
