"""统计: the supervisor's dashboard (issue 18 item 2). The report figures the server computed
for the whole scope at the last sync, kept on this laptop, so the page works offline and its
numbers do not shrink when approved visits are purged; it says when they were computed.

Each chart has its numbers in a table under it. A click on a bar (or Enter on a table cell)
emits :attr:`DashboardPage.records_requested` with the bar's drill; the shell opens the
review queue on the records this laptop still holds.
"""

from __future__ import annotations

from homevisit.changes import StoreChanges
from homevisit.gui.dashboard.chart_panel import ChartPanel
from homevisit.gui.export_flows import ExportFlow
from homevisit.gui.messages import core_language
from homevisit.gui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QShowEvent,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.reports.dashboard import Dashboard, dashboard
from homevisit.reports.figures import FiguresSnapshot, load_figures
from homevisit.workspace import Workspace

CHANGES_COALESCE_MS = 300
SNAPSHOT_TABLE = "report_snapshot"


class DashboardPage(QWidget):
    """Emits :attr:`records_requested` with a Drill, and :attr:`figures_shown` once a
    snapshot (or its absence) is on screen."""

    records_requested = Signal(object)
    figures_shown = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:dashboard")
        self._workspace = workspace
        self._lang = core_language()
        self.snapshot: FiguresSnapshot | None = None
        self._due = True  # read the snapshot when the page is first shown
        self.dashboard: Dashboard | None = None
        outer = QVBoxLayout(self)
        self.as_of = QLabel(self)
        self.as_of.setObjectName("figuresAsOf")
        self.as_of.setWordWrap(True)
        self.as_of.setStyleSheet("color: #5f6368;")
        top = QHBoxLayout()
        top.addWidget(self.as_of, 1)
        # Every table below as XLSX, one sheet per chart (homevisit.reports.table_export).
        self.export_button = QPushButton(self.tr("E&xport tables…"), self)
        self.export_button.setObjectName("exportDashboard")
        self.export_button.setEnabled(False)
        top.addWidget(self.export_button)
        outer.addLayout(top)
        self.export_note = QLabel(self)
        self.export_note.setObjectName("exportNote")
        self.export_note.setWordWrap(True)
        self.export_note.hide()
        outer.addWidget(self.export_note)
        self.exports = ExportFlow(workspace, self)
        self.exports.done.connect(self._exported)
        self.exports.failed.connect(self._exported)
        self.export_button.clicked.connect(self.export_tables)
        self.category_titles: dict[str, str] = {}
        self.headline = QLabel(self)
        self.headline.setObjectName("figuresHeadline")
        self.headline.setStyleSheet("font-size: 13pt; padding: 4px 0;")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.headline)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self._body = body = QWidget(self.scroll_area)
        self._charts = QVBoxLayout(body)
        self.panels: dict[str, ChartPanel] = {}
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(CHANGES_COALESCE_MS)
        self._changes_timer.timeout.connect(self.refresh)
        store_changes(workspace.store).changed.connect(self._store_changed)

    def refresh(self) -> None:
        """Read the last snapshot from the store (on its worker) and show it; while the page
        is hidden, only note that it is due: building the charts right after unlock would
        hold up the review queue the supervisor is waiting for."""
        self._changes_timer.stop()
        if not self.isVisible():
            self._due = True
            return
        self._due = False
        run_in_store(self._workspace.store, load_figures, self._show, self._failed,
                     owner=self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._due:
            self.refresh()

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches(SNAPSHOT_TABLE) and not self._changes_timer.isActive():
            self._changes_timer.start()

    def _show(self, snapshot: FiguresSnapshot | None) -> None:
        self.snapshot = snapshot
        if snapshot is None:
            self.dashboard = None
            self.as_of.setText(self.tr(
                "No figures yet: the server computes them for your area at each sync. "
                "Sync once while online."))
            self.headline.clear()
            for panel in self.panels.values():
                panel.hide()
            self.export_button.setEnabled(False)
            self.figures_shown.emit()
            return
        local = snapshot.computed_at.astimezone()
        self.as_of.setText(self.tr(
            "Figures as of %1, computed by the server for your whole area (they stay the "
            "same offline and when approved visits leave this laptop).")
            .replace("%1", local.strftime("%Y-%m-%d %H:%M")))
        self.dashboard = dashboard(snapshot.figures, self._lang)
        self.headline.setText("　".join(f"{name.in_language(self._lang)} {value}"
                                       for name, value in self.dashboard.headline))
        self.category_titles = category_titles = {"coverage_township": self.tr("Township"),
                           "coverage_school": self.tr("School"),
                           "statuses": self.tr("Status"), "flags": self.tr("Flags"),
                           "levels": self.tr("Level"), "modes": self.tr("Mode"),
                           "rounds": self.tr("Returned"), "policies": self.tr("Policy"),
                           "helpdesk": self.tr("Desk and day")}
        self._body.setUpdatesEnabled(False)  # one layout and paint for all the charts
        for chart in self.dashboard.charts:
            if chart.key not in self.panels:
                made = ChartPanel(chart.key, self._lang, self._body)
                made.drill_requested.connect(self.records_requested)
                self._charts.addWidget(made)
                self.panels[chart.key] = made
            panel = self.panels[chart.key]
            panel.show_chart(chart, category_titles.get(chart.key, ""),
                             self.tr("Nothing to count yet"))
            panel.show()
        self._body.setUpdatesEnabled(True)
        self.export_button.setEnabled(True)
        self.figures_shown.emit()

    def export_tables(self) -> None:
        if self.dashboard is not None:
            self.exports.export_dashboard(self.dashboard, dict(self.category_titles))

    def _exported(self, text: str) -> None:
        self.export_note.setText(text)
        self.export_note.show()

    def _failed(self, _error: BaseException) -> None:
        self.as_of.setText(self.tr("The figures could not be read."))

    def clear(self) -> None:
        """Drop the figures (the app is locking)."""
        self._changes_timer.stop()
        self._due = True
        self.snapshot = self.dashboard = None
        self.export_button.setEnabled(False)
        self.export_note.clear()
        for panel in self.panels.values():
            panel.hide()
