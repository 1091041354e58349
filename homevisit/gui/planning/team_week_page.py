"""The supervisor's 团队日程 / Team week: every counselor's appointments of the week in
the supervisor's scope, and the hand-backs waiting for an answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from homevisit.changes import StoreChanges
from homevisit.gui.messages import error_text
from homevisit.gui.planning.handback_dialogs import AnswerDialog, reason_labels
from homevisit.gui.planning.schedule_model import ScheduleModel
from homevisit.gui.qt import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.planning.appointments_schedule import Schedule, team_week
from homevisit.planning.handback import HandbackLine, awaiting_answer, counselors_to_pick
from homevisit.workspace import Workspace

Clock = Callable[[], dt.datetime]


def _team(session, now: dt.datetime) -> tuple[Schedule, list[HandbackLine], list[str]]:
    return team_week(session, now), awaiting_answer(session), counselors_to_pick(session)


class TeamWeekPage(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 clock: Clock = lambda: dt.datetime.now(dt.UTC)) -> None:
        super().__init__(parent)
        self.setObjectName("teamWeekPage")
        self._workspace, self._clock = workspace, clock
        self.handbacks: list[HandbackLine] = []
        self.counselors: list[str] = []
        layout = QVBoxLayout(self)
        week = QGroupBox(self.tr("This week's appointments"), self)
        week_layout = QVBoxLayout(week)
        self.summary = QLabel(week)
        self.summary.setObjectName("teamWeekSummary")
        week_layout.addWidget(self.summary)
        self.model = ScheduleModel(self, with_counselor=True)
        self.table = QTableView(week)
        self.table.setObjectName("teamWeekTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        week_layout.addWidget(self.table)
        layout.addWidget(week, 3)
        box = QGroupBox(self.tr("Hand-backs waiting for your answer"), self)
        box_layout = QVBoxLayout(box)
        self.handback_list = QListWidget(box)
        self.handback_list.setObjectName("handbackList")
        box_layout.addWidget(self.handback_list)
        row = QHBoxLayout()
        row.addStretch(1)
        self.answer_button = QPushButton(self.tr("&Answer…"), box)
        self.answer_button.setObjectName("answerHandbackButton")
        self.answer_button.clicked.connect(self.answer_selected)
        row.addWidget(self.answer_button)
        box_layout.addLayout(row)
        layout.addWidget(box, 2)
        self.handback_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        store_changes(workspace.store).changed.connect(self._store_changed)
        self._dialog: AnswerDialog | None = None
        self._update_buttons()

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches("appointments", "handbacks", "handback_decisions", "households"):
            self.refresh()

    def refresh(self) -> None:
        now = self._clock()
        run_in_store(self._workspace.store, lambda s: _team(s, now), self._show,
                     self._failed, owner=self)

    def _show(self, found: tuple[Schedule, list[HandbackLine], list[str]]) -> None:
        schedule, self.handbacks, self.counselors = found
        self.model.set_lines(schedule.lines)
        people = len({line.counselor for line in schedule.lines})
        self.summary.setText(self.tr("{0} appointments of {1} counselors this week").format(
            len(schedule.lines), people))
        self.handback_list.clear()
        reasons = reason_labels()
        for handback in self.handbacks:
            text = self.tr("{0} · {1} · {2}").format(
                handback.requested_by, handback.address,
                reasons.get(handback.reason, handback.reason))
            if handback.answered_here:
                text += self.tr(" — answered, waiting to sync")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, handback.id)
            self.handback_list.addItem(item)
        if not self.handbacks:
            self.handback_list.addItem(self.tr("No hand-backs waiting."))
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))

    def selected_handback(self) -> HandbackLine | None:
        item = self.handback_list.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((h for h in self.handbacks if h.id == key), None)

    def _update_buttons(self) -> None:
        chosen = self.selected_handback()
        self.answer_button.setEnabled(chosen is not None and not chosen.answered_here)

    def answer_selected(self) -> None:
        chosen = self.selected_handback()
        if chosen is None:
            return
        counselors = [c for c in self.counselors if c != chosen.requested_by]
        self._dialog = AnswerDialog(self._workspace, chosen, counselors, self)
        self._dialog.open()

    def clear(self) -> None:
        self.model.set_lines([])
        self.handback_list.clear()
        self.handbacks = []
