"""The counselor's 日程 / Schedule: overdue first (households past their due date, missed
appointments), then today, then the rest of the week. An appointment is set or changed from
here or from the household's detail; the phone is one click away, masked until revealed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from homevisit.changes import StoreChanges
from homevisit.gui.messages import error_text
from homevisit.gui.planning.appointment_dialog import AppointmentDialog
from homevisit.gui.planning.phone_reveal import reveal_phone
from homevisit.gui.planning.schedule_model import LINE_ROLE, ScheduleModel
from homevisit.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.planning.appointments import cancel_appointment
from homevisit.planning.appointments_schedule import Schedule, ScheduleLine, counselor_schedule
from homevisit.reauth import REVEAL_SECONDS
from homevisit.workspace import Workspace

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SchedulePage(QWidget):
    """Emits :attr:`open_requested` with a household id (the shell opens its detail)."""

    open_requested = Signal(str)
    shown = Signal(object)  # the Schedule on screen

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 clock: Clock = utc_now) -> None:
        super().__init__(parent)
        self.setObjectName("schedulePage")
        self._workspace = workspace
        self._clock = clock
        self.schedule: Schedule | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("scheduleSummary")
        layout.addWidget(self.summary)
        self.model = ScheduleModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("scheduleTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.phone = QLabel(self)
        self.phone.setObjectName("schedulePhone")
        row.addWidget(self.phone, 1)
        self.phone_button = self._button(row, "showPhoneButton", self.tr("Show &phone…"),
                                         self.show_phone)
        self.open_button = self._button(row, "openHouseholdButton", self.tr("&Open household"),
                                        self._open)
        self.set_button = self._button(row, "setAppointmentButton",
                                       self.tr("&Appointment…"), self.edit_selected)
        self.cancel_button = self._button(row, "cancelAppointmentButton",
                                          self.tr("&Cancel appointment"), self.cancel_selected)
        layout.addLayout(row)
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(REVEAL_SECONDS * 1000)
        self.hide_timer.timeout.connect(self.phone.clear)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        store_changes(workspace.store).changed.connect(self._store_changed)
        self._dialog: AppointmentDialog | None = None
        self._update_buttons()

    def _button(self, row: QHBoxLayout, name: str, text: str, slot: Callable[[], None]
                ) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches("appointments", "households", "members", "visits"):
            self.refresh()

    def refresh(self) -> None:
        now = self._clock()
        me = self._workspace.account.username if self._workspace.account else None
        run_in_store(self._workspace.store, lambda s: counselor_schedule(s, now, me),
                     self._show, self._failed, owner=self)

    def _show(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.model.set_lines(schedule.lines)
        overdue, today = len(schedule.of_overdue()), len(schedule.of_today())
        self.summary.setText(self.tr("{0} overdue · {1} today · {2} this week").format(
            overdue, today, len(schedule.lines) - overdue - today))
        self._update_buttons()
        self.shown.emit(schedule)

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))

    def selected(self) -> ScheduleLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], LINE_ROLE) if rows else None

    def select_household(self, household_id: str) -> bool:
        for number, line in enumerate(self.model.lines):
            if line.household_id == household_id:
                self.table.selectRow(number)
                return True
        return False

    def _selected_changed(self) -> None:
        self.phone.clear()
        self.hide_timer.stop()
        self._update_buttons()

    def _update_buttons(self) -> None:
        line = self.selected()
        for button in (self.phone_button, self.open_button, self.set_button):
            button.setEnabled(line is not None)
        self.cancel_button.setEnabled(line is not None and line.appointment_id is not None
                                      and not line.cancelled)

    def edit_selected(self) -> None:
        line = self.selected()
        if line is None:
            return
        self._dialog = AppointmentDialog(
            self._workspace, line.household_id, appointment_id=line.appointment_id,
            starts_at=line.starts_at, mode=line.mode, note=line.note, now=self._clock(),
            parent=self)
        self._dialog.open()

    def cancel_selected(self) -> None:
        line = self.selected()
        if line is None or line.appointment_id is None:
            return
        appointment_id = line.appointment_id
        run_in_store(self._workspace.store, lambda s: cancel_appointment(s, appointment_id),
                     None, self._failed, owner=self)

    def show_phone(self) -> None:
        line = self.selected()
        if line is None:
            return
        reveal_phone(self, self._workspace, line.household_id, self._phone_shown,
                     self.phone.setText)

    def _phone_shown(self, phone: str) -> None:
        self.phone.setText(phone or self.tr("No phone recorded."))
        self.hide_timer.start()

    def _open(self) -> None:
        line = self.selected()
        if line is not None:
            self.open_requested.emit(line.household_id)

    def clear(self) -> None:
        self.hide_timer.stop()
        self.phone.clear()
        self.model.set_lines([])
