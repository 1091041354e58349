"""Translations are complete: every message of every area's .ts files is finished, lupdate
finds no source string missing from them, and the built .qm really translates the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from homevisit.gui import translations

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
import translation_sources as ts

AREAS = ["app", "visit"]


def _needs_ts(area: str) -> None:
    if not any(ts.ts_path(area, lang).exists() for lang in ts.LANGUAGES):
        pytest.skip(f"area {area!r} has no .ts files yet")


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("language", ts.LANGUAGES)
def test_no_message_is_unfinished(area, language):
    _needs_ts(area)
    path = ts.ts_path(area, language)
    assert path.exists()
    assert ts.unfinished(path) == []


def test_lupdate_finds_no_string_missing_from_the_ts_files():
    missing = ts.check_areas()
    for area in AREAS:
        if not any(ts.ts_path(area, lang).exists() for lang in ts.LANGUAGES):
            missing.pop(area, None)  # reported by the skips above
    assert missing == {area: [] for area in missing}


def test_the_built_chinese_catalogue_translates_the_shell(qapp, tmp_path):
    subprocess.run([sys.executable, str(ts.ROOT / "scripts" / "build-translations")],
                   check=True)
    from homevisit.gui.qt import QCoreApplication

    assert "app" in translations.install("zh_CN")
    assert QCoreApplication.translate("MainShell", "&My visits") == "我的家访(&M)"
    translations.install("en")
    assert QCoreApplication.translate("MainShell", "&My visits") == "&My visits"


def test_pseudo_translation_stretches_strings(qapp, monkeypatch):
    from homevisit.gui.qt import QCoreApplication

    monkeypatch.setenv("HOMEVISIT_PSEUDO_TRANSLATE", "1")
    try:
        translations.install("zh_CN")
        text = QCoreApplication.translate("UnlockScreen", "Unlock")
        assert text.startswith("[解锁") and len(text) > len("解锁") + 2
    finally:
        monkeypatch.delenv("HOMEVISIT_PSEUDO_TRANSLATE")
        translations.install("zh_CN")
