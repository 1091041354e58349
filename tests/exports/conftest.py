"""Fixtures for export tests: a real profile (floor Argon2id) holding one encrypted photo."""

from __future__ import annotations

import io
import os

import pytest
from export_helpers import PASSPHRASE
from PIL import Image

from homevisit.kdf import FLOOR
from homevisit.profiles import create_profile
from homevisit.workspace import Workspace


@pytest.fixture
def profile():
    return create_profile("王老师", PASSPHRASE, kdf_params=FLOOR)


@pytest.fixture
def photo(tmp_path):
    # Noise does not compress: a PNG of a few MB, so an export spans many vault chunks.
    image = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path = tmp_path / "photo.png"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def attachment_id(profile, photo):
    with Workspace.open(profile, PASSPHRASE) as ws:
        return ws.import_attachment(photo, doc_type="home_photo").id
