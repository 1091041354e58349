"""Each role sees its own pages: a supervisor and a volunteer enrolled against the demo
server get 审核 or 服务台 (with 同步 and 设置) and nowhere a 开始家访 action; a volunteer's
store holds no household data at all. A role changed on the server reaches the open app at
the next sync, and the counselor's unsent work is still pushed."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, update

from homevisit import profiles
from homevisit.account import Page
from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, enrol_demo_profile
from homevisit.gui import messages, translations
from homevisit.gui.qt import QAbstractButton, QAction, QCoreApplication, Qt
from homevisit.gui.window import AppWindow
from homevisit.model import Household, Member, Outbox
from homevisit.server.db import make_engine, make_sessionmaker
from homevisit.server.models import User
from tests.gui.conftest import unlock_window

START_VISIT = "开始家访"


@pytest.fixture
def chinese_ui(qapp):
    """The app's Chinese translations for one test (the suite otherwise runs untranslated)."""
    assert "app" in translations.install("zh_CN")
    yield
    for translator in translations._installed:
        QCoreApplication.instance().removeTranslator(translator)
    translations._installed.clear()
    messages.set_language("zh_CN")
    os.environ["HOMEVISIT_LANG"] = "zh"


def _window(qtbot, profile) -> AppWindow:
    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    return window


def _tab_texts(shell) -> list[str]:
    return [shell.tabs.tabText(i) for i in range(shell.tabs.count())]


def _start_visit_actions(window) -> list[str]:
    """Every button or action anywhere in the window that offers to start a visit."""
    found = [b.objectName() or b.text() for b in window.findChildren(QAbstractButton)
             if b.objectName() == "visitButton" or START_VISIT in b.text().replace("&", "")]
    found += [a.text() for a in window.findChildren(QAction)
              if START_VISIT in a.text().replace("&", "")]
    return found


def _households_on_device(shell) -> tuple[int, int]:
    return shell.workspace.store.run(lambda s: (
        s.scalar(select(func.count()).select_from(Household)),
        s.scalar(select(func.count()).select_from(Member))))


def test_a_counselors_window_offers_to_start_a_visit(qtbot, demo_server, chinese_ui):
    # The other side of the checks below: the counselor's pages do have 开始家访.
    profile, error = enrol_demo_profile(demo_server, "counselor1")
    assert error is None
    window = _window(qtbot, profile)
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        assert shell.pages == (Page.HOUSEHOLDS, Page.SCHEDULE, Page.REQUESTS, Page.SYNC,
                               Page.SETTINGS)
        assert _tab_texts(shell) == ["我的家访(&M)", "日程(&H)", "委托与提议(&Q)", "同步(&Y)",
                                     "设置(&T)"]
        assert _start_visit_actions(window) == ["visitButton"]
    finally:
        window.shutdown_now()


def test_a_supervisor_sees_the_review_page_and_cannot_start_a_visit(
        qtbot, demo_server, chinese_ui):
    profile, error = enrol_demo_profile(demo_server, "supervisor")
    assert error is None
    chooser = profiles.list_profiles()[0]
    assert (chooser.role, chooser.display_name) == ("supervisor", profile.display_name)
    window = _window(qtbot, profile)
    try:
        assert "督导" in window.unlock_screen.profile_combo.currentText()
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        assert shell.pages == (Page.REVIEW, Page.DASHBOARD, Page.TEAM_WEEK, Page.REQUESTS,
                               Page.SYNC, Page.SETTINGS)
        assert _tab_texts(shell) == ["审核(&R)", "统计(&D)", "团队日程(&W)", "委托与提议(&Q)",
                                     "同步(&Y)", "设置(&T)"]
        assert shell.tabs.currentWidget() is shell.review_page
        assert "督导" in shell.review_page.signed_in.text()
        assert shell.review_page.table.model() is shell.review_page.model
        assert shell.households is None
        assert _start_visit_actions(window) == []
        some_household = shell.workspace.store.run(
            lambda s: s.scalars(select(Household.id).limit(1)).first())
        if some_household is not None:  # whatever calls it, the shell opens no wizard
            shell.start_visit(some_household)
            assert shell._visit is None
        qtbot.keyClick(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert shell.tabs.currentWidget() is shell.review_page
    finally:
        window.shutdown_now()


def test_a_volunteer_sees_the_help_desk_and_no_household_data(qtbot, demo_server, chinese_ui):
    profile, error = enrol_demo_profile(demo_server, "volunteer1")
    assert error is None
    window = _window(qtbot, profile)
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        assert shell.pages == (Page.HELPDESK, Page.SYNC, Page.SETTINGS)
        assert _tab_texts(shell) == ["服务台(&H)", "同步(&Y)", "设置(&T)"]
        assert "志愿者" in shell.helpdesk_page.signed_in.text()
        assert shell.households is None and shell.review_page is None
        assert _start_visit_actions(window) == []
        assert _households_on_device(shell) == (0, 0)
    finally:
        window.shutdown_now()


def _set_role(demo_server, username: str, role: str) -> None:
    """What an administrator's role change does: the user's row on the server."""
    engine = make_engine(f"sqlite:///{demo_server.data_dir / 'server.db'}")
    try:
        with make_sessionmaker(engine).begin() as session:
            session.execute(update(User).where(User.username == username).values(role=role))
    finally:
        engine.dispose()


def test_a_role_changed_on_the_server_reaches_the_open_app_at_the_next_sync(
        qtbot, demo_server):
    username = "counselor2"
    profile, error = enrol_demo_profile(demo_server, username)
    assert error is None
    window = _window(qtbot, profile)
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        assert shell.pages[0] is Page.HOUSEHOLDS
        qtbot.waitUntil(lambda: shell.bridge._service is not None and not shell.bridge.running,
                        timeout=15_000)
        # Unsent work of the counselor: a household edit queued in the outbox.
        household_id = shell.workspace.store.run(
            lambda s: s.scalars(select(Household.id).limit(1)).first())
        assert household_id is not None

        def edit(session) -> None:
            from homevisit import outbox

            row = session.get(Household, household_id)
            row.address = row.address + "（新址）"
            outbox.save(session, row)

        shell.workspace.store.run(edit)
        _set_role(demo_server, username, "supervisor")
        try:
            with qtbot.waitSignal(shell.pages_changed, timeout=30_000) as changed:
                shell.sync_page.sync_now()
            assert changed.args[0].role.value == "supervisor"
            assert shell.pages == (Page.REVIEW, Page.DASHBOARD, Page.TEAM_WEEK, Page.REQUESTS,
                                   Page.SYNC, Page.SETTINGS)
            assert shell.households is None and _start_visit_actions(window) == []
            # The old role's unsent work was pushed or, if the server refused it, kept in
            # quarantine where the sync page shows it: never dropped.
            left = shell.workspace.store.run(lambda s: [
                (row.entity_id, row.quarantined) for row in s.scalars(select(Outbox))])
            assert all(quarantined for _, quarantined in left)
            qtbot.waitUntil(lambda: profiles.list_profiles()[0].role == "supervisor",
                            timeout=10_000)
        finally:
            _set_role(demo_server, username, "counselor")
    finally:
        window.shutdown_now()
