"""A lazy table model over the review queue's visit ids (the households list's model, for
visits): ids only until a row is needed, rows read a page at a time on the store worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from homevisit.gui.lazy_rows import (
    ID_ROLE,
    MAX_CACHED_PAGES,
    PAGE_SIZE,
    ROW_ROLE,
    STATUS_ROLE,
    AnyIndex,
    LazyRowsModel,
)
from homevisit.gui.qt import QObject, Qt
from homevisit.review.queue import QueueRow, queue_rows
from homevisit.store import Store

__all__ = ["ID_ROLE", "MAX_CACHED_PAGES", "PAGE_SIZE", "ROW_ROLE", "STATUS_ROLE",
           "ReviewQueueModel"]

(COL_STUDENT, COL_SCHOOL, COL_TOWNSHIP, COL_COUNSELOR, COL_VISITED, COL_STATUS, COL_LEVEL,
 COL_SCORE, COL_FLAGS, COL_NOTE) = range(10)
COLUMN_COUNT = 10
RowReader = Callable[[Session, list[str]], list[QueueRow]]


class ReviewQueueModel(LazyRowsModel):
    """Columns are the ``COL_*`` constants; :data:`ID_ROLE` gives a row's visit id."""

    def __init__(self, store: Store | None, parent: QObject | None = None,
                 read_rows: RowReader = queue_rows) -> None:
        super().__init__(store, parent)
        self._read_rows = read_rows
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

    def _read(self, session: Session, ids: list[str]) -> list[Any]:
        return list(self._read_rows(session, ids))

    def _row_id(self, row: Any) -> str:
        return str(row.visit_id)

    def _blank(self) -> QueueRow:
        return QueueRow("", "", "", "", "", "", "", "", "", 0, None, None, None, 0)

    def set_read_rows(self, read_rows: RowReader) -> None:
        self._read_rows = read_rows

    def visit_id(self, row: int) -> str | None:
        return self.id_at(row)

    # --- Qt model interface ----------------------------------------------------------------

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
