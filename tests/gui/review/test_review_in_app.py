"""The supervisor's review page in the real app window, against the demo server: after
unlock and a sync the queue lists the region's visits (works offline afterwards: after a
lock and an unlock with no server, it is still there), and double-clicking one opens it."""

from __future__ import annotations

from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, enrol_demo_profile
from homevisit.gui.qt import Qt
from homevisit.gui.review.queue_model import ROW_ROLE
from homevisit.gui.window import AppWindow
from tests.gui.conftest import unlock_window


def test_the_queue_after_sync_opens_a_visit_and_stays_offline(qtbot, demo_server):
    profile, error = enrol_demo_profile(demo_server, "supervisor")
    assert error is None
    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = shell.review_page
        assert page is not None and shell.tabs.currentWidget() is page
        qtbot.waitUntil(lambda: shell.bridge.last_result is not None
                        or page.model.rowCount() > 0, timeout=60_000)
        shell.sync_page.sync_now()
        qtbot.waitUntil(lambda: shell.bridge.last_result is not None, timeout=60_000)
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
        count = page.model.rowCount()
        qtbot.waitUntil(lambda: page.model.index(0, 0).data(ROW_ROLE) is not None,
                        timeout=5_000)
        first = page.model.index(0, 0).data(ROW_ROLE)
        table = page.table
        rect = table.visualRect(page.model.index(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: shell._review is not None, timeout=5_000)
        review = shell._review
        qtbot.waitUntil(lambda: review.view.view is not None, timeout=10_000)
        assert review.view.view.visit_id == first.visit_id

        # Offline: the server goes quiet; the queue is read from the store after a re-lock.
        demo_server.delay_seconds = 30.0
        window.lock()
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = shell.review_page
        qtbot.waitUntil(lambda: page.model.rowCount() == count, timeout=10_000)
    finally:
        demo_server.delay_seconds = 0.0
        window.shutdown_now()
