"""我的家访: the counselor's households, filtered and searched as they type.

Typing restarts a short debounce timer; the query then runs on the store worker (never on
the GUI thread) and only the newest query's answer is shown, so a fast typist never sees an
older list replace a newer one.
"""

from __future__ import annotations

from concurrent.futures import Future

from homevisit.changes import HOUSEHOLD_TABLES, StoreChanges
from homevisit.gui.households.chips import StatusChipDelegate
from homevisit.gui.households.model import (
    COL_ADDRESS,
    COL_DUE,
    COL_FLAGS,
    COL_GUARDIAN,
    COL_ID,
    COL_PHONE,
    COL_SCHOOL,
    COL_STATUS,
    COL_STUDENT,
    ID_ROLE,
    HouseholdTableModel,
)
from homevisit.gui.qt import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QWidget,
    Signal,
    SignalInstance,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.gui.uiload import child, load_ui
from homevisit.households.listing import ListFilter, household_ids
from homevisit.workspace import Workspace

SEARCH_DEBOUNCE_MS = 150
CHANGES_COALESCE_MS = 500  # store changes folded into one reload at most this often
ID_BATCH = 1000  # ids read per query; more when the user scrolls to the end
# A search's first answer only has to fill the screen: asking for 1,000 matches of a common
# word (a surname) reads most of the list on every keystroke; more come on scroll.
SEARCH_BATCH = 100


class HouseholdsPage(QWidget):
    """Emits :attr:`open_requested` / :attr:`visit_requested` with a household id, and
    :attr:`list_shown` each time a query's ids are in the model."""

    open_requested = Signal(str)
    visit_requested = Signal(str)
    list_shown = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        root = load_ui("households_page", self)
        self.search = child(root, QLineEdit, "searchEdit")
        self.filter_combo = child(root, QComboBox, "filterCombo")
        self.table = child(root, QTableView, "householdTable")
        self.count_label = child(root, QLabel, "countLabel")
        self.open_button = child(root, QPushButton, "openButton")
        self.visit_button = child(root, QPushButton, "visitButton")
        self.propose_button = child(root, QPushButton, "proposeButton")
        self.propose_button.clicked.connect(self.propose)
        for list_filter, label in (
            (ListFilter.ALL, self.tr("All households")),
            (ListFilter.DUE, self.tr("Visit due")),
            (ListFilter.NOT_VISITED, self.tr("Not visited")),
            (ListFilter.RETURNED, self.tr("Returned for revision")),
            (ListFilter.FLAGGED, self.tr("With open flags")),
        ):
            self.filter_combo.addItem(label, list_filter.value)

        self.model = HouseholdTableModel(workspace.store, self)
        self.table.setModel(self.model)
        # Fixed widths, never ResizeToContents: that would read every row of the lazy model.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ADDRESS, QHeaderView.ResizeMode.Stretch)
        # Each width fits its header and its widest sample, so neither a date nor a header
        # is ever cut ("2026-12-0…").
        samples = {COL_STUDENT: "王小明明", COL_SCHOOL: "涟水县红窑中学 高二",
                   COL_GUARDIAN: "欧阳大山",
                   COL_ID: "3208**********123X", COL_PHONE: "138****1234",
                   COL_DUE: "2026-12-31", COL_STATUS: "已退回修改", COL_FLAGS: "99"}
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 28,
                                             header_metrics.horizontalAdvance(title) + 24))
        self.table.setItemDelegateForColumn(COL_STATUS, StatusChipDelegate(self.table))
        self.table.setColumnHidden(COL_PHONE, True)  # shown once a row has a phone
        # Nothing matched: say so, instead of an empty grid that looks unfinished.
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("noResults")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #5f6368; font-size: 12pt; padding: 24px;")
        self.empty_label.hide()
        page_layout = root.layout()
        assert isinstance(page_layout, QBoxLayout)  # the .ui lays the page out in a box
        page_layout.insertWidget(page_layout.indexOf(self.table) + 1, self.empty_label)
        # Fixed row heights: the view never measures 50,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        # Store writes (a finished visit, a sync page) arrive as one signal; a burst (a sync
        # applies page after page) is folded into one reload.
        self._changes: StoreChanges | None = None
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(CHANGES_COALESCE_MS)
        self._changes_timer.timeout.connect(self._apply_changes)
        store_changes(workspace.store).changed.connect(self._store_changed)
        self._query_generation = 0
        self._query: Future[list[str]] | None = None
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.filter_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.table.activated.connect(self._activated)
        # Search, then Enter: the selected (or the only / first) household opens.
        self.search.returnPressed.connect(self.open_selected)
        self.model.page_loaded.connect(lambda _page: self._show_phone_column())
        self.model.more_wanted.connect(self._fetch_more)
        self.open_button.clicked.connect(lambda: self._emit_current(self.open_requested))
        self.visit_button.clicked.connect(lambda: self._emit_current(self.visit_requested))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- querying --------------------------------------------------------------------------

    def current_filter(self) -> ListFilter:
        return ListFilter(self.filter_combo.currentData() or ListFilter.ALL.value)

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches(*HOUSEHOLD_TABLES):
            self._changes = changed if self._changes is None else self._changes | changed
            if not self._changes_timer.isActive():
                self._changes_timer.start()

    def _apply_changes(self) -> None:
        changed, self._changes = self._changes, None
        if changed is None:
            return
        filtered = self.current_filter() is not ListFilter.ALL or bool(self.search.text().strip())
        if changed.touches("households", "assignments") or filtered:
            self.refresh()  # which households are listed may differ
        else:
            self.model.invalidate_rows()  # same list; statuses, flags, guardians re-read

    def refresh(self) -> None:
        """Run the current filter and search text on the store worker; show the newest."""
        self._debounce.stop()
        self._query_generation += 1
        generation = self._query_generation
        list_filter, text = self.current_filter(), self.search.text()
        batch = SEARCH_BATCH if text.strip() else ID_BATCH

        def shown(ids: list[str]) -> None:
            if generation != self._query_generation:
                return
            complete = len(ids) <= batch
            self.model.set_ids(ids[:batch], complete)
            self._show_count()
            self._show_empty(text)
            self._update_buttons()
            self.list_shown.emit(self.model.rowCount())

        if self._query is not None:
            self._query.cancel()  # typed on before it started: only the newest matters
        self._query = run_in_store(
            self._workspace.store,
            lambda s: household_ids(s, list_filter, text, limit=batch + 1),
            shown, self._failed, owner=self)

    def _fetch_more(self, offset: int) -> None:
        generation = self._query_generation
        list_filter, text = self.current_filter(), self.search.text()

        def more(ids: list[str]) -> None:
            if generation == self._query_generation:
                self.model.append_ids(ids[:ID_BATCH], len(ids) <= ID_BATCH)
                self._show_count()

        run_in_store(self._workspace.store,
                     lambda s: household_ids(s, list_filter, text, limit=ID_BATCH + 1,
                                             offset=offset),
                     more, self._failed, owner=self)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(self.tr("{0} households").format(count) if self.model.complete
                                 else self.tr("{0}+ households").format(count))

    def _show_empty(self, text: str) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            self.empty_label.setText(
                self.tr("No household matches “%1”. Check the spelling, or search by pinyin "
                        "initials, the last digits of an ID number or the village.")
                .replace("%1", text.strip()) if text.strip()
                else self.tr("No households in this list."))
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    def _show_phone_column(self) -> None:
        self.table.setColumnHidden(COL_PHONE, not self.model.any_phone())

    def open_selected(self) -> None:
        """Open the selected household; with none selected, the first one listed."""
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._emit_current(self.open_requested)

    def _failed(self, _error: BaseException) -> None:
        self.count_label.setText(self.tr("The list could not be read."))

    def propose(self) -> None:
        """提议新家庭: a family in difficulty on no list (consent first, minimal data)."""
        from homevisit.gui.planning.proposal_dialogs import ProposalDialog

        account = self._workspace.account
        self.proposal_dialog = ProposalDialog(
            self._workspace, account.username if account else "",
            (account.region_code or "") if account else "", self)
        self.proposal_dialog.open()

    def clear(self) -> None:
        """Drop every row and the search text (the app is locking)."""
        self._debounce.stop()
        self._query_generation += 1
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.count_label.clear()

    # --- actions ---------------------------------------------------------------------------

    def selected_household(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def _emit_current(self, signal: SignalInstance) -> None:
        household_id = self.selected_household()
        if household_id:
            signal.emit(household_id)

    def _activated(self, index: QModelIndex) -> None:
        household_id = self.model.data(index, ID_ROLE)
        if household_id:
            self.open_requested.emit(household_id)

    def _update_buttons(self) -> None:
        has = self.table.currentIndex().isValid()
        self.open_button.setEnabled(has)
        self.visit_button.setEnabled(has)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
