"""The one module every GUI module imports Qt names from (Anki's ``aqt.qt`` shim).

Keeping Qt behind one import means a Qt upgrade, a binding switch or a missing optional
module (QtMultimedia, QtSvg) is handled here once instead of in every page.
"""

# ruff: noqa: F401, F403, F405, I001
from __future__ import annotations

from PySide6.QtCore import *
from PySide6.QtGui import *
from PySide6.QtWidgets import *

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtUiTools import QUiLoader

try:  # Optional modules: the app degrades (no webcam, no SVG icons) when absent.
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # pragma: no cover - depends on the installed wheel
    QSvgRenderer = None  # type: ignore[assignment,misc]

from shiboken6 import isValid as qt_is_valid

QT_VERSION_STR = qVersion()
