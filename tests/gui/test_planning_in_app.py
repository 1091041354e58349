"""Appointments and hand-backs in the real app window against a real server on loopback
(issue 19, Must show):

- an appointment set offline (the server is down) waits in the outbox, syncs when the
  server is back, and appears on the supervisor's 团队日程 after the supervisor's sync;
- a hand-back accepted by the supervisor in their window moves the household to another
  counselor's laptop and off the first one's, while the first counselor's unsent draft note
  (a visit's observations, typed offline) is kept in quarantine and shown on the sync page.

Everything the users do goes through the app's widgets (clicks, typing); the server is the
demo server (its own instance: the hand-back changes an assignment).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, DemoServer, enrol_demo_profile
from homevisit.gui.planning.appointment_dialog import AppointmentDialog
from homevisit.gui.planning.handback_dialogs import AnswerDialog, HandbackDialog
from homevisit.gui.qt import QCoreApplication, QInputMethodEvent, Qt
from homevisit.gui.window import AppWindow
from homevisit.model import Appointment, Handback, Household, Outbox, Visit
from homevisit.planning.appointments import beijing
from homevisit.server.db import make_engine
from homevisit.server.models import Appointment as ServerAppointment
from homevisit.server.models import Household as ServerHousehold
from homevisit.sync.purge import HOUSEHOLD_LEFT
from homevisit.workspace import Workspace
from tests.gui.conftest import unlock_window
from tests.gui.test_counselor_day import (
    _click,
    _open_detail,
    _row_of,
    _tab,
    _visit_from_detail,
)

NOTE = "周三下午放学后，父亲在家"
DRAFT = "房屋漏雨，母亲在外打工，学生由祖母照顾"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with DemoServer(tmp_path_factory.mktemp("planning-server"), households=48) as running:
        yield running


def _type_chinese(widget, text: str) -> None:
    """Commit ``text`` as an input method does (QTest synthesises ASCII keys only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def _open(qtbot, profile):
    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    return window, unlock_window(qtbot, window, DEMO_PASSPHRASE)


def _sync(qtbot, shell, *, clean: bool = True):
    """Press 同步 → 立即同步 and wait for the run to end."""
    qtbot.waitUntil(lambda: shell.bridge._service is not None and not shell.bridge.running,
                    timeout=30_000)
    _tab(qtbot, shell, shell.sync_page)
    with qtbot.waitSignal(shell.bridge.finished, timeout=60_000) as finished:
        _click(qtbot, shell.sync_page.sync_button)
    result = finished.args[0]
    assert result.error is None, result.error
    if clean:
        assert result.rejected == 0, result
    return result


def _server_rows(server: DemoServer, query):
    engine = make_engine(f"sqlite:///{server.data_dir / 'server.db'}")
    try:
        with engine.connect() as conn:
            return conn.execute(query).all()
    finally:
        engine.dispose()


def _held(shell) -> set[str]:
    return set(shell.workspace.store.run(lambda s: list(s.scalars(
        select(Household.id).where(Household.deleted.is_(False))))))


def _a_household(shell) -> str:
    """A household of this counselor with no visit, appointment or hand-back yet (the
    demo county plans some)."""
    return shell.workspace.store.run(lambda s: s.scalars(
        select(Household.id).where(Household.deleted.is_(False),
                                   Household.visit_status.is_(None),
                                   Household.id.not_in(select(Visit.household_id)),
                                   Household.id.not_in(select(Appointment.household_id)),
                                   Household.id.not_in(select(Handback.household_id)))
        .order_by(Household.address)).first())


def _type_time(qtbot, edit, moment: dt.datetime) -> None:
    """Select the date-time editor's text and type the new date and time."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, moment.strftime("%Y-%m-%d %H:%M"))


def test_an_appointment_set_offline_reaches_the_supervisors_week(qtbot, server, chinese_ui):
    counselor, error = enrol_demo_profile(server, "counselor1")
    assert error is None
    server.stop()  # offline from here: the laptop cannot reach the server
    window, shell = _open(qtbot, counselor)
    try:
        household = _a_household(shell)
        detail = _open_detail(qtbot, shell, household)
        _click(qtbot, detail.appointment_button)
        dialog = detail.findChild(AppointmentDialog)
        assert dialog is not None and dialog.isVisible()
        when = beijing(dt.datetime.now(dt.UTC)).replace(hour=15, minute=30, second=0,
                                                         microsecond=0)
        _type_time(qtbot, dialog.when, when)
        assert dialog.chosen_time() == when
        dialog.mode.setFocus()
        qtbot.keyClick(dialog.mode, Qt.Key.Key_Down)  # 上门 → 电话
        _type_chinese(dialog.note, NOTE)
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            _click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
        qtbot.waitUntil(lambda: NOTE in detail.plan.toPlainText(), timeout=10_000)
        detail.close()

        stored = shell.workspace.store.run(lambda s: s.scalars(select(Appointment).where(
            Appointment.household_id == household)).one())
        assert (stored.household_id, stored.mode.value, stored.note) == (household, "phone",
                                                                          NOTE)
        assert stored.starts_at == when.astimezone(dt.UTC) and stored.rev == 0
        queued = shell.workspace.store.run(lambda s: list(s.scalars(
            select(Outbox.entity).where(Outbox.entity == "appointment"))))
        assert queued == ["appointment"]  # waiting for the server

        # The schedule page lists it today, with the guardian's phone masked.
        _tab(qtbot, shell, shell.schedule_page)
        qtbot.waitUntil(lambda: any(line.appointment_id == stored.id
                                    for line in shell.schedule_page.model.lines),
                        timeout=10_000)
        line = next(x for x in shell.schedule_page.model.lines if x.appointment_id == stored.id)
        assert line.slot.value == "today" and line.note == NOTE
        assert "*" in line.phone_masked or line.phone_masked == ""

        server.start()  # back online
        _sync(qtbot, shell)
        assert shell.workspace.store.run(lambda s: s.get(Appointment, stored.id).rev) == 1
        [(counselor_name, note)] = _server_rows(server, select(
            ServerAppointment.counselor, ServerAppointment.note).where(
            ServerAppointment.id == stored.id))
        assert (counselor_name, note) == ("counselor1", NOTE)
    finally:
        window.shutdown_now()

    supervisor, error = enrol_demo_profile(server, "supervisor")
    assert error is None
    window, shell = _open(qtbot, supervisor)
    try:
        _tab(qtbot, shell, shell.team_page)
        qtbot.waitUntil(lambda: any(x.appointment_id == stored.id
                                    for x in shell.team_page.model.lines), timeout=30_000)
        seen = next(x for x in shell.team_page.model.lines if x.appointment_id == stored.id)
        assert (seen.counselor, seen.note, seen.starts_at) == ("counselor1", NOTE, when)
        row = shell.team_page.model.lines.index(seen)
        shown = shell.team_page.model.index(row, 0).data()
        assert "15:30" in shown
    finally:
        window.shutdown_now()


def test_an_accepted_handback_moves_the_household_and_keeps_the_unsent_draft(
        qtbot, server, chinese_ui, tmp_path):
    counselor, error = enrol_demo_profile(server, "counselor2")
    assert error is None
    window, shell = _open(qtbot, counselor)
    try:
        household = _a_household(shell)
        # 1. Hand the household back (moved away), and sync it to the supervisor.
        detail = _open_detail(qtbot, shell, household)
        _click(qtbot, detail.handback_button)
        dialog = detail.findChild(HandbackDialog)
        assert dialog is not None
        _type_chinese(dialog.note, "全家已搬到外县")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            _click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
        qtbot.waitUntil(lambda: not detail.handback_button.isEnabled(), timeout=10_000)
        _sync(qtbot, shell)

        # 2. Offline, the counselor starts the visit and types a note that is not sent.
        server.stop()
        detail = _open_detail(qtbot, shell, household)
        wizard, c = _visit_from_detail(qtbot, shell, detail)
        wizard.go_to_page("observations")
        with c.saved():
            c.type("observations.observations", DRAFT)
        wizard.close()
        detail.close()
    finally:
        window.shutdown_now()
    server.start()

    # 3. The supervisor accepts it in their window, handing it to counselor3.
    supervisor, error = enrol_demo_profile(server, "supervisor")
    assert error is None
    window, shell = _open(qtbot, supervisor)
    try:
        page = shell.team_page
        _tab(qtbot, shell, page)
        qtbot.waitUntil(lambda: any(h.household_id == household for h in page.handbacks),
                        timeout=30_000)
        row = next(i for i, h in enumerate(page.handbacks) if h.household_id == household)
        item = page.handback_list.item(row)
        qtbot.mouseClick(page.handback_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=page.handback_list.visualItemRect(item).center())
        _click(qtbot, page.answer_button)
        answer = page.findChild(AnswerDialog)
        assert answer is not None and answer.accept_choice.isChecked()
        answer.counselor.setFocus()
        answer.counselor.lineEdit().selectAll()
        qtbot.keyClicks(answer.counselor.lineEdit(), "counselor3")
        _type_chinese(answer.note, "同意，转给第三位辅导员")
        with qtbot.waitSignal(answer.saved, timeout=10_000):
            _click(qtbot, answer.buttons.button(answer.buttons.StandardButton.Save))
        _sync(qtbot, shell)
        [(assigned,)] = _server_rows(server, select(ServerHousehold.assigned_counselor).where(
            ServerHousehold.id == household))
        assert assigned == "counselor3"
    finally:
        window.shutdown_now()

    # 4. The first counselor syncs: the household goes, the draft note stays, shown.
    window, shell = _open(qtbot, counselor)
    try:
        assert household in _held(shell)
        result = _sync(qtbot, shell, clean=False)
        assert result.rejected >= 1  # the draft visit: not theirs to send any more
        assert household not in _held(shell)
        kept = shell.workspace.store.run(lambda s: [
            (o.entity, o.quarantined, o.last_error,
             o.payload["record"].get("answers", {}).get("observations", {}).get("observations"))
            for o in s.scalars(select(Outbox))])
        assert ("visit", True, HOUSEHOLD_LEFT, DRAFT) in kept
        assert shell.workspace.store.run(lambda s: s.scalars(select(Handback).where(
            Handback.household_id == household)).all()) == []
        quarantine = shell.sync_page.quarantine

        def shown() -> list[str]:
            return [quarantine.item(i).text() for i in range(quarantine.count())]

        qtbot.waitUntil(lambda: any(DRAFT[:10] in text and "已移交" in text
                                    for text in shown()), timeout=10_000)
        # The households list no longer offers it.
        _tab(qtbot, shell, shell.households)
        shell.households.refresh()
        qtbot.waitUntil(lambda: _row_of(shell.households, household) is None
                        and shell.households.model.rowCount() > 0, timeout=10_000)
    finally:
        window.shutdown_now()

    # 5. ... and arrives on counselor3's laptop with its hand-back.
    third, error = enrol_demo_profile(server, "counselor3")
    assert error is None
    with Workspace.open(third, DEMO_PASSPHRASE) as ws:
        assert household in set(ws.store.run(lambda s: list(s.scalars(select(Household.id)))))
        statuses = ws.store.run(lambda s: [h.status.value for h in s.scalars(
            select(Handback).where(Handback.household_id == household))])
        assert statuses == ["accepted"]
