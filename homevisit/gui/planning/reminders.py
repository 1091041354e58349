"""Appointment reminders in the app and, where the desktop has one, in the OS notification
area (QSystemTrayIcon). The timing is :mod:`homevisit.planning.reminders` (headless, with
the clock passed in); this module only asks it every half minute and shows the answer.

The tray message carries only "家访提醒" and the time (anyone at the screen sees it); the
banner inside the unlocked app adds the address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from homevisit.gui.messages import core_language
from homevisit.gui.qt import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QSystemTrayIcon,
    Qt,
    QTimer,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.planning.reminders import Reminder, ReminderClock, due_reminders
from homevisit.workspace import Workspace

CHECK_EVERY_MS = 30_000

Clock = Callable[[], dt.datetime]


class ReminderBanner(QWidget):
    """The in-app reminder: a strip above the pages, until dismissed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setStyleSheet("#reminderBanner { background: #fff4ce; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setObjectName("reminderText")
        row.addWidget(self.label, 1)
        close = QPushButton(self.tr("&Dismiss"), self)
        close.setObjectName("dismissReminder")
        close.clicked.connect(self.hide)
        row.addWidget(close)
        self.hide()

    def show_reminders(self, reminders: list[Reminder]) -> None:
        lines = [self.tr("Home visit reminder: {0} at {1}").format(
            r.address or self.tr("a household"), r.starts_at.strftime("%H:%M"))
            for r in reminders]
        self.label.setText("\n".join(lines))
        self.show()


class Reminders(QObject):
    """Checks for due reminders; emits :attr:`reminded` with the new ones."""

    reminded = Signal(list)

    def __init__(self, workspace: Workspace, lead_minutes: int, banner: ReminderBanner,
                 parent: QObject | None = None, *,
                 clock: Clock = lambda: dt.datetime.now(dt.UTC)) -> None:
        super().__init__(parent)
        self._workspace, self._clock, self.banner = workspace, clock, banner
        self.state = ReminderClock(dt.timedelta(minutes=lead_minutes))
        self.tray: QSystemTrayIcon | None = None
        if lead_minutes > 0 and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        if lead_minutes > 0:  # 0: reminders off
            self.timer.start()

    def set_lead(self, minutes: int) -> None:
        self.state.lead = dt.timedelta(minutes=minutes)
        if minutes > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def check(self) -> None:
        now, lead = self._clock(), self.state.lead
        run_in_store(self._workspace.store, lambda s: due_reminders(s, now, lead),
                     self._due, lambda _error: None, owner=self)

    def _due(self, due: list[Reminder]) -> None:
        fresh = self.state.fresh(due)
        if not fresh:
            return
        self.banner.show_reminders(fresh)
        if self.tray is not None:
            language = core_language()
            for reminder in fresh:
                self.tray.showMessage("家访提醒" if language == "zh" else "Home visit",
                                      reminder.public_text.in_language(language))
        self.reminded.emit(fresh)

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
