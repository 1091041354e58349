"""Screens of the planning pages (issue 19) for ``homevisit screenshots``: the counselor's
schedule, the appointment and hand-back dialogs, a reminder banner, and the supervisor's
team week with the answer to a hand-back."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from homevisit.gui.qt import QWidget
    from homevisit.gui.shell import MainShell

Shot = Callable[["QWidget", str], None]
Wait = Callable[..., None]


def schedule_screens(window: QWidget, shell: MainShell, shot: Shot, wait: Wait) -> None:
    from homevisit.gui.planning.appointment_dialog import AppointmentDialog
    from homevisit.gui.planning.handback_dialogs import HandbackDialog
    from homevisit.planning.reminders import due_reminders

    page = shell.schedule_page
    assert page is not None
    shell.tabs.setCurrentWidget(page)
    page.refresh()
    wait(lambda: page.schedule is not None and page.model.rowCount() > 0, 10)
    calm = time.monotonic() + 1.0  # the sync's store changes re-read the page: let them land
    wait(lambda: time.monotonic() > calm, 5)
    today = next((n for n, x in enumerate(page.model.lines) if x.appointment_id), 0)
    page.table.selectRow(today)
    page.table.setFocus()
    shot(window, "schedule")
    line = page.model.lines[-1]
    page.select_household(line.household_id)
    dialog = AppointmentDialog(shell.workspace, line.household_id,
                               appointment_id=line.appointment_id, starts_at=line.starts_at,
                               mode=line.mode, note=line.note, parent=window)
    dialog.show()
    shot(dialog, "appointment-dialog")
    dialog.close()
    handback = HandbackDialog(shell.workspace, line.household_id, window)
    handback.show()
    shot(handback, "handback-dialog")
    handback.close()
    # A reminder as it shows in the app (the tray message carries the time only).
    now = dt.datetime.now(dt.UTC)
    due = shell.workspace.store.run(lambda s: due_reminders(s, now, dt.timedelta(days=7)))
    if due:
        shell.reminder_banner.show_reminders(due[:1])
        shot(window, "reminder-banner")
        shell.reminder_banner.hide()


def team_week_screens(window: QWidget, shell: MainShell, shot: Shot, wait: Wait) -> None:
    from homevisit.gui.planning.handback_dialogs import AnswerDialog

    page = shell.team_page
    assert page is not None
    from homevisit.gui.qt import qt_is_valid

    if shell._review is not None and qt_is_valid(shell._review):  # the review screens' window
        shell._review.close()
    shell._review = None
    shell.tabs.setCurrentWidget(page)
    page.refresh()
    wait(lambda: page.model.rowCount() > 0 and bool(page.handbacks), 30)
    calm = time.monotonic() + 1.0  # the sync's store changes re-read the page: let them land
    wait(lambda: time.monotonic() > calm, 5)
    page.handback_list.setCurrentRow(0)
    shot(window, "team-week")
    answer = AnswerDialog(shell.workspace, page.handbacks[0],
                          [c for c in page.counselors if c != page.handbacks[0].requested_by],
                          window)
    answer.show()
    shot(answer, "handback-answer")
    answer.close()
