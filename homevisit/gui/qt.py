"""The one module every GUI module imports Qt names from (Anki's ``aqt.qt`` shim).

Keeping Qt behind one import means a Qt upgrade, a binding switch or a missing optional
module (QtMultimedia, QtSvg) is handled here once instead of in every page.
"""

# ruff: noqa: F401, F403, F405, I001
from __future__ import annotations

# QtGui and QtWidgets define their own QIntList (QtGui also QPointList, QPointFList and a
# qFuzzyCompare for its own types) under names QtCore exports too. As with any star import,
# the later module's object wins; mypy reports that rebinding as an incompatible import.
# The app uses none of these names.
from PySide6.QtCore import *
from PySide6.QtGui import *  # type: ignore[assignment]  # shadows QtCore's names, see above
from PySide6.QtWidgets import *  # type: ignore[assignment]  # shadows QIntList, see above

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtUiTools import QUiLoader

try:  # Optional modules: the app degrades (no webcam, no SVG icons) when absent.
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # pragma: no cover - depends on the installed wheel
    QSvgRenderer = None  # type: ignore[assignment,misc]  # None stands for the missing class

try:  # The supervisor's dashboard charts (PySide6-Addons); without them it shows its tables.
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QValueAxis,
    )
except ImportError:  # pragma: no cover - depends on the installed wheel
    QBarCategoryAxis = QBarSeries = QBarSet = QChart = QChartView = QValueAxis = None  # type: ignore[assignment,misc]  # see QSvgRenderer

try:  # logind's sleep and session-lock signals on Linux (homevisit.gui.session_lock).
    from PySide6.QtDBus import QDBusConnection, QDBusMessage
except ImportError:  # pragma: no cover - depends on the installed wheel
    QDBusConnection = QDBusMessage = None  # type: ignore[assignment,misc]  # see QSvgRenderer

from shiboken6 import isValid as qt_is_valid

QT_VERSION_STR = qVersion()


def _scan_sources_without_linecache() -> None:
    """PySide6's ``__feature__`` support (PYSIDE-2029) checks every module imported after
    it for the text "PySide6" with ``inspect.getsource``, which leaves the source of each
    one in ``linecache`` for good: ~250,000 lines, ~20 MB of the app's 250 MB budget
    (DESIGN §6) once SQLAlchemy, alembic, pydantic and httpx are in. The same check, reading
    the file without keeping it, costs nothing afterwards. The app never selects a feature,
    so if a PySide6 release moves this internal, nothing changes but the memory."""
    import sys

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return

    def mod_uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False

    # Through the module's namespace: a private name no stub declares, set as before.
    vars(feature)["_mod_uses_pyside"] = mod_uses_pyside


_scan_sources_without_linecache()
