"""A lazy table model over household ids (Anki's browser table model, Vorta's columns).

The model holds the ids of the current list; rows are read from the store a page at a time
when the view first asks for one of them, off the GUI thread, and the view is told when they
arrive. 50,000 households cost 50,000 short strings until someone scrolls.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from homevisit.gui.qt import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.households.listing import HouseholdRow, household_rows
from homevisit.store import Store

(COL_STUDENT, COL_SCHOOL, COL_GUARDIAN, COL_ID, COL_PHONE, COL_ADDRESS, COL_DUE, COL_STATUS,
 COL_FLAGS) = range(9)
COLUMN_COUNT = 9
PAGE_SIZE = 100  # about four screens of rows
# ~2,000 rows, dozens of screens; pages farther away are dropped and re-read (off the GUI
# thread, one short query) if scrolled back to, so scrolling through 50,000 households
# does not keep them all in memory.
MAX_CACHED_PAGES = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the visit status code (the chip's colour)
AnyIndex = QModelIndex | QPersistentModelIndex


class HouseholdTableModel(QAbstractTableModel):
    """Columns are the ``COL_*`` constants; :data:`ID_ROLE` gives a row's household id."""

    page_loaded = Signal(int)  # page number; tests and the bench wait on it
    more_wanted = Signal(int)  # the view scrolled to the end: ids from this offset, please

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids: list[str] = []
        self.complete = True
        self._asking = False
        self._pages: dict[int, list[HouseholdRow]] = {}
        self._loading: set[int] = set()
        self._pending: list[Future[Any]] = []
        self._generation = 0
        self._headers = [
            self.tr("Student"), self.tr("School and grade"), self.tr("Guardian"),
            self.tr("ID number"), self.tr("Phone"), self.tr("Address"),
            self.tr("Visit due"), self.tr("Visit status"), self.tr("Flags"),
        ]
        self._statuses = {
            None: self.tr("Not visited"), "draft": self.tr("In progress"),
            "finalized": self.tr("Finalized"), "submitted": self.tr("Submitted"),
            "approved": self.tr("Approved"), "returned": self.tr("Returned"),
            "revised": self.tr("Revised"),
        }

    # --- contents --------------------------------------------------------------------------

    def set_ids(self, ids: list[str], complete: bool = True) -> None:
        """Show these households (rows are fetched lazily). ``complete`` False: more ids
        follow on demand (Qt's fetchMore) when the view reaches the end."""
        self.beginResetModel()
        self._forget_pages()
        self._ids = list(ids)
        self.complete = complete
        self._asking = False
        self.endResetModel()

    def append_ids(self, ids: list[str], complete: bool) -> None:
        """The next batch of ids asked for through :attr:`more_wanted`."""
        self._asking = False
        self.complete = complete
        if ids:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
            self._ids.extend(ids)
            self.endInsertRows()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete and not self._asking

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._asking = True
            self.more_wanted.emit(len(self._ids))

    def _forget_pages(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        # Page reads for the old list that have not started yet would only delay the next
        # search on the store's single worker.
        for future in self._pending:
            future.cancel()
        self._pending.clear()

    def clear(self) -> None:
        """Forget every id and row (on lock) and stop talking to the store."""
        self.set_ids([])
        self._store = None

    def household_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, household_id: str) -> int:
        try:
            return self._ids.index(household_id)
        except ValueError:
            return -1

    def cached_row_count(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def invalidate_rows(self) -> None:
        """Re-read visible rows (after a sync or a finished visit) without losing the list."""
        self._forget_pages()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                              COLUMN_COUNT - 1))

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row_number = index.row()
        if role == ID_ROLE:
            return self.household_id(row_number)
        if role not in (Qt.ItemDataRole.DisplayRole, ROW_ROLE, Qt.ItemDataRole.ToolTipRole,
                        STATUS_ROLE):
            return None
        row = self._row(row_number)
        if row is None:
            loading = role == Qt.ItemDataRole.DisplayRole and index.column() in (COL_STUDENT,
                                                                                 COL_GUARDIAN)
            return "…" if loading else None
        if role == ROW_ROLE:
            return row
        if role == STATUS_ROLE:
            return row.visit_status or "none"
        return self._display(row, index.column())

    def any_phone(self) -> bool:
        """Whether a row read so far has a phone (the page hides an all-empty column)."""
        return any(row.phone_masked for page in self._pages.values() for row in page)

    def _display(self, row: HouseholdRow, column: int) -> str:
        if column == COL_STUDENT:
            return row.student
        if column == COL_SCHOOL:
            return " ".join(part for part in (row.school, row.grade) if part)
        if column == COL_GUARDIAN:
            return row.guardian
        if column == COL_ID:
            return row.id_masked
        if column == COL_PHONE:
            return row.phone_masked
        if column == COL_ADDRESS:
            return row.address
        if column == COL_DUE:
            return row.due_date.isoformat() if row.due_date else ""
        if column == COL_STATUS:
            return self._statuses.get(row.visit_status, row.visit_status or "")
        if column == COL_FLAGS:
            return str(row.open_flags) if row.open_flags else ""
        return ""

    # --- lazy pages ------------------------------------------------------------------------

    def _row(self, row_number: int) -> HouseholdRow | None:
        page_number, offset = divmod(row_number, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            self._request(page_number)
            return None
        return page[offset] if offset < len(page) else None

    def _request(self, page_number: int) -> None:
        if page_number in self._loading or self._store is None:
            return
        self._loading.add(page_number)
        generation = self._generation
        ids = self._ids[page_number * PAGE_SIZE:(page_number + 1) * PAGE_SIZE]

        def arrived(rows: list[HouseholdRow]) -> None:
            if generation != self._generation:
                return  # the list changed meanwhile; the new list asks again
            self._loading.discard(page_number)
            by_id = {r.id: r for r in rows}
            # A household deleted meanwhile keeps its line, blank, until the next refresh.
            blank = HouseholdRow("", "", "", "", "", None, None, 0)
            self._pages[page_number] = [by_id.get(i, blank) for i in ids]
            self._evict(page_number)
            first = page_number * PAGE_SIZE
            last = min(len(self._ids), first + PAGE_SIZE) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))
            self.page_loaded.emit(page_number)

        def failed(_error: BaseException) -> None:
            self._loading.discard(page_number)

        future = run_in_store(self._store, lambda s: household_rows(s, ids), arrived, failed,
                              owner=self)
        self._pending = [f for f in self._pending if not f.done()] + [future]

    def _evict(self, keep: int) -> None:
        while len(self._pages) > MAX_CACHED_PAGES:
            farthest = max(self._pages, key=lambda p: abs(p - keep))
            del self._pages[farthest]
