"""The main window opens centred on screen at a useful size, not at (0, 0), and where the
user left it next time on the same screen (the wizard's rule, homevisit/window_place.py)."""

from __future__ import annotations

from homevisit.app_settings import AppSettings, load_settings
from homevisit.gui.window import AppWindow


def _shown(qtbot) -> AppWindow:
    window = AppWindow(AppSettings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_main_window_opens_on_screen_centred_and_remembers_its_place(qtbot):
    window = _shown(qtbot)
    area = window.screen().availableGeometry()
    frame = window.geometry()
    assert area.contains(frame), (area, frame)
    assert frame.width() >= min(1000, area.width() * 8 // 10)
    assert frame.height() >= min(650, area.height() * 8 // 10)
    if frame.width() < area.width():  # centred, not pinned to the corner
        assert frame.x() > area.x()

    window.resize(700, 500)
    window.move(area.x() + 30, area.y() + 20)
    window.close()
    assert any(key.startswith("main@") for key in load_settings().window_geometry)
    again = _shown(qtbot)
    assert (again.width(), again.height()) == (700, 500)
    assert area.contains(again.geometry())
