"""A lazy table model over the review queue's visit ids (the households list's model, for
visits): ids only until a row is needed, rows read a page at a time on the store worker."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from sqlalchemy.orm import Session

from homevisit.gui.qt import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.review.queue import QueueRow, queue_rows
from homevisit.store import Store

(COL_STUDENT, COL_SCHOOL, COL_TOWNSHIP, COL_COUNSELOR, COL_VISITED, COL_STATUS, COL_LEVEL,
 COL_SCORE, COL_FLAGS, COL_NOTE) = range(10)
COLUMN_COUNT = 10
PAGE_SIZE = 100
MAX_CACHED_PAGES = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
AnyIndex = QModelIndex | QPersistentModelIndex
RowReader = Callable[[Session, list[str]], list[QueueRow]]


class ReviewQueueModel(QAbstractTableModel):
    """Columns are the ``COL_*`` constants; :data:`ID_ROLE` gives a row's visit id."""

    page_loaded = Signal(int)

    def __init__(self, store: Store | None, parent: QObject | None = None,
                 read_rows: RowReader = queue_rows) -> None:
        super().__init__(parent)
        self._store = store
        self._read_rows = read_rows
        self._ids: list[str] = []
        self._pages: dict[int, list[QueueRow]] = {}
        self._loading: set[int] = set()
        self._pending: list[Future[Any]] = []
        self._generation = 0
        self._headers = [self.tr("Student"), self.tr("School and grade"), self.tr("Township"),
                         self.tr("Counselor"), self.tr("Visited"), self.tr("Status"),
                         self.tr("Recommended level"), self.tr("Score"),
                         self.tr("Undecided flags"), self.tr("Note")]
        self.statuses = {"finalized": self.tr("Finalized"), "submitted": self.tr("To review"),
                         "revised": self.tr("Revised"), "returned": self.tr("Returned"),
                         "approved": self.tr("Approved")}
        self.levels = {"especially_difficult": self.tr("Especially difficult"),
                       "difficult": self.tr("Difficult"),
                       "generally_difficult": self.tr("Generally difficult"),
                       "not_recognised": self.tr("Not recognised")}

    def set_read_rows(self, read_rows: RowReader) -> None:
        self._read_rows = read_rows

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._forget_pages()
        self._ids = list(ids)
        self.endResetModel()

    def clear(self) -> None:
        self.set_ids([])
        self._store = None

    def visit_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, visit_id: str) -> int:
        try:
            return self._ids.index(visit_id)
        except ValueError:
            return -1

    def invalidate_rows(self) -> None:
        self._forget_pages()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    def _forget_pages(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        for future in self._pending:
            future.cancel()
        self._pending.clear()

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
        if role == ID_ROLE:
            return self.visit_id(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, ROW_ROLE, STATUS_ROLE,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == ROW_ROLE:
            return row
        if role == STATUS_ROLE:
            return row.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.rejection or None
        return self._display(row, index.column())

    def _display(self, row: QueueRow, column: int) -> str:
        if column == COL_STUDENT:
            return row.student
        if column == COL_SCHOOL:
            return " ".join(part for part in (row.school, row.grade) if part)
        if column == COL_TOWNSHIP:
            return row.township
        if column == COL_COUNSELOR:
            return row.counselor
        if column == COL_VISITED:
            return row.visited_on.isoformat() if row.visited_on else ""
        if column == COL_STATUS:
            status = self.statuses.get(row.status, row.status)
            return f"{status} (v{row.version})" if row.version > 1 else status
        if column == COL_LEVEL:
            return self.levels.get(row.level or "", row.level or "")
        if column == COL_SCORE:
            return f"{row.score:g}" if row.score is not None else ""
        if column == COL_FLAGS:
            return str(row.undecided_flags) if row.undecided_flags else ""
        if column == COL_NOTE:
            return row.rejection
        return ""

    # --- lazy pages ------------------------------------------------------------------------

    def _row(self, row_number: int) -> QueueRow | None:
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
        read = self._read_rows

        def arrived(rows: list[QueueRow]) -> None:
            if generation != self._generation:
                return
            self._loading.discard(page_number)
            by_id = {r.visit_id: r for r in rows}
            blank = QueueRow("", "", "", "", "", "", "", "", "", 0, None, None, None, 0)
            self._pages[page_number] = [by_id.get(i, blank) for i in ids]
            while len(self._pages) > MAX_CACHED_PAGES:
                del self._pages[max(self._pages, key=lambda p: abs(p - page_number))]
            first = page_number * PAGE_SIZE
            last = min(len(self._ids), first + PAGE_SIZE) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))
            self.page_loaded.emit(page_number)

        def failed(_error: BaseException) -> None:
            self._loading.discard(page_number)

        future = run_in_store(self._store, lambda s: read(s, ids), arrived, failed, owner=self)
        self._pending = [f for f in self._pending if not f.done()] + [future]
