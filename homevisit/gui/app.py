"""``homevisit gui``: build the QApplication, install translations, show the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from homevisit.app_settings import load_settings
from homevisit.gui import translations
from homevisit.gui.qt import QApplication, QGuiApplication, QIcon, Qt, QTimer
from homevisit.gui.window import AppWindow
from homevisit.resources import resource_path

if TYPE_CHECKING:
    from homevisit.gui.sync_bridge import ServiceFactory


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The app's QApplication (or the existing one), with translations installed."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Homevisit")
    app.setOrganizationName("Homevisit")
    app.setApplicationDisplayName("家访通")
    icon = resource_path("icons", "homevisit.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    translations.install(load_settings().language)
    return app


def build_window(sync_factory: ServiceFactory | None = None,
                 enrol_backend: object = None) -> AppWindow:
    return AppWindow(load_settings(), sync_factory=sync_factory, enrol_factory=enrol_backend)


def run(argv: Sequence[str] | None = None, *, sync_factory: ServiceFactory | None = None,
        enrol_backend: object = None) -> int:
    """Show the app and run the event loop until the window closes.

    ``HOMEVISIT_EXIT_WHEN_SHOWN=1`` quits as soon as the unlock window is on screen (the
    cold-start benchmark)."""
    app = make_application(argv)
    window = build_window(sync_factory, enrol_backend)
    window.show()
    if os.environ.get("HOMEVISIT_EXIT_WHEN_SHOWN") == "1":
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    window.shutdown_now()
    return code
