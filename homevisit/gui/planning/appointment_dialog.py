"""Set or change an appointment with a household: date and time (Beijing time), mode, note.
Saved through the store worker with its outbox row; an error says what to do, and the
dialog stays open with everything typed."""

from __future__ import annotations

import datetime as dt

from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QComboBox,
    QDate,
    QDateTime,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTime,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.planning.appointments import BEIJING, beijing, set_appointment
from homevisit.protocol.vocabulary import VisitMode
from homevisit.workspace import Workspace


class AppointmentDialog(QDialog):
    """Emits :attr:`saved` with the appointment's id."""

    saved = Signal(str)

    def __init__(self, workspace: Workspace, household_id: str, *,
                 appointment_id: str | None = None, starts_at: dt.datetime | None = None,
                 mode: VisitMode | None = None, note: str = "",
                 now: dt.datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDialog")
        self._workspace = workspace
        self.household_id = household_id
        self.appointment_id = appointment_id
        self.setWindowTitle(self.tr("Appointment") if appointment_id is None
                            else self.tr("Change appointment"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.when = QDateTimeEdit(self)
        self.when.setObjectName("appointmentWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        start = beijing(starts_at) if starts_at else _next_hour(now)
        self.when.setDateTime(QDateTime(QDate(start.year, start.month, start.day),
                                        QTime(start.hour, start.minute)))
        form.addRow(self.tr("&Date and time (Beijing)"), self.when)
        self.mode = QComboBox(self)
        self.mode.setObjectName("appointmentMode")
        for value, label in ((VisitMode.HOME, self.tr("Home visit")),
                             (VisitMode.PHONE, self.tr("Phone")),
                             (VisitMode.VIDEO, self.tr("Video"))):
            self.mode.addItem(label, value.value)
        if mode is not None:
            self.mode.setCurrentIndex(self.mode.findData(VisitMode(mode).value))
        form.addRow(self.tr("&Mode"), self.mode)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("appointmentNote")
        self.note.setPlaceholderText(self.tr("e.g. after school; the father works nights"))
        self.note.setPlainText(note)
        self.note.setFixedHeight(90)
        form.addRow(self.tr("&Note"), self.note)
        self.error = QLabel(self)
        self.error.setObjectName("appointmentError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def chosen_time(self) -> dt.datetime:
        """The time picked, as Beijing time (whatever the laptop's own time zone)."""
        q = self.when.dateTime()
        d, t = q.date(), q.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=BEIJING)

    def save(self) -> None:
        household_id, appointment_id = self.household_id, self.appointment_id
        when, note = self.chosen_time(), self.note.toPlainText()
        mode = VisitMode(self.mode.currentData())
        self.buttons.setEnabled(False)
        run_in_store(self._workspace.store,
                     lambda s: set_appointment(s, household_id, when, mode, note,
                                               appointment_id=appointment_id),
                     self._saved, self._failed, owner=self)

    def _saved(self, appointment_id: str) -> None:
        self.appointment_id = appointment_id
        self.saved.emit(appointment_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()


def _next_hour(now: dt.datetime | None) -> dt.datetime:
    moment = beijing(now or dt.datetime.now(dt.UTC)) + dt.timedelta(hours=1)
    return moment.replace(minute=0, second=0, microsecond=0)
