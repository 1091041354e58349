"""Issue 18's Must show for the dashboard, end to end: a supervisor enrolled against the demo
county (a real server on loopback, a real encrypted store), the real window.

After the sync the 统计 page shows per township the households assigned, visited and
approved that this test counts itself with plain SQL on the server's database (not the
server's report code); the numbers stay the same after the laptop purges its approved
visits; a click on a bar opens the review queue on the visits behind it that the laptop
still holds, saying how many are no longer here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import func, select

from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, enrol_demo_profile
from homevisit.gui.qt import QPointF, Qt
from homevisit.gui.window import AppWindow
from homevisit.model import Visit, VisitStatus
from homevisit.sync.policies import purge_expired
from tests.gui.conftest import unlock_window

PAST_DRAFT = ("finalized", "submitted", "approved", "returned", "revised")


def _server_coverage(server) -> dict[str, tuple[int, int, int]]:
    """Per township name: (assigned, visited, approved) households, counted here."""
    db = sqlite3.connect(server.data_dir / "server.db")
    try:
        marks = ",".join("?" * len(PAST_DRAFT))
        rows = db.execute(f"""
            SELECT r.name,
                   COUNT(DISTINCT CASE WHEN h.assigned_counselor IS NOT NULL THEN h.id END),
                   COUNT(DISTINCT CASE WHEN v.status IN ({marks}) THEN h.id END),
                   COUNT(DISTINCT CASE WHEN v.status = 'approved' THEN h.id END)
            FROM households h
            JOIN regions r ON r.code = substr(h.region_code, 1, 9)
            LEFT JOIN visits v ON v.household_id = h.id AND v.deleted = 0
            WHERE h.deleted = 0
            GROUP BY r.name""", PAST_DRAFT).fetchall()
    finally:
        db.close()
    return {name: (a, v, ap) for name, a, v, ap in rows}


def _shown_coverage(page) -> dict[str, tuple[int, int, int]]:
    """What the page's coverage table says, read as a user reads it (the cells' text)."""
    model = page.panels["coverage_township"].model
    return {model.index(r, 0).data(): tuple(int(model.index(r, c).data()) for c in (1, 2, 3))
            for r in range(model.rowCount())}


def _click_bar(qtbot, panel, series: int, category: int) -> None:
    """Click the middle of one bar of the panel's chart with the mouse."""
    chart = panel.view.chart()
    [bars] = chart.series()
    count, width = len(panel.bar_sets), bars.barWidth()
    x = category - width / 2 + (series + 0.5) * width / count
    value = panel.bar_sets[series].at(category)
    scene = chart.mapToPosition(QPointF(x, value / 2), bars)
    point = panel.view.mapFromScene(chart.mapToScene(scene))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_dashboard_numbers_are_the_servers_survive_the_purge_and_open_their_records(
        qtbot, demo_server, chinese_ui):
    profile, error = enrol_demo_profile(demo_server, "supervisor")
    assert error is None
    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = shell.dashboard_page
        assert page is not None and shell.tabs.tabText(1) == "统计(&D)"
        qtbot.waitUntil(lambda: shell._sync_started, timeout=10_000)
        with qtbot.waitSignal(shell.bridge.finished, timeout=120_000) as synced:
            shell.sync_page.sync_now()  # the button's action: a supervisor sync
        assert synced.args[0].error is None and synced.args[0].figures_received
        shell.tabs.setCurrentWidget(page)  # the page reads the snapshot when first shown
        qtbot.waitUntil(lambda: page.snapshot is not None, timeout=10_000)

        expected = _server_coverage(demo_server)
        assert _shown_coverage(page) == expected
        assert sum(a for a, _v, _ap in expected.values()) > 0
        assert sum(ap for _a, _v, ap in expected.values()) > 0  # there is something to purge
        assert "数据截至" in page.as_of.text()

        # The laptop purges its approved visits (as it does after the policy's days).
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)
        purged, _files = shell.workspace.store.run(lambda s: purge_expired(s, now=later))
        assert purged > 0
        assert shell.workspace.store.run(lambda s: s.scalar(select(func.count()).where(
            Visit.status == VisitStatus.APPROVED))) == 0
        with qtbot.waitSignal(page.figures_shown, timeout=10_000):
            page.refresh()
        assert _shown_coverage(page) == expected

        # A click on the 已家访 bar of the township with approved visits opens the queue on
        # the visits behind it the laptop holds, and says how many are gone.
        panel = page.panels["coverage_township"]
        township = next(r for r in range(panel.model.rowCount())
                        if int(panel.model.index(r, 3).data()) > 0)
        name = panel.model.index(township, 0).data()
        visited = expected[name][1]
        review = shell.review_page
        with qtbot.waitSignal(review.queue_shown, timeout=10_000) as shown:
            _click_bar(qtbot, panel, series=1, category=township)
        assert shell.tabs.currentWidget() is review
        assert review.pinned_bar.isVisible()
        held = shown.args[0]
        ids = [review.model.visit_id(r) for r in range(held)]
        households = shell.workspace.store.run(lambda s: len(set(s.scalars(
            select(Visit.household_id).where(Visit.id.in_(ids))))))
        assert held > 0 and households < visited
        summary = review.pinned_label.text()
        assert f"共 {visited}户" in summary and "已不在本机" in summary
        assert f"{visited - households}户已不在本机" in summary
        # 显示全部 goes back to the whole queue.
        with qtbot.waitSignal(review.queue_shown, timeout=10_000):
            qtbot.mouseClick(review.show_all_button, Qt.MouseButton.LeftButton)
        assert not review.pinned_bar.isVisible()
    finally:
        window.shutdown_now()
