"""审核: the supervisor's review queue. Finalized visits of the team or region, as the last
sync left them (works offline): counts per status, filters, sorting and search as you type
(student or family name, pinyin initials, ID tail: the households search). Opening a visit
asks the shell for the review view.

Queries run on the store worker; only the newest query's answer is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from sqlalchemy.orm import Session

from homevisit.account import AccountInfo
from homevisit.changes import StoreChanges
from homevisit.gui.coming_page import role_name
from homevisit.gui.export_flows import ExportFlow
from homevisit.gui.households.chips import StatusChipDelegate
from homevisit.gui.qt import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.review.queue_model import (
    COL_COUNSELOR,
    COL_FLAGS,
    COL_LEVEL,
    COL_NOTE,
    COL_SCHOOL,
    COL_SCORE,
    COL_STATUS,
    COL_STUDENT,
    COL_TOWNSHIP,
    COL_VISITED,
    ID_ROLE,
    ReviewQueueModel,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.gui.visit.fields import text_of
from homevisit.model import VisitStatus
from homevisit.review.decisions import rejections_in
from homevisit.review.queue import (
    QueueChoices,
    QueueEntry,
    QueueFilter,
    QueueRow,
    QueueSort,
    choices_of,
    count_statuses,
    matching_households,
    queue_entries,
    queue_rows,
    select_ids,
)
from homevisit.workspace import Workspace

SEARCH_DEBOUNCE_MS = 150
CHANGES_COALESCE_MS = 500
REVIEW_TABLES = ("visits", "visit_versions", "flags", "reviews", "households", "members",
                 "students", "outbox")
ANY = ""
# Why the server refused a decision, per visit.
Rejections = Callable[[Session], dict[str, str]]


def refused_decisions(session: Session) -> dict[str, str]:
    """The reason the server refused this supervisor's latest decision on each visit (the
    decision stays on the device until it is read: :mod:`homevisit.review.decisions`)."""
    return {r.visit_id: text_of(r.reason) for r in rejections_in(session) if r.visit_id}


class ReviewPage(QWidget):
    """Emits :attr:`open_requested` with a visit id and :attr:`queue_shown` with the number
    of visits listed each time a query's ids are in the model."""

    open_requested = Signal(str)
    queue_shown = Signal(int)

    def __init__(self, workspace: Workspace, account: AccountInfo | None,
                 parent: QWidget | None = None, *,
                 rejections: Rejections = refused_decisions) -> None:
        super().__init__(parent)
        self.setObjectName("page:review")
        self._workspace = workspace
        self._rejections = rejections
        self._choices = QueueChoices()
        # The queue's filter columns and refused decisions, as last read (None: read again).
        self._entries: list[QueueEntry] | None = None
        self._refused: dict[str, str] = {}
        layout = QVBoxLayout(self)
        team = (account.team if account else None) or self.tr("none")
        region = (account.region_code if account else None) or self.tr("none")
        self.signed_in = QLabel(
            self.tr("Signed in as %1 (%2) · team: %3 · region: %4")
            .replace("%1", account.display_name if account else "")
            .replace("%2", role_name(account)).replace("%3", team).replace("%4", region), self)
        self.signed_in.setObjectName("signedIn")
        self.signed_in.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.signed_in)

        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("reviewSearch")
        self.search.setPlaceholderText(self.tr(
            "Search: student or family name, pinyin initials (zxm), last digits of an ID"))
        self.search.setClearButtonEnabled(True)
        self.sort_combo = self._combo("reviewSort", [
            (QueueSort.NEWEST.value, self.tr("Newest first")),
            (QueueSort.OLDEST.value, self.tr("Waiting longest first")),
            (QueueSort.FLAGS.value, self.tr("Most undecided flags first")),
            (QueueSort.SCORE.value, self.tr("Highest score first")),
            (QueueSort.STUDENT.value, self.tr("By family name")),
        ])
        top.addWidget(self.search, 1)
        top.addWidget(QLabel(self.tr("Sort:"), self))
        top.addWidget(self.sort_combo)
        layout.addLayout(top)

        # One button per status with its count (the counts follow the other filters).
        statuses = QHBoxLayout()
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        self.status_buttons: dict[str, QPushButton] = {}
        self._status_names = {ANY: self.tr("All"), "submitted": self.tr("To review"),
                              "revised": self.tr("Revised"), "finalized": self.tr("Finalized"),
                              "returned": self.tr("Returned"), "approved": self.tr("Approved")}
        for code in (ANY, "submitted", "returned", "approved", "finalized", "revised"):
            button = QPushButton(self._status_names[code], self)
            button.setObjectName(f"status:{code or 'all'}")
            button.setCheckable(True)
            button.setChecked(code == ANY)
            self.status_group.addButton(button)
            self.status_buttons[code] = button
            statuses.addWidget(button)
            button.toggled.connect(self._status_toggled)
        statuses.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("reviewCount")
        statuses.addWidget(self.count_label)
        layout.addLayout(statuses)

        filters = QHBoxLayout()
        self.flags_combo = self._combo("flagsFilter", [
            (ANY, self.tr("Any flags")), ("yes", self.tr("Undecided flags")),
            ("no", self.tr("No undecided flags"))])
        self.township_combo = self._combo("townshipFilter", [(ANY, self.tr("All townships"))])
        self.school_combo = self._combo("schoolFilter", [(ANY, self.tr("All schools"))])
        self.counselor_combo = self._combo("counselorFilter",
                                           [(ANY, self.tr("All counselors"))])
        self.level_combo = self._combo("levelFilter", [(ANY, self.tr("All levels"))])
        self.date_check = QCheckBox(self.tr("Visited between"), self)
        self.date_check.setObjectName("dateFilter")
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        today = QDate.currentDate()
        self.date_from.setDate(today.addMonths(-3))
        self.date_to.setDate(today)
        self.date_check.toggled.connect(self._dates_toggled)
        for widget in (self.flags_combo, self.township_combo, self.school_combo,
                       self.counselor_combo, self.level_combo, self.date_check,
                       self.date_from, QLabel("–", self), self.date_to):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)

        # The records behind a dashboard bar (``show_records``): a banner says what they are
        # and how many are no longer on this laptop; 显示全部 goes back to the whole queue.
        self._pinned: frozenset[str] | None = None
        self.pinned_bar = QWidget(self)
        self.pinned_bar.setObjectName("pinnedRecords")
        pinned = QHBoxLayout(self.pinned_bar)
        pinned.setContentsMargins(0, 0, 0, 0)
        self.pinned_label = QLabel(self.pinned_bar)
        self.pinned_label.setObjectName("pinnedSummary")
        self.pinned_label.setWordWrap(True)
        self.pinned_label.setStyleSheet(
            "background: #e8f0fe; color: #174ea6; padding: 6px; border-radius: 4px;")
        self.show_all_button = QPushButton(self.tr("Show &all"), self.pinned_bar)
        self.show_all_button.setObjectName("showAll")
        self.show_all_button.clicked.connect(self.show_all)
        pinned.addWidget(self.pinned_label, 1)
        pinned.addWidget(self.show_all_button)
        self.pinned_bar.hide()
        layout.addWidget(self.pinned_bar)

        self.rejections_label = QLabel(self)
        self.rejections_label.setObjectName("rejections")
        self.rejections_label.setWordWrap(True)
        self.rejections_label.setStyleSheet(
            "background: #fdecea; color: #b3261e; padding: 6px; border-radius: 4px;")
        self.rejections_label.hide()
        layout.addWidget(self.rejections_label)

        self.model = ReviewQueueModel(workspace.store, self, self._read_rows)
        self.table = QTableView(self)
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(COL_STATUS, StatusChipDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        metrics, header_metrics = self.table.fontMetrics(), header.fontMetrics()
        samples = {COL_STUDENT: "欧阳小明明", COL_SCHOOL: "丰县第二中学 高一",
                   COL_TOWNSHIP: "320321101", COL_COUNSELOR: "teacher-wang",
                   COL_VISITED: "2026-12-31", COL_STATUS: "待审核 (v2)",
                   COL_LEVEL: "Generally difficult", COL_SCORE: "100", COL_FLAGS: "9"}
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 28,
                                             header_metrics.horizontalAdvance(title) + 24))
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("noResults")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #5f6368; font-size: 12pt; padding: 24px;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.export_note = QLabel(self)
        self.export_note.setObjectName("exportNote")
        self.export_note.setWordWrap(True)
        buttons.addWidget(self.export_note, 1)
        # The visits the filters pick, as XLSX (homevisit.reports.visit_export).
        self.export_button = QPushButton(self.tr("E&xport XLSX…"), self)
        self.export_button.setObjectName("exportQueue")
        buttons.addWidget(self.export_button)
        self.open_button = QPushButton(self.tr("&Open for review"), self)
        self.open_button.setObjectName("openVisit")
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(CHANGES_COALESCE_MS)
        self._changes_timer.timeout.connect(self.refresh)
        store_changes(workspace.store).changed.connect(self._store_changed)
        self._generation = 0
        self._query: Future[Any] | None = None
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._date_changed)
        self.search.returnPressed.connect(self.open_selected)
        for combo in (self.sort_combo, self.flags_combo, self.township_combo,
                      self.school_combo, self.counselor_combo, self.level_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(self._activated)
        self.open_button.clicked.connect(self.open_selected)
        self.exports = ExportFlow(workspace, self)
        self.export_button.clicked.connect(
            lambda: self.exports.export_queue(self.current_filter(), self.current_sort()))
        self.exports.done.connect(self.export_note.setText)
        self.exports.failed.connect(self.export_note.setText)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self._buttons()

    def show_records(self, visit_ids: frozenset[str], summary: str) -> None:
        """List only ``visit_ids`` (the records behind a dashboard bar that this laptop
        holds), every other filter reset, with ``summary`` above them."""
        self._pinned = frozenset(visit_ids)
        self._reset_filters()
        self.pinned_label.setText(summary)
        self.pinned_bar.show()
        self.refresh()

    def show_all(self) -> None:
        """Back to the whole queue."""
        self._pinned = None
        self.pinned_bar.hide()
        self.refresh()

    def _reset_filters(self) -> None:
        for combo in (self.flags_combo, self.township_combo, self.school_combo,
                      self.counselor_combo, self.level_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.date_check.blockSignals(True)
        self.date_check.setChecked(False)
        self.date_check.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        button = self.status_buttons[ANY]
        button.blockSignals(True)
        button.setChecked(True)
        button.blockSignals(False)

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for data, label in items:
            combo.addItem(label, data)
        return combo

    def _status_toggled(self, on: bool) -> None:
        if on:  # the button switched off by the group asks nothing
            self.refresh()

    def _date_changed(self, _date: QDate) -> None:
        if self.date_check.isChecked():
            self.refresh()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.refresh()

    # --- querying --------------------------------------------------------------------------

    def current_filter(self) -> QueueFilter:
        status = next((code for code, b in self.status_buttons.items() if b.isChecked()), ANY)
        flags = self.flags_combo.currentData()
        dates = self.date_check.isChecked()
        return QueueFilter(
            statuses=frozenset({VisitStatus(status)}) if status else None,
            undecided_flags={"yes": True, "no": False}.get(flags),
            township=self.township_combo.currentData() or None,
            school=self.school_combo.currentData() or None,
            counselor=self.counselor_combo.currentData() or None,
            visited_from=_date(self.date_from.date()) if dates else None,
            visited_to=_date(self.date_to.date()) if dates else None,
            level=self.level_combo.currentData() or None,
            text=self.search.text(),
            visit_ids=self._pinned,
        )

    def current_sort(self) -> QueueSort:
        return QueueSort(self.sort_combo.currentData() or QueueSort.NEWEST.value)

    def _read_rows(self, session: Session, ids: list[str]) -> list[QueueRow]:
        return queue_rows(session, ids, self._rejections(session))

    def refresh(self) -> None:
        """Show the visits the current filters pick. The queue's filter columns are read
        from the store once (and again after the store changed) and filtered here; a
        search text asks the store which households it finds. Only the newest answer is
        shown."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        chosen, sort = self.current_filter(), self.current_sort()
        text = chosen.text
        if self._query is not None:
            self._query.cancel()
            self._query = None
        if self._entries is not None and not text.strip():
            self._show_ids(chosen, sort, None)
            return
        entries, rejections, refused = self._entries, self._rejections, self._refused

        def query(session: Session) -> tuple[list[QueueEntry], dict[str, str],
                                             frozenset[str] | None]:
            # One transaction: the entries, refused decisions and search hits agree.
            if entries is not None:
                return entries, refused, matching_households(session, text)
            return (queue_entries(session), rejections(session),
                    matching_households(session, text))

        def arrived(answer: tuple[list[QueueEntry], dict[str, str],
                                  frozenset[str] | None]) -> None:
            if generation != self._generation:
                return
            self._entries, self._refused, found = answer
            self._show_ids(chosen, sort, found)

        self._query = run_in_store(self._workspace.store, query, arrived, self._failed,
                                   owner=self)

    def _show_ids(self, chosen: QueueFilter, sort: QueueSort,
                  found: frozenset[str] | None) -> None:
        entries = self._entries or []
        ids = select_ids(entries, chosen, sort, found)
        choices = choices_of(entries)
        self.model.set_ids(ids)
        self._show_choices(QueueChoices(choices.townships, choices.schools,
                                        choices.counselors, choices.levels,
                                        count_statuses(entries, chosen, found)))
        self._show_rejections(self._refused)
        self._show_count(text=chosen.text)
        self._buttons()
        self.queue_shown.emit(len(ids))

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches(*REVIEW_TABLES):
            self._entries = None  # read again at the refresh
            if not self._changes_timer.isActive():
                self._changes_timer.start()

    def _show_choices(self, choices: QueueChoices) -> None:
        self._choices = choices
        levels = self.model.levels
        for combo, values, label in (
                (self.township_combo, choices.townships, lambda v: v),
                (self.school_combo, choices.schools, lambda v: v),
                (self.counselor_combo, choices.counselors, lambda v: v),
                (self.level_combo, choices.levels, lambda v: levels.get(v, v))):
            present = [combo.itemData(i) for i in range(1, combo.count())]
            if present == list(values):
                continue
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(str(label(value)), value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        total = sum(choices.counts.values())
        for code, button in self.status_buttons.items():
            count = total if code == ANY else choices.counts.get(code, 0)
            button.setText(f"{self._status_names[code]} ({count})")
            # Finalized (not yet pushed) and revised exist on a supervisor's store only
            # briefly; their buttons show when there is something behind them.
            button.setVisible(code not in ("finalized", "revised") or count > 0)

    def _show_rejections(self, refused: dict[str, str]) -> None:
        if not refused:
            self.rejections_label.hide()
            return
        self.rejections_label.setText(
            self.tr("Decisions the server refused: %1. The reason is in the Note column; "
                    "open the visit to decide again.").replace("%1", str(len(refused))))
        self.rejections_label.show()

    def _show_count(self, text: str = "") -> None:
        count = self.model.rowCount()
        self.count_label.setText(self.tr("Visits: %1").replace("%1", str(count)))
        empty = count == 0
        if empty:
            self.empty_label.setText(
                self.tr("No visit matches “%1”. Search by the student's or a parent's name, "
                        "pinyin initials or the last digits of an ID number.")
                .replace("%1", text.strip()) if text.strip() else
                self.tr("No visits to show. Visits that counselors in your area finalize "
                        "appear here after a sync."))
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    def _failed(self, _error: BaseException) -> None:
        self.count_label.setText(self.tr("The queue could not be read."))

    def clear(self) -> None:
        """Drop every row (the app is locking)."""
        self._debounce.stop()
        self._changes_timer.stop()
        self._generation += 1
        self._entries, self._refused = None, {}
        self._pinned = None
        self.pinned_bar.hide()
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    # --- actions ---------------------------------------------------------------------------

    def selected_visit(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def open_selected(self) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))
        visit_id = self.selected_visit()
        if visit_id:
            self.open_requested.emit(visit_id)

    def _activated(self, index: QModelIndex) -> None:
        visit_id = self.model.data(index, ID_ROLE)
        if visit_id:
            self.open_requested.emit(visit_id)

    def _buttons(self) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid()
                                    or self.model.rowCount() > 0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())

