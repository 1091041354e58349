"""The desk of the day is asked once: with two shifts today the volunteer picks one, and the
page (after a lock, or a sync that refreshes the shifts) goes straight to it."""

from __future__ import annotations

import datetime as dt

from homevisit.gui.helpdesk.page import HelpDeskPage
from homevisit.gui.qt import Qt
from homevisit.helpdesk.shifts import store_shifts
from homevisit.helpdesk.tickets import TicketQueue
from homevisit.protocol.helpdesk import DeskOut, ShiftOut

TODAY = dt.date(2026, 7, 21)


def _shift(desk_id: str, site: str) -> ShiftOut:
    return ShiftOut(desk=DeskOut(id=desk_id, site=site, township="", hours="09:00-16:00"),
                    username="v1", day=TODAY)


def test_two_shifts_today_are_asked_once(qtbot, workspace, tmp_path):
    rows = [_shift("11111111-1111-4111-8111-111111111111", "欢口镇办理点"),
            _shift("22222222-2222-4222-8222-222222222222", "师寨镇办理点")]
    workspace.store.run(lambda s: store_shifts(s, rows))
    queue = TicketQueue(tmp_path / "q.json", today=TODAY)
    page = HelpDeskPage(workspace, None, today=TODAY, queue=queue)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.shift_combo.count() == 2, timeout=10_000)
    assert page.stack.currentWidget() is page.picker and page.shift is None
    page.shift_combo.setCurrentIndex([page.shift_combo.itemText(i) for i in range(2)].index(
        "师寨镇办理点 · 09:00-16:00"))
    qtbot.mouseClick(page.pick_button, Qt.MouseButton.LeftButton)
    assert page.shift is not None and page.shift.site == "师寨镇办理点"
    workspace.store.run(lambda s: None)  # the pick is committed
    workspace.store.run(lambda s: store_shifts(s, rows))  # the next sync's list
    again = HelpDeskPage(workspace, None, today=TODAY, queue=queue)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.shift is not None, timeout=10_000)
    assert again.shift.site == "师寨镇办理点" and again.stack.currentWidget() is again.desk
