"""The table model of a schedule (a counselor's 日程 or a supervisor's 团队日程): one row
per :class:`ScheduleLine`, a week's worth, so the rows are held whole."""

from __future__ import annotations

from typing import Any

from homevisit.gui.lazy_rows import AnyIndex
from homevisit.gui.qt import QAbstractTableModel, QColor, QModelIndex, QObject, Qt
from homevisit.planning.appointments_schedule import ScheduleLine, Slot

LINE_ROLE = Qt.ItemDataRole.UserRole + 1

WHEN, HOUSEHOLD, CONTACT, PHONE, MODE, NOTE, COUNSELOR = range(7)


class ScheduleModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *, with_counselor: bool = False) -> None:
        super().__init__(parent)
        self.lines: list[ScheduleLine] = []
        self.with_counselor = with_counselor
        self._headers = [self.tr("When"), self.tr("Household"), self.tr("Contact"),
                         self.tr("Phone"), self.tr("Mode"), self.tr("Note"),
                         self.tr("Counselor")]
        self._slots = {Slot.OVERDUE: self.tr("Overdue"), Slot.TODAY: self.tr("Today"),
                       Slot.WEEK: self.tr("This week")}
        self._modes = {"home": self.tr("Home"), "phone": self.tr("Phone"),
                       "video": self.tr("Video")}
        self._days = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
                      self.tr("Fri"), self.tr("Sat"), self.tr("Sun")]

    def set_lines(self, lines: list[ScheduleLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (7 if self.with_counselor else 6)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def when_text(self, line: ScheduleLine) -> str:
        slot = self._slots[line.slot]
        if line.starts_at is None:
            due = line.due_date.isoformat() if line.due_date else ""
            return self.tr("{0} · due {1}").format(slot, due)
        at = line.starts_at
        text = f"{slot} · {at:%m-%d} {self._days[at.weekday()]} {at:%H:%M}"
        return text + (self.tr(" (cancelled)") if line.cancelled else "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.ForegroundRole and line.slot is Slot.OVERDUE:
            return QColor("#b3261e")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == WHEN:
            return self.when_text(line)
        if column == MODE:
            return self._modes.get(line.mode.value, line.mode.value) if line.mode else ""
        return {HOUSEHOLD: line.address, CONTACT: line.contact, PHONE: line.phone_masked,
                NOTE: line.note.replace("\n", " ")[:80], COUNSELOR: line.counselor}.get(column)
