"""Only regular files are read (issue 13 item 3): a FIFO, a folder or a missing path is a
typed refusal at once, never a hang or an OSError naming the path."""

from __future__ import annotations

import os

import pytest

from homevisit.errors import InputFileMissing, NotARegularFile
from homevisit.regular_file import open_regular


def test_a_missing_path_is_a_typed_error_without_the_path(tmp_path):
    with pytest.raises(InputFileMissing) as refused:
        open_regular(tmp_path / "张三_320122198706152711_户口本.jpg")
    assert "3201" not in str(refused.value) + repr(refused.value.args)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


def test_a_folder_is_refused(vault, tmp_path):
    with pytest.raises(NotARegularFile):
        vault.import_file(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_waiting_for_a_writer(vault, tmp_path):
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile):
        vault.import_file(fifo)
    assert vault.ids() == set()
