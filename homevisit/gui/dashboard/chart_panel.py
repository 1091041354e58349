"""One dashboard chart: a titled box with a bar chart (QtCharts), its note and the same
numbers in a table under it. A click on a bar, or Enter / a double-click on a table cell,
asks for the records behind it (:attr:`ChartPanel.drill_requested`)."""

from __future__ import annotations

from homevisit.gui.dashboard.figure_table import FigureTableModel
from homevisit.gui.qt import (
    QAbstractItemView,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QGroupBox,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPainter,
    Qt,
    QTableView,
    QValueAxis,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.reports.dashboard import Chart

# Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
LABEL_COLOUR = "#202124"  # the value above each bar (the default is white, unreadable)
CHART_HEIGHT = 240
ROW_HEIGHT = 24


class ChartPanel(QGroupBox):
    """Emits :attr:`drill_requested` with a :class:`~homevisit.reports.dashboard.Drill`."""

    drill_requested = Signal(object)

    def __init__(self, key: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart:{key}")
        self.key = key
        self.chart_data: Chart | None = None
        self.bar_sets: list = []  # QBarSet per series, in the chart's order (tests click them)
        layout = QVBoxLayout(self)
        self.view = None
        if QChartView is not None:
            self.view = QChartView(self)
            self.view.setObjectName(f"chartView:{key}")
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.view.setMinimumHeight(CHART_HEIGHT)
            layout.addWidget(self.view)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        self.note.hide()
        layout.addWidget(self.note)
        self.model = FigureTableModel(lang, self)
        self.table = QTableView(self)
        self.table.setObjectName(f"chartTable:{key}")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        # Numbers stay beside their labels (a stretched last column put them far right).
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.activated.connect(self._cell_activated)
        layout.addWidget(self.table)

    def show_chart(self, chart: Chart, category_title: str, empty_text: str) -> None:
        self.chart_data = chart
        self.setTitle(str(chart.title))
        self.model.set_chart(chart, category_title)
        rows = len(chart.categories)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + max(rows, 1) * ROW_HEIGHT + 4)
        if chart.note is not None:
            self.note.setText(str(chart.note))
        self.note.setVisible(chart.note is not None)
        if self.view is not None:
            self.view.setChart(self._bar_chart(chart, empty_text))

    def _bar_chart(self, chart: Chart, empty_text: str) -> QChart:
        """A fresh QChart (the view owns it and deletes the previous one)."""
        q = QChart()
        q.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # no waiting, no motion
        q.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        q.legend().setVisible(len(chart.series) > 1)
        self.bar_sets = []
        if chart.is_empty():
            q.setTitle(empty_text)
            return q
        series = QBarSeries()
        top = 0
        for i, s in enumerate(chart.series):
            bars = QBarSet(str(s.name))
            bars.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bars.setLabelColor(QColor(LABEL_COLOUR))
            bars.append([float(v) for v in s.values])
            top = max(top, *s.values)
            bars.clicked.connect(lambda index, i=i: self._bar_clicked(i, index))
            series.append(bars)
            self.bar_sets.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        q.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(chart.categories))
        q.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max(1, top) * 1.15)  # room for the labels above the bars
        values.applyNiceNumbers()
        q.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        return q

    def _bar_clicked(self, series: int, index: int) -> None:
        drill = self.model.drill_at(index, series)
        if drill is not None:
            self.drill_requested.emit(drill)

    def _cell_activated(self, index: QModelIndex) -> None:
        if 0 < index.column() <= len(self.chart_data.series if self.chart_data else ()):
            self._bar_clicked(index.column() - 1, index.row())
