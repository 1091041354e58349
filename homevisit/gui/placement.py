"""A window that opens where it is useful: its last geometry on this screen (kept in the
typed app settings), else a good default size centred, never partly off screen
(:func:`homevisit.window_place.placed` decides; this only reads and writes Qt geometry)."""

from __future__ import annotations

from homevisit.app_settings import load_settings, save_settings
from homevisit.gui.qt import QEvent, QGuiApplication, QObject, QRect, QScreen, QWidget
from homevisit.window_place import placed, remembered, screen_key


class WindowPlacement(QObject):
    """``WindowPlacement(window, "visit", preferred=(w, h))``: places ``window`` when it is
    first shown and remembers where the user left it when it closes."""

    def __init__(self, window: QWidget, name: str, *, preferred: tuple[int, int]) -> None:
        super().__init__(window)
        self.window = window
        self.name = name
        self.preferred = preferred
        self._placed = False
        window.installEventFilter(self)

    def screen(self) -> QScreen:
        anchor = self.window.parentWidget()
        screen = (anchor.screen() if anchor is not None else None) or self.window.screen()
        return screen or QGuiApplication.primaryScreen()

    def key(self) -> str:
        screen = self.screen()
        area = screen.availableGeometry()
        return f"{self.name}@" + screen_key(screen.name() or "screen",
                                            (area.x(), area.y(), area.width(), area.height()))

    def place(self) -> QRect:
        """Apply the placement now; returns the rectangle used."""
        area = self.screen().availableGeometry()
        saved = remembered(load_settings().window_geometry, self.key())
        x, y, w, h = placed(saved, (area.x(), area.y(), area.width(), area.height()),
                            self.preferred)
        self.window.resize(w, h)
        self.window.move(x, y)
        self._placed = True
        return QRect(x, y, w, h)

    def remember(self) -> None:
        if not self._placed:
            return
        geometry = self.window.geometry()
        settings = load_settings()
        stored = dict(settings.window_geometry)
        stored[self.key()] = [geometry.x(), geometry.y(), geometry.width(), geometry.height()]
        save_settings(settings.with_changes(window_geometry=stored))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Show and not self._placed:
                self.place()
            elif event.type() == QEvent.Type.Close:
                self.remember()
        return False
