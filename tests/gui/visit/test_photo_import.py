"""A photo picked in the capture dialog comes in upright and at the kept size (issue 13
item 2), and a file that is not a regular file is refused with a message (item 3)."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.sanitize import DOCUMENT_LONG_EDGE

ORIENTATION = 0x0112


def _sideways_jpeg(path, width: int, height: int):
    """A photo as a phone stores it: pixels landscape, EXIF saying "turn 90° clockwise"."""
    image = Image.new("RGB", (width, height), (20, 120, 200))
    image.paste((250, 250, 250), (0, 0, width // 4, height))  # a marked left edge
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_a_photo_the_camera_marked_as_turned_is_shown_and_saved_upright(qtbot, tmp_path):
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)
    assert dialog.load_file(_sideways_jpeg(tmp_path / "户口本.jpg", 400, 300))
    assert (dialog.editor.image.width(), dialog.editor.image.height()) == (300, 400)
    data, _name = dialog.editor.encoded()
    saved = Image.open(__import__("io").BytesIO(data))
    assert saved.size == (300, 400)


def test_a_large_photo_is_decoded_at_the_kept_size(qtbot, tmp_path):
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)
    assert dialog.load_file(_sideways_jpeg(tmp_path / "big.jpg", 6000, 4000))
    image = dialog.editor.image
    assert max(image.width(), image.height()) == DOCUMENT_LONG_EDGE
    assert image.height() > image.width()  # upright as well


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_a_folder_is_refused_with_a_message_and_no_hang(qtbot, tmp_path):
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    assert not dialog.load_file(fifo)  # returns at once: nothing writes to the FIFO
    assert "普通文件" in dialog.status.text()
    assert not dialog.load_file(tmp_path)
    assert "普通文件" in dialog.status.text()
