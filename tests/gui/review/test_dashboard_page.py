"""The 统计 page on a real encrypted store, offline: before any sync it says the figures come
with a sync; with a stored snapshot it says when the server computed them, shows every
number in the tables under the charts, and Enter on a table cell (the keyboard's way to a
bar) asks for that bar's records."""

from __future__ import annotations

import datetime as dt

from homevisit.gui.dashboard.page import DashboardPage
from homevisit.gui.qt import Qt
from homevisit.protocol.reports import (
    CoverageRow,
    CoverageTotals,
    FlagRow,
    ReportFigures,
    StatusRow,
)
from homevisit.reports.dashboard import Unit
from homevisit.reports.figures import store_figures

COMPUTED = dt.datetime(2026, 11, 30, 6, 30, tzinfo=dt.UTC)


def _figures() -> ReportFigures:
    return ReportFigures(
        computed_at=COMPUTED, today=COMPUTED.date(),
        region_names={"320321101": "欢口镇", "320321102": "师寨镇"},
        coverage=[CoverageRow(township="320321101", school="丰县中学", assigned=30, visited=21,
                              approved=12, overdue=4),
                  CoverageRow(township="320321102", school="丰县中学", assigned=25, visited=9,
                              approved=3, overdue=11)],
        totals=CoverageTotals(households=55, assigned=55, visited=30, approved=15, overdue=15),
        visit_statuses=[StatusRow(township="320321101", status="approved", count=12)],
        flags=[FlagRow(township="320321101", category="public_employee", status="open",
                       count=2)],
        levels=[], modes=[], rounds=[], policies=[], visits_with_policies=0, helpdesk=[])


def _page(qtbot, workspace) -> DashboardPage:
    page = DashboardPage(workspace)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    return page


def test_before_any_sync_the_page_says_where_figures_come_from(qtbot, workspace):
    page = _page(qtbot, workspace)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.refresh()
    assert page.snapshot is None
    assert "sync" in page.as_of.text().lower()
    assert not any(panel.isVisible() for panel in page.panels.values())


def test_the_stored_snapshot_is_shown_with_its_time_and_a_cell_opens_its_records(
        qtbot, workspace):
    assert workspace.store.run(lambda s: store_figures(s, _figures()))
    page = _page(qtbot, workspace)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.refresh()
    local = COMPUTED.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local in page.as_of.text()
    coverage = page.panels["coverage_township"]
    cells = [[coverage.model.index(r, c).data() for c in range(5)]
             for r in range(coverage.model.rowCount())]
    assert cells == [["欢口镇", "30", "21", "12", "4"], ["师寨镇", "25", "9", "3", "11"]]
    assert "55" in page.headline.text()

    table = coverage.table
    table.setFocus()
    table.setCurrentIndex(coverage.model.index(1, 3))  # 师寨镇 · approved
    with qtbot.waitSignal(page.records_requested, timeout=5_000) as asked:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    drill = asked.args[0]
    assert (drill.township, drill.unit, drill.expected) == ("320321102", Unit.HOUSEHOLDS, 3)
    assert drill.statuses == {"approved"}
