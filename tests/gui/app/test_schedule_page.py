"""The counselor's schedule page (issue 19): a seeded week is shown overdue first, the phone
is masked until the passphrase is typed into the prompt (audited), then hides again; an
appointment is cancelled with a click."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from homevisit.gui.planning.schedule_page import SchedulePage
from homevisit.gui.qt import QApplication, QInputDialog, QLineEdit, Qt, QTimer
from homevisit.model import Appointment, AuditEvent, Household
from homevisit.planning.appointments import BEIJING, set_appointment
from homevisit.protocol.vocabulary import VisitMode
from tests.gui.conftest import PASSPHRASE, seed_households

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING)


def _answer_prompt(qtbot, passphrase: str) -> None:
    """Type into the passphrase prompt once it is up, and press Enter."""
    def answer() -> None:
        prompt = QApplication.activeModalWidget()
        if not isinstance(prompt, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        line = prompt.findChild(QLineEdit)
        qtbot.keyClicks(line, passphrase)
        qtbot.keyClick(line, Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)


def test_the_schedule_masks_the_phone_until_the_passphrase_and_cancels(qtbot, workspace):
    late, booked = seed_households(workspace, [("王伟", "320321198001010016", "东村 1 号"),
                                               ("李强", "320321198001010032", "西村 2 号")])
    workspace.store.run(lambda s: setattr(s.get(Household, booked), "due_date", None))
    appointment = workspace.store.run(lambda s: set_appointment(
        s, booked, NOW + dt.timedelta(hours=5), VisitMode.HOME, "下午两点"))
    page = SchedulePage(workspace, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.refresh()
    assert [(x.slot.value, x.household_id) for x in page.model.lines] == [
        ("overdue", late), ("today", booked)]
    assert "138****1234" in page.model.index(1, 3).data()

    assert page.select_household(booked)
    _answer_prompt(qtbot, PASSPHRASE)
    qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.phone.text() == "13812341234", timeout=15_000)
    assert page.hide_timer.isActive()  # hidden again after the reveal period
    actions = workspace.store.run(lambda s: list(s.scalars(select(AuditEvent.action))))
    assert "reveal" in actions
    page.hide_timer.timeout.emit()
    assert page.phone.text() == ""

    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.store.run(
        lambda s: s.get(Appointment, appointment).cancelled), timeout=10_000)
    qtbot.waitUntil(lambda: all(x.appointment_id != appointment for x in page.model.lines),
                    timeout=10_000)
