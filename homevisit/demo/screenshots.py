"""``homevisit screenshots OUTDIR``: every page and dialog rendered offscreen to PNG, with
the demo county's data (the README's pictures; also a quick visual check of layouts)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homevisit.demo.appointment_shots import schedule_screens, team_week_screens
from homevisit.demo.decision_shots import decision_dialog_screens, returned_visit_screen
from homevisit.demo.planning_shots import counselor_screens, supervisor_screens
from homevisit.demo.server import (
    DEMO_OTHER_ROLES,
    DEMO_PASSPHRASE,
    DemoServer,
    enrol_demo_profile,
    use_home,
)

if TYPE_CHECKING:  # Qt is imported when the shots are taken, not with the command line
    from homevisit.gui.qt import QWidget
    from homevisit.gui.shell import MainShell

SIZE = (1200, 780)


def _wait(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    from homevisit.gui.qt import QApplication

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.01)


def _settle(seconds: float = 0.2) -> None:
    from homevisit.gui.qt import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def render_all(outdir: Path, *, language: str = "zh_CN", households: int = 80) -> list[Path]:
    """Render every screen to ``outdir``; returns the PNG paths written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="homevisit-shots-") as tmp:
        use_home(Path(tmp) / "home")
        with DemoServer(Path(tmp) / "server", households=households) as server:
            profile, _ = enrol_demo_profile(server, "counselor1")
            enrol_demo_profile(server, "counselor2")
            others = [enrol_demo_profile(server, name)[0].id for name in DEMO_OTHER_ROLES]
            return _render(outdir, language, server, profile.id, others)


def _render(outdir: Path, language: str, server: DemoServer, profile_id: str,
            other_roles: list[str]) -> list[Path]:
    from homevisit.app_settings import AppSettings, save_settings
    from homevisit.gui import translations
    from homevisit.gui.app import make_application
    from homevisit.gui.enrol import DOWNLOAD, PASSPHRASE, EnrolDialog
    from homevisit.gui.households.model import COL_GUARDIAN
    from homevisit.gui.window import AppWindow

    app = make_application()
    settings = AppSettings(language=language, server_url=server.url, last_profile_id=profile_id)
    save_settings(settings)
    translations.install(language)
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        _settle()
        path = outdir / f"{len(written) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    window = AppWindow(settings)
    window.resize(*SIZE)
    window.show()
    screen = window.unlock_screen
    shot(window, "unlock")
    screen.passphrase.setText("wrong passphrase")
    screen.try_unlock()
    _wait(screen.error_label.isVisible)
    shot(window, "unlock-wrong-passphrase")

    enrol = EnrolDialog(window, server_url=server.url)
    enrol.user.setText("counselor3")
    enrol.show()
    shot(enrol, "enrol-server")
    enrol._show_step(PASSPHRASE)
    enrol.name.setText("counselor3")
    enrol.passphrase.setText("a long sentence 2026")
    enrol.confirm.setText("a long sentence 2026")
    shot(enrol, "enrol-passphrase")
    enrol._show_step(DOWNLOAD)
    enrol.download_bar.setRange(0, 100)
    enrol.download_bar.setValue(40)
    shot(enrol, "enrol-download")
    enrol.close()

    _wait(lambda: screen.unlock_button.isEnabled(), 10)
    screen.passphrase.setText(DEMO_PASSPHRASE)
    screen.try_unlock()
    _wait(lambda: window.shell is not None)
    shell = window.shell
    assert shell is not None
    page = shell.households
    assert page is not None  # the first user is a counselor: "My visits" is shown
    model = page.model
    _wait(lambda: model.rowCount() > 0 and model.data(model.index(0, COL_GUARDIAN)) != "…")
    page.table.setCurrentIndex(model.index(0, 0))
    shot(window, "households")

    from homevisit.households.search import _pinyin_tokens

    name = str(model.data(model.index(min(3, model.rowCount() - 1), COL_GUARDIAN)))
    initials = _pinyin_tokens(name)[1] if _pinyin_tokens(name) else name
    page.search.setText(initials)
    _wait(lambda: model.rowCount() < 20 and model.data(model.index(0, COL_GUARDIAN)) != "…")
    shot(window, "households-search-pinyin")
    page.search.clear()
    page.refresh()
    _wait(lambda: model.rowCount() > 20)
    page.filter_combo.setCurrentIndex(4)  # with open flags
    _wait(lambda: page.count_label.text() != "")
    _settle(0.5)
    flagged = model.household_id(0)
    shot(window, "households-flagged")
    page.filter_combo.setCurrentIndex(0)

    shell.open_household(flagged or model.household_id(0) or "")
    detail = shell._detail
    assert detail is not None
    _wait(lambda: detail.detail is not None)
    detail.resize(900, 600)
    tabs = detail.findChild(type(shell.tabs), "detailTabs")
    assert tabs is not None
    _wait(lambda: detail.growth.records != [])  # the growth record: a real timeline
    for index, tab_name in enumerate(("members", "flags", "visits", "growth-record",
                                      "appointments")):
        tabs.setCurrentIndex(index)
        shot(detail, f"household-{tab_name}")
    detail.growth.ask_print()  # where to save, the passphrase: the export dialog
    printing = detail.growth.dialog
    assert printing is not None
    _wait(printing.isVisible)
    shot(printing, "household-growth-print-dialog")
    printing.reject()
    detail.close()

    shell.tabs.setCurrentWidget(shell.sync_page)
    shell.sync_page.sync_now()
    _wait(lambda: shell.bridge.last_result is not None, 60)
    _settle(0.5)
    shot(window, "sync")
    shell.tabs.setCurrentWidget(shell.settings_page)
    shot(window, "settings")
    counselor_screens(window, shell, shot, _wait)
    schedule_screens(window, shell, shot, _wait)
    shell.tabs.setCurrentWidget(page)

    visit = _open_visit(shell, model.household_id(0))
    if visit is not None:
        shot(visit, "visit-opening-size")  # as it opens: the placement's size, on screen
        visit.resize(*SIZE)
        shot(visit, "visit")
        _visit_screens(visit, shot)
        visit.close()
    _qt_dialogs(window, shot)
    returned_visit_screen(shell, shot, _wait)
    decision_dialog_screens(window, DEMO_OTHER_ROLES[0], shot, _wait)  # the supervisor's
    shell.tabs.setCurrentWidget(shell.sync_page)
    shell.sync_page.refresh()
    _wait(lambda: not shell.sync_page.overview.work.empty, 10)
    _settle(0.3)
    shot(window, "sync-pending-work")
    # A code list published by a newer server release: the device refuses it, says so.
    _publish_in_newer_format(server)
    before = shell.bridge.last_result
    shell.sync_page.sync_now()
    _wait(lambda: shell.bridge.last_result is not before, 60)
    _wait(lambda: bool(shell.sync_page.overview.refused_documents), 10)
    _settle(0.3)
    shot(window, "sync-refused-document")
    shell.tabs.setCurrentWidget(page)

    # The supervisor's and the volunteer's own pages (审核, 服务台), each after an unlock.
    for other in other_roles:
        window.switch_user()
        _wait(lambda: screen.unlock_button.isEnabled(), 10)
        combo = screen.profile_combo
        combo.setCurrentIndex(next(i for i in range(combo.count())
                                   if combo.itemData(i).id == other))
        if other == other_roles[0]:
            shot(window, "unlock-choose-user")
        screen.passphrase.setText(DEMO_PASSPHRASE)
        screen.try_unlock()
        _wait(lambda: window.shell is not None)
        role_shell = window.shell
        assert role_shell is not None
        role_page = role_shell.tabs.widget(0)
        assert role_page is not None
        from homevisit.gui.helpdesk.page import HelpDeskPage

        if role_shell.review_page is not None:
            _review_screens(window, role_shell, shot)
            if role_shell.dashboard_page is not None:
                _dashboard_screens(window, role_shell, shot)
            supervisor_screens(window, role_shell, shot, _wait)
            if role_shell.team_page is not None:
                team_week_screens(window, role_shell, shot, _wait)
        else:
            shot(window, role_page.objectName().replace("page:", "role-"))
        if isinstance(role_page, HelpDeskPage):  # the volunteer's day at the desk
            from homevisit.demo.helpdesk_shots import helpdesk_screens

            helpdesk_screens(window, role_page, shot)
    if window.shell is not None:
        _client_too_old_screen(window, window.shell, server, shot)
    window.shutdown_now()
    window.close()
    app.processEvents()
    return written


def _publish_in_newer_format(server: DemoServer) -> None:
    """Publish a code list on the demo server and mark it as a newer release would store
    it (a document schema this app does not read)."""
    from sqlalchemy.orm import Session

    from homevisit.server import data_documents
    from homevisit.server.db import make_engine

    engine = make_engine(f"sqlite:///{server.data_dir / 'server.db'}")
    try:
        with Session(engine) as session, session.begin():
            row, _ = data_documents.store(session, {
                "id": "aid-kinds", "version": 1, "title": {"zh": "资助项目", "en": "Aid kinds"},
                "items": [{"code": "grant", "zh": "助学金", "en": "Grant"}]}, actor="demo")
            row.schema_version = 2
    finally:
        engine.dispose()


def _client_too_old_screen(window: QWidget, shell: MainShell, server: DemoServer,
                           shot: Callable[[QWidget, str], None]) -> None:
    """Last, as it leaves the server refusing this version: a minimum client version above
    this app's, and the sync page saying what to do (the server trusts its cached minimum
    for a few seconds, so the sync is retried until the refusal arrives)."""
    from sqlalchemy.orm import Session

    from homevisit.server.db import make_engine
    from homevisit.server.models import Policy
    from homevisit.sync.errors import ClientTooOld

    engine = make_engine(f"sqlite:///{server.data_dir / 'server.db'}")
    try:
        with Session(engine) as session, session.begin():
            session.merge(Policy(key="min_client_version", value="99.0.0"))
    finally:
        engine.dispose()
    shell.tabs.setCurrentWidget(shell.sync_page)
    bridge = shell.bridge

    def refused() -> bool:
        before = bridge.last_result
        shell.sync_page.sync_now()
        _wait(lambda: bridge.last_result is not before, 60)
        return isinstance(getattr(bridge.last_result, "error", None), ClientTooOld)

    deadline = time.monotonic() + 30
    while not refused() and time.monotonic() < deadline:
        _settle(2)
    _settle(0.3)
    shot(window, "sync-client-too-old")


def _review_screens(window: QWidget, shell: MainShell,
                    shot: Callable[[QWidget, str], None]) -> None:
    """The supervisor's queue after a sync, a visit in the review view and, for a visit with
    two versions, the diff with its changed fields highlighted."""
    from sqlalchemy import func, select

    from homevisit.model import VisitVersion

    page = shell.review_page
    assert page is not None
    _wait(lambda: shell._sync_started, 10)
    shell.sync_page.sync_now()  # the queue as the server has it, the files prefetched
    _wait(lambda: shell.bridge.last_result is not None, 120)
    _settle(1.0)  # the sync's store changes reach the page (coalesced) and it re-reads
    page.refresh()
    _wait(lambda: page.count_label.text() != "", 10)
    model = page.model
    if model.rowCount():
        _wait(lambda: model.data(model.index(0, 0)) != "…", 10)
        page.table.setCurrentIndex(model.index(0, 0))
    _settle(0.5)
    if model.rowCount():
        _wait(lambda: model.data(model.index(0, 0)) != "…", 10)
    shot(window, "role-review")
    # Export the queue: where, whether full numbers (not for this role by default), and why.
    page.exports.export_queue(page.current_filter(), page.current_sort())
    _wait(lambda: page.exports.dialog is not None and page.exports.dialog.isVisible(), 10)
    export = page.exports.dialog
    assert export is not None
    _settle(0.2)
    shot(export, "review-export-dialog")
    export.reject()
    if not model.rowCount():
        return
    revised = shell.workspace.store.run(lambda s: s.scalars(
        select(VisitVersion.visit_id).group_by(VisitVersion.visit_id)
        .having(func.count() > 1).limit(1)).first())
    chosen = revised or model.visit_id(0)
    assert chosen is not None
    shell.open_review(chosen)
    review: Any = shell._review
    assert review is not None
    _wait(lambda: review.view.view is not None, 10)
    _settle(1.0)  # photos decrypt in the background
    shot(review, "review-visit")
    _wait(lambda: review.view.growth.records != [], 10)
    review.view.side_tabs.setCurrentWidget(review.view.growth)
    _settle(0.3)
    shot(review, "review-growth-record")
    review.view.side_tabs.setCurrentIndex(0)
    review.exports.print_record(chosen)
    _wait(lambda: review.exports.dialog is not None and review.exports.dialog.isVisible(), 10)
    printing = review.exports.dialog
    printing.full_ids.setChecked(True)  # full numbers: the passphrase is asked again
    _settle(0.2)
    shot(printing, "review-print-dialog")
    printing.reject()
    if revised is not None:
        versions = shell.workspace.store.run(lambda s: s.scalar(
            select(func.max(VisitVersion.version)).where(VisitVersion.visit_id == revised))) or 1
        diffs: list[int] = []
        review.view.diff_shown.connect(diffs.append)
        review.view.compare_with(versions - 1)
        _wait(lambda: bool(diffs) or versions < 2, 10)
        changed = next((label for label in review.view.answers.values() if label.changed),
                       None)
        if changed is not None:
            review.view.form_area.ensureWidgetVisible(changed)
        _settle(0.3)
        shot(review, "review-diff")
    review.close()


def _dashboard_screens(window: QWidget, shell: MainShell,
                       shot: Callable[[QWidget, str], None]) -> None:
    """统计 after the supervisor's sync: the coverage charts, the levels beside the suggested
    levels further down, and the review queue opened on the records behind a bar."""
    page = shell.dashboard_page
    assert page is not None
    shell.tabs.setCurrentWidget(page)
    page.refresh()
    _wait(lambda: page.snapshot is not None, 20)
    _settle(0.5)
    shot(window, "role-dashboard")
    levels = page.panels.get("levels")
    if levels is not None:
        page.scroll_area.ensureWidgetVisible(levels, 0, 0)
        _settle(0.3)
        shot(window, "role-dashboard-levels")
    dashboard = page.dashboard
    if dashboard is None or shell.review_page is None:
        return
    visited = dashboard.chart("coverage_township").series[1]
    drill = next((d for d, n in zip(visited.drills, visited.values, strict=True) if n), None)
    if drill is None:
        return
    shown: list[int] = []
    shell.review_page.queue_shown.connect(shown.append)
    shell.open_records(drill)
    _wait(lambda: bool(shown) and shell.tabs.currentWidget() is shell.review_page, 10)
    _settle(0.5)
    shot(window, "dashboard-records")
    shell.review_page.show_all()


def _visit_screens(visit: QWidget, shot: Callable[[QWidget, str], None]) -> None:
    """A flag card, the roster and a follow-up question in their kept places, the checklist
    of what is missing and the finalize confirmation."""
    from homevisit.gui.visit.fields import ChoiceField

    wizard: Any = visit
    _wait(lambda: wizard.session is not None, 10)
    try:
        # Later steps show once the guardian consents to basic information and health.
        choices = wizard.page("consent").step.row("consent_choices").editor
        for code in ("basic_information", "health_information"):
            choices.boxes[code].setChecked(True)
        choices.edited.emit()
        wizard.go_to_page("members")
        roster = wizard.page("members").step.rosters["people"]
        father = next((i for i, box in enumerate(roster.items)
                       if box.rows["relation"].editor.value() == "father"), None)
        if father is not None:
            for field, code in (("life_status", "living"), ("occupation", "civil_servant"),
                                ("employer_type", "government_agency")):
                editor = roster.items[father].rows[field].editor
                if isinstance(editor, ChoiceField):
                    editor.select(code)
            roster.items[father].rows["employer"].editor.set_value("某镇人民政府")
            roster.items[father].rows["employer"].editor.edited.emit()
            wizard.flush()
            _wait(lambda: bool(wizard.flags_panel.cards), 10)
            _settle(0.3)
            shot(wizard.flags_panel, "visit-flag-card")
            shot(wizard, "visit-roster")  # follow-ups shown where their places were kept
        # A yes with a follow-up: 车辆用途 fills the place kept for it, nothing below moves.
        wizard.go_to_page("housing")
        has_car = wizard.page("housing").step.row("has_car").editor
        has_car.yes.click()
        _settle(0.3)
        shot(wizard, "visit-follow-up")
        wizard.go_to_page("finalize")
        _settle(0.3)
        shot(wizard, "visit-checklist")
        dialog = wizard.confirm_finalize()
        _settle(0.3)
        shot(dialog, "visit-finalize-confirmation")
        dialog.close()
    except (KeyError, StopIteration, TimeoutError) as error:  # a form without these steps
        import sys
        print("visit screens skipped:", repr(error), file=sys.stderr)
        return


def _qt_dialogs(window: QWidget, shot: Callable[[QWidget, str], None]) -> None:
    """Qt's own message box and file dialog, in Chinese (qtbase's translations)."""
    from homevisit.gui.qt import QFileDialog, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "家访通", "确定要放弃这项更改吗？",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                      window)
    box.show()
    shot(box, "qt-message-box")
    box.close()
    files = QFileDialog(window, "导入照片或 PDF")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on Linux
    files.resize(760, 480)
    files.show()
    shot(files, "qt-file-dialog")
    files.close()


def _open_visit(shell: MainShell, household_id: str | None) -> QWidget | None:
    if household_id is None:
        return None
    try:
        shell.start_visit(household_id)
    except Exception:  # the visit wizard belongs to another area; the shots go on
        return None
    _settle(1.0)
    return shell._visit
