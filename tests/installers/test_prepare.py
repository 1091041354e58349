"""packaging/prepare.py: the one version stamped for the Windows build and the installer,
the icon set rendered from the SVG, and no build for a version the metainfo does not list."""

from __future__ import annotations

import importlib.util
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def load_prepare():
    spec = importlib.util.spec_from_file_location("prepare", ROOT / "packaging" / "prepare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_version_and_icons_are_stamped_from_pyproject(tmp_path, qapp):
    prepare = load_prepare()
    version = metadata.version("homevisit")

    assert prepare.prepare(tmp_path) == version

    nsh = (tmp_path / "version.nsh").read_text("utf-8")
    assert f'!define HV_VERSION "{version}"' in nsh
    four = ".".join(map(str, prepare.numeric(version)))
    assert f'!define HV_VERSION4 "{four}"' in nsh and four.count(".") == 3
    info = (tmp_path / "version-info.txt").read_text("utf-8")
    assert f"filevers={prepare.numeric(version)}" in info
    assert f"StringStruct('ProductVersion', '{version}')" in info
    for size in prepare.SIZES:
        png = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{prepare.APP_ID}.png"
        with Image.open(png) as image:
            assert image.size == (size, size)
            assert image.getextrema()[3][1] == 255  # drawn, not a transparent square
    with Image.open(tmp_path / "homevisit.ico") as ico:
        assert {(s, s) for s in prepare.ICO_SIZES} <= set(ico.info["sizes"])


def test_a_version_without_a_metainfo_release_is_refused(tmp_path, qapp):
    prepare = load_prepare()
    stale = tmp_path / "stale.metainfo.xml"
    stale.write_text(prepare.METAINFO.read_text("utf-8").replace(
        f'<release version="{metadata.version("homevisit")}"', '<release version="0.0.1"'),
        "utf-8")
    with pytest.raises(SystemExit, match="add one for this version"):
        prepare.prepare(tmp_path / "build", stale)
    assert not (tmp_path / "build" / "version.nsh").exists()


def test_windows_file_versions_are_four_numbers():
    prepare = load_prepare()
    assert prepare.numeric("0.1.0") == (0, 1, 0, 0)
    assert prepare.numeric("2.10.3.7.9") == (2, 10, 3, 7)
