"""Exports and prints from the supervisor's and the counselor's pages, clicked and typed the
way a user does (issue 18): the queue's XLSX with the current filters, the full-numbers
option disabled with a reason unless the policy allows it and then asking the passphrase,
and the visit record printed from the review window and the household's visit history."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.gui.qt import Qt
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.review.window import ReviewWindow
from homevisit.ids import mask_id
from homevisit.model import AuditEvent
from tests.gui.conftest import PASSPHRASE
from tests.reports.conftest import pdf_text, signature_png
from tests.reports.seed_record import make_supervisor, seed_printable
from tests.review.seed import seed_queue


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _actions(workspace) -> list[tuple[str, str | None]]:
    return workspace.store.run(lambda s: [(e.action, e.detail.get("kind"))
                                          for e in s.scalars(select(AuditEvent))])


@pytest.fixture
def page(qtbot, workspace):
    shown = ReviewPage(workspace, workspace.account)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.clear()


def _dialog(qtbot, flow):
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(),
                    timeout=10_000)
    return flow.dialog


def test_the_queue_exports_what_its_filters_show(qtbot, workspace, page, tmp_path):
    make_supervisor(workspace)
    seed_queue(workspace.store, 20)
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        _click(qtbot, page.status_buttons["returned"])
    shown = page.model.rowCount()
    _click(qtbot, page.export_button)
    dialog = _dialog(qtbot, page.exports)
    # Full numbers: not offered, and the dialog says why.
    assert not dialog.full_ids.isEnabled() and "export_full_ids" not in dialog.note.text()
    assert dialog.note.text()
    out = tmp_path / "returned.xlsx"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    assert not dialog.passphrase.isVisible()  # unlocked a moment ago: still fresh
    with qtbot.waitSignal(page.exports.done, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    assert str(shown) in page.export_note.text()
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2,
                                                                    values_only=True))
    assert len(rows) == shown and {r[10] for r in rows} == {"已退回修改"}
    assert ("export", "visit_list") in _actions(workspace)


def test_full_numbers_ask_the_passphrase_when_the_policy_allows(qtbot, workspace, page,
                                                               tmp_path):
    make_supervisor(workspace, full_ids_roles=["supervisor"])
    printed = seed_printable(workspace, signature_png())
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        page.refresh()
    _click(qtbot, page.export_button)
    dialog = _dialog(qtbot, page.exports)
    assert dialog.full_ids.isEnabled()
    _click(qtbot, dialog.full_ids)
    assert dialog.passphrase.isVisible() and not dialog.ok_button.isEnabled()
    out = tmp_path / "full.xlsx"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    with qtbot.waitSignal(page.exports.failed, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    assert "口令" in page.export_note.text() and not out.exists()
    _click(qtbot, page.export_button)
    dialog = _dialog(qtbot, page.exports)
    _click(qtbot, dialog.full_ids)
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(page.exports.done, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    [row] = openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)
    assert row[2] == printed.student_id_number


def test_print_from_the_review_window_and_the_household(qtbot, workspace, tmp_path):
    make_supervisor(workspace)
    printed = seed_printable(workspace, signature_png())
    window = ReviewWindow(workspace, printed.visit_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.view.view is not None, timeout=10_000)
    _click(qtbot, window.print_button)
    dialog = _dialog(qtbot, window.exports)
    out = tmp_path / "record.pdf"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    with qtbot.waitSignal(window.exports.done, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    text = pdf_text(out)
    assert "家庭经济情况家访记录" in text and mask_id(printed.student_id_number) in text

    detail = HouseholdDetailDialog(workspace, printed.household_id)
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitUntil(lambda: detail.visits.rowCount() > 0, timeout=10_000)
    assert not detail.print_button.isEnabled()
    detail.visits.selectRow(0)
    assert detail.print_button.isEnabled()
    _click(qtbot, detail.print_button)
    dialog = _dialog(qtbot, detail.exports)
    again = tmp_path / "again.pdf"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(again))
    with qtbot.waitSignal(detail.exports.done, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    assert printed.student in pdf_text(again)
    assert _actions(workspace).count(("print", "visit_record")) == 2


def test_the_dashboards_tables_export_one_sheet_per_chart(qtbot, workspace, tmp_path):
    from homevisit.gui.dashboard.page import DashboardPage
    from homevisit.reports.figures import store_figures
    from tests.gui.review.test_dashboard_page import _figures

    assert workspace.store.run(lambda s: store_figures(s, _figures()))
    page = DashboardPage(workspace)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.refresh()
    assert page.export_button.isEnabled()
    _click(qtbot, page.export_button)
    dialog = _dialog(qtbot, page.exports)
    assert not dialog.full_ids.isVisible()  # counts only: no numbers to reveal
    out = tmp_path / "dashboard.xlsx"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    with qtbot.waitSignal(page.exports.done, timeout=20_000):
        _click(qtbot, dialog.ok_button)
    book = openpyxl.load_workbook(out)
    assert page.dashboard is not None
    titles = [c.title.zh for c in page.dashboard.charts]
    assert book.sheetnames == [t[:31] for t in titles]
    coverage = page.panels["coverage_township"].model
    sheet = book.worksheets[titles.index(page.dashboard.chart("coverage_township").title.zh)]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [coverage.headerData(c, Qt.Orientation.Horizontal)
                             for c in range(coverage.columnCount())]
    assert [[str(v) for v in r] for r in rows[1:]] == [
        [coverage.index(r, c).data() for c in range(coverage.columnCount())]
        for r in range(coverage.rowCount())]
    assert ("export", "dashboard") in _actions(workspace)
