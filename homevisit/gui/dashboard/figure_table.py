"""The numbers of one dashboard chart as a table (for screen readers and for reading exact
figures): a row per category, a column per series, then any table-only columns."""

from __future__ import annotations

from typing import Any

from homevisit.gui.qt import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from homevisit.reports.dashboard import Chart, Drill

DRILL_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


class FigureTableModel(QAbstractTableModel):
    """:data:`DRILL_ROLE` gives the :class:`Drill` of a cell (None when it opens nothing)."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._chart: Chart | None = None
        self._category = ""

    def set_chart(self, chart: Chart, category_title: str) -> None:
        self.beginResetModel()
        self._chart, self._category = chart, category_title
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's
        return 0 if parent.isValid() or self._chart is None else len(self._chart.categories)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's
        if parent.isValid() or self._chart is None:
            return 0
        return 1 + len(self._chart.series) + len(self._chart.extra_columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal
                or self._chart is None):
            return None
        if section == 0:
            return self._category
        series = self._chart.series
        if section <= len(series):
            return series[section - 1].name.in_language(self._lang)
        return self._chart.extra_columns[section - 1 - len(series)].in_language(self._lang)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        chart = self._chart
        if chart is None or not index.isValid():
            return None
        row, column, series = index.row(), index.column(), chart.series
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return chart.categories[row]
            if column <= len(series):
                return str(series[column - 1].values[row])
            return chart.extra_cells[row][column - 1 - len(series)]
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column <= len(series):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DRILL_ROLE and 0 < column <= len(series):
            return self.drill_at(row, column - 1)
        return None

    def drill_at(self, row: int, series: int) -> Drill | None:
        if self._chart is None:
            return None
        return self._chart.series[series].drills[row]
