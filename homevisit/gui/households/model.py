"""The households list's table model: a lazy table model over household ids
(:mod:`homevisit.gui.lazy_rows`) with the list's columns, fetching more ids on demand."""

from __future__ import annotations

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
from homevisit.gui.qt import QModelIndex, QObject, Qt, Signal
from homevisit.households.listing import HouseholdRow, household_rows
from homevisit.store import Store

__all__ = ["ID_ROLE", "MAX_CACHED_PAGES", "PAGE_SIZE", "ROW_ROLE", "STATUS_ROLE",
           "HouseholdTableModel"]

(COL_STUDENT, COL_SCHOOL, COL_GUARDIAN, COL_ID, COL_PHONE, COL_ADDRESS, COL_DUE, COL_STATUS,
 COL_FLAGS) = range(9)
COLUMN_COUNT = 9


class HouseholdTableModel(LazyRowsModel):
    """Columns are the ``COL_*`` constants; :data:`ID_ROLE` gives a row's household id."""

    more_wanted = Signal(int)  # the view scrolled to the end: ids from this offset, please

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(store, parent)
        self.complete = True
        self._asking = False
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

    def _read(self, session: Session, ids: list[str]) -> list[Any]:
        return list(household_rows(session, ids))

    def _row_id(self, row: Any) -> str:
        return str(row.id)

    def _blank(self) -> HouseholdRow:
        # A household deleted meanwhile keeps its line, blank, until the next refresh.
        return HouseholdRow("", "", "", "", "", None, None, 0)

    # --- contents --------------------------------------------------------------------------

    def set_ids(self, ids: list[str], complete: bool = True) -> None:
        """Show these households (rows are fetched lazily). ``complete`` False: more ids
        follow on demand (Qt's fetchMore) when the view reaches the end."""
        self.complete = complete
        self._asking = False
        super().set_ids(ids)

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

    def household_id(self, row: int) -> str | None:
        return self.id_at(row)

    # --- Qt model interface ----------------------------------------------------------------

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
