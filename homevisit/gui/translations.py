"""Qt Linguist translations: one QTranslator per area's .qm for the chosen language.

Source strings are English; Simplified Chinese is the default. ``HOMEVISIT_PSEUDO_TRANSLATE=1``
stretches every translated string (Vorta's trick) so layouts that break with longer text show.
"""

from __future__ import annotations

import os
from pathlib import Path

from homevisit.gui import messages
from homevisit.gui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from homevisit.resources import resource_path

AREAS = ("app", "visit")
# Qt's own strings (OK / Cancel in message boxes, the file dialog, context menus) come from
# the catalogues shipped with Qt; without them a Chinese UI shows English buttons.
QT_CATALOGUES = ("qtbase", "qtmultimedia")
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resource_path("translations")


class _PseudoTranslator(QTranslator):
    """Wraps the real translation with brackets and padding, ~40 % longer."""

    def __init__(self, inner: list[QTranslator]) -> None:
        super().__init__()
        self._inner = inner

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        text = ""
        for translator in self._inner:
            text = translator.translate(context, source, disambiguation, n) or ""
            if text:
                break
        text = text or source
        return f"[{text}{'~' * max(2, len(text) * 2 // 5)}]"


def install(language: str) -> list[str]:
    """Install the translators of every area for ``language`` (``zh_CN`` or ``en``) and
    return the areas whose .qm was found. Replaces any translators installed before."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    messages.set_language(language)
    # The core's own bilingual texts (typed errors) follow the GUI's language.
    os.environ["HOMEVISIT_LANG"] = "en" if language.startswith("en") else "zh"
    QLocale.setDefault(QLocale(language))
    found: list[str] = []
    loaded: list[QTranslator] = []
    for area in AREAS:
        translator = QTranslator()
        if translator.load(str(translations_dir() / f"{area}_{language}.qm")):
            loaded.append(translator)
            found.append(area)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in QT_CATALOGUES if not language.startswith("en") else ():
        translator = QTranslator()
        if translator.load(f"{catalogue}_{language}", qt_dir):
            loaded.append(translator)
            found.append(catalogue)
    if os.environ.get("HOMEVISIT_PSEUDO_TRANSLATE") == "1":
        loaded = [_PseudoTranslator(loaded)]
    for translator in loaded:
        app.installTranslator(translator)
        _installed.append(translator)
    return found
