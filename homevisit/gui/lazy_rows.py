"""A lazy table model over ids (Anki's browser table model, Vorta's columns): the model holds
the ids of the current list; rows are read from the store a page at a time when the view
first asks for one of them, off the GUI thread, and the view is told when they arrive.
50,000 households cost 50,000 short strings until someone scrolls.

The households list and the review queue are such lists; each says how to read a page of
rows (``_read``), which id a row has and what a missing row looks like, and shows them."""

from __future__ import annotations

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
from homevisit.store import Store

PAGE_SIZE = 100  # about four screens of rows
# ~2,000 rows, dozens of screens; pages farther away are dropped and re-read (off the GUI
# thread, one short query) if scrolled back to, so scrolling through 50,000 rows does not
# keep them all in memory.
MAX_CACHED_PAGES = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the status code (a chip's colour)
AnyIndex = QModelIndex | QPersistentModelIndex


class LazyRowsModel(QAbstractTableModel):
    """Subclasses set ``_headers`` and implement :meth:`_read`, :meth:`_row_id` and
    :meth:`_blank`; :data:`ID_ROLE` gives a row's id."""

    page_loaded = Signal(int)  # page number; tests and the benches wait on it

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids: list[str] = []
        self._headers: list[str] = []
        self._pages: dict[int, list[Any]] = {}
        self._loading: set[int] = set()
        self._pending: list[Future[Any]] = []
        self._generation = 0

    # --- what a subclass says ------------------------------------------------------------

    def _read(self, session: Session, ids: list[str]) -> list[Any]:
        """The rows of ``ids`` (any order; ids no longer there may be missing)."""
        raise NotImplementedError

    def _row_id(self, row: Any) -> str:
        raise NotImplementedError

    def _blank(self) -> Any:
        """The row shown for an id that vanished meanwhile, until the next refresh."""
        raise NotImplementedError

    # --- contents --------------------------------------------------------------------------

    def set_ids(self, ids: list[str]) -> None:
        """Show these rows (fetched lazily)."""
        self.beginResetModel()
        self._forget_pages()
        self._ids = list(ids)
        self.endResetModel()

    def clear(self) -> None:
        """Forget every id and row (on lock) and stop talking to the store."""
        self.set_ids([])
        self._store = None

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: str) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def cached_row_count(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def invalidate_rows(self) -> None:
        """Re-read visible rows (after a sync or a store change) without losing the list."""
        self._forget_pages()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                              len(self._headers) - 1))

    def _forget_pages(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        # Page reads for the old list that have not started yet would only delay the next
        # search on the store's single worker.
        for future in self._pending:
            future.cancel()
        self._pending.clear()

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    # --- lazy pages ------------------------------------------------------------------------

    def _row(self, row_number: int) -> Any:
        """The row, or None while its page is being read (asked for here)."""
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

        def arrived(rows: list[Any]) -> None:
            if generation != self._generation:
                return  # the list changed meanwhile; the new list asks again
            self._loading.discard(page_number)
            by_id = {self._row_id(r): r for r in rows}
            self._pages[page_number] = [by_id.get(i) or self._blank() for i in ids]
            while len(self._pages) > MAX_CACHED_PAGES:
                del self._pages[max(self._pages, key=lambda p: abs(p - page_number))]
            first = page_number * PAGE_SIZE
            last = min(len(self._ids), first + PAGE_SIZE) - 1
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self._headers) - 1))
            self.page_loaded.emit(page_number)

        def failed(_error: BaseException) -> None:
            self._loading.discard(page_number)

        read = self._read
        future = run_in_store(self._store, lambda s: read(s, ids), arrived, failed, owner=self)
        self._pending = [f for f in self._pending if not f.done()] + [future]
