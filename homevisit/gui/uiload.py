"""Load Qt Designer layouts from ``ui/<name>.ui``.

Layouts live in ``ui/*.ui`` so they open in Qt Designer; behaviour lives in Python classes
that either load a layout into themselves (:func:`load_ui` with ``parent``) or are inserted
into a placeholder of the layout afterwards (:func:`replace_placeholder`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TypeVar

from homevisit.gui.qt import (
    QCoreApplication,
    QFile,
    QIODevice,
    QUiLoader,
    QVBoxLayout,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


@cache
def ui_dir() -> Path:
    """``HOMEVISIT_UI``, the package data (``homevisit/ui_data``) or the repository's ``ui/``."""
    explicit = os.environ.get("HOMEVISIT_UI")
    package = Path(__file__).resolve().parent.parent
    for candidate in ([Path(explicit)] if explicit else []) + [
        package / "ui_data",
        package.parent / "ui",
    ]:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the ui/ directory of Qt Designer layouts is missing")


@cache
def _loader() -> QUiLoader:
    """One loader for the app, built without Designer plugins.

    Our layouts use stock widgets only, but QUiLoader's constructor loads every Designer
    plugin under the library paths, and PySide6 ships QWebEngineView's and QQuickWidget's:
    that maps QtWebEngineCore, QtQuick and QtQml into the app (~37 MB of RSS) for nothing.
    (clearPluginPaths() afterwards is too late: the plugins are already loaded.) So the
    library paths are hidden while the loader is built, on the GUI thread, and put back."""
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ``ui/<name>.ui``.

    With ``parent``, the loaded top-level widget is put into ``parent`` (which gets a margin-
    less vertical layout if it has none), so a Python class can own a Designer layout.
    Child widgets are found with ``findChild(QType, "objectName")``.
    """
    path = ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open {path}")
    try:
        widget = _loader().load(file, None)
    finally:
        file.close()
    if widget is None:
        raise ValueError(f"{path} is not a valid Qt Designer file")
    if parent is not None:
        layout = parent.layout()
        if layout is None:
            layout = QVBoxLayout(parent)
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
    return widget


def child(root: QWidget, kind: type[W], name: str) -> W:
    """The child called ``name`` of type ``kind``; a clear error when the .ui file lacks it."""
    found = root.findChild(kind, name)
    if found is None:
        raise LookupError(f"widget {name!r} ({kind.__name__}) missing from the layout")
    return found


def replace_placeholder(root: QWidget, name: str, widget: QWidget) -> QWidget:
    """Swap the placeholder widget ``name`` of a loaded layout for ``widget`` (a Python class
    with behaviour), keeping its place in the layout."""
    placeholder = child(root, QWidget, name)
    holder = placeholder.parentWidget()
    layout = holder.layout() if holder is not None else None
    if layout is None:
        raise LookupError(f"placeholder {name!r} is not inside a layout")
    layout.replaceWidget(placeholder, widget)
    widget.setObjectName(name)
    placeholder.deleteLater()
    return widget
