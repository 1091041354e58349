"""A township help desk on one shared laptop (issue 17), driven through the real widgets
against the demo server on loopback.

Two volunteers share the walk-in queue; each calls a ticket and handles the applicant
through checklist and steps; they switch without closing the app; the idle lock fires; the
cases sync; the desk figures a supervisor reads match; the ticket file holds no name, ID or
phone. And bad input gets its message in Chinese at the field, nothing typed lost.
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import func, select

from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, enrol_demo_profile
from homevisit.gui.qt import (
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QInputMethodEvent,
    QLineEdit,
    QPoint,
    Qt,
)
from homevisit.gui.window import AppWindow
from homevisit.ids import id_check_character
from homevisit.model import Assignment, HelpDeskCase, Household, Member, Outbox, Visit
from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.models import HelpDesk
from tests.gui.conftest import unlock_window


def valid_id(seq: int) -> str:
    first17 = f"32032120070202{seq:03d}"
    return first17 + id_check_character(first17)


def _click(qtbot, button) -> None:
    qtbot.waitUntil(button.isVisible, timeout=10_000)  # a row just built: laid out first
    assert button.isEnabled()
    if isinstance(button, QCheckBox):  # on the box itself (the row is wider than its text)
        checked = button.isChecked()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, button.height() // 2))
        assert button.isChecked() != checked
        return
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type(qtbot, widget: QLineEdit, text: str) -> None:
    """ASCII as key presses; Chinese as an input method commits it (QTest synthesises
    ASCII keys only)."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def _choose(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def _desk_page(qtbot, shell):
    page = shell.helpdesk_page
    # The first sync brings today's shift; one shift today is picked by itself.
    qtbot.waitUntil(lambda: page.shift is not None, timeout=30_000)
    return page


def _saved(qtbot, shell) -> None:
    """Every edit submitted so far has been committed (the store worker is in order)."""
    shell.workspace.store.run(lambda s: None)
    qtbot.wait(50)


def _handle(qtbot, page, shell, *, name: str, number: str, phone: str, co: str,
            code: str) -> str:
    """Call the next ticket and walk the applicant through checklist and steps."""
    with qtbot.waitSignal(page.case_opened, timeout=10_000) as opened:
        _click(qtbot, page.call_button)
    case = page.case
    qtbot.waitUntil(lambda: not case._loading, timeout=10_000)
    _type(qtbot, case.field("student_name"), name)
    _type(qtbot, case.field("student_id_number"), number)
    _type(qtbot, case.field("student_phone"), phone)
    _type(qtbot, case.field("school"), "南京大学")
    _choose(case.field("stage"), "undergraduate")
    _choose(case.field("student_status"), "current")
    qtbot.waitUntil(lambda: "student_card_or_report" in case.item_boxes, timeout=10_000)
    _type(qtbot, case.field("co_borrower_name"), co)
    _choose(case.field("co_borrower_relation"), "father")
    for box in case.item_boxes.values():
        _click(qtbot, box)
    for box in case.step_boxes.values():
        _click(qtbot, box)
    _type(qtbot, case.field("step:acceptance_certificate"), code)
    _choose(case.field("outcome"), "accepted")
    _saved(qtbot, shell)
    with qtbot.waitSignal(case.closed, timeout=10_000):
        _click(qtbot, case.close_button)
    return opened.args[0]


def _sync(qtbot, shell) -> None:
    qtbot.waitUntil(lambda: shell.bridge._service is not None and not shell.bridge.running,
                    timeout=30_000)
    with qtbot.waitSignal(shell.bridge.finished, timeout=30_000) as done:
        shell.sync_page.sync_now()
    assert getattr(done.args[0], "error", None) is None


def _switch_to(qtbot, window, profile):
    with qtbot.waitSignal(window.locked):
        window.switch_action.trigger()
    combo = window.unlock_screen.profile_combo
    combo.setCurrentIndex(next(i for i in range(combo.count())
                               if combo.itemData(i).id == profile.id))
    return unlock_window(qtbot, window, DEMO_PASSPHRASE)


def _supervisor_stats(server, desk_id: str, day: dt.date) -> dict:
    with httpx.Client(base_url=server.url, headers={CLIENT_VERSION_HEADER: "0.1.0"}) as c:
        token = c.post("/api/v1/auth/login", json={
            "username": "supervisor", "password": server.password_of("supervisor"),
            "device_name": "county office"}).json()["access_token"]
        r = c.get(f"/api/v1/helpdesk/desks/{desk_id}/days/{day.isoformat()}/stats",
                  headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def volunteers(demo_server):
    first, error = enrol_demo_profile(demo_server, "volunteer1")
    assert error is None
    second, error = enrol_demo_profile(demo_server, "volunteer2")
    assert error is None
    return first, second


def test_two_volunteers_share_the_queue_switch_lock_and_sync(
        qtbot, demo_server, chinese_ui, volunteers, home_dir):
    first, second = volunteers
    window = AppWindow(AppSettings(last_profile_id=first.id))
    qtbot.addWidget(window)
    window.show()
    applicants = [("周小雨", valid_id(11), "13912345678", "周建军", "AB12CD34"),
                  ("吴晨", valid_id(13), "13800001111", "吴国强", "ZX98YU76")]
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = _desk_page(qtbot, shell)
        desk_id = page.shift.desk_id
        # Three walk-ins take tickets at the shared queue.
        for count, button in enumerate((page.first_button, page.renewal_button,
                                        page.first_button), start=1):
            _click(qtbot, button)
            qtbot.waitUntil(lambda n=count: page.ticket_list.count() == n, timeout=10_000)
        assert page.waiting_label.text() == "等候：3 人"
        first_case = _handle(qtbot, page, shell, name=applicants[0][0],
                             number=applicants[0][1], phone=applicants[0][2],
                             co=applicants[0][3], code=applicants[0][4])
        qtbot.waitUntil(lambda: page.ticket_list.count() == 2, timeout=10_000)
        qtbot.waitUntil(lambda: "共 1 人" in page.summary_label.text(), timeout=10_000)
        checklist, steps, minutes = shell.workspace.store.run(lambda s: (
            lambda c: (c.checklist, c.steps, c.minutes_spent))(s.get(HelpDeskCase, first_case)))
        assert len(checklist) >= 4 and all(checklist.values())
        assert steps["acceptance_certificate"] == "AB12CD34" and steps["contract_signed"]
        assert minutes >= 1
        _sync(qtbot, shell)

        # The second volunteer takes over the same laptop without closing the app.
        shell = _switch_to(qtbot, window, second)
        assert window.workspace.unlocked.profile.id == second.id
        page = _desk_page(qtbot, shell)
        qtbot.waitUntil(lambda: page.ticket_list.count() == 2, timeout=10_000)
        second_case = _handle(qtbot, page, shell, name=applicants[1][0],
                              number=applicants[1][1], phone=applicants[1][2],
                              co=applicants[1][3], code=applicants[1][4])
        _sync(qtbot, shell)
        # The day's summary: their own case, and the desk's total (both volunteers).
        qtbot.waitUntil(lambda: "本办理点今日共 2 人" in page.summary_label.text(),
                        timeout=10_000)
        assert "共 1 人" in page.summary_label.text()
        held = shell.workspace.store.run(lambda s: [c.id for c in s.scalars(
            select(HelpDeskCase).where(HelpDeskCase.desk_date == page.today))])
        assert held == [second_case]  # only their own case, never the colleague's
        assert shell.workspace.store.run(lambda s: s.scalar(
            select(func.count()).select_from(Outbox))) == 0

        # Idle: the shared laptop locks by itself (the volunteer's short idle lock).
        assert window.idle.minutes == 2
        with qtbot.waitSignal(window.locked, timeout=10_000) as locked:
            window.idle.set_timeout_ms(100)
        assert locked.args[0] == "idle" and window.shell is None
    finally:
        window.shutdown_now()

    # The supervisor's figures for the desk and day match the two cases.
    stats = _supervisor_stats(demo_server, desk_id, dt.date.today())
    assert stats["cases"] == 2 and stats["outcomes"] == {"accepted": 2}
    assert stats["loan_types"] == {"first": 1, "renewal": 1}
    assert stats["minutes_per_case"] is not None and stats["missing_documents"] == {}
    assert first_case != second_case
    # The ticket file beside the profiles: tickets only.
    text = (home_dir / "helpdesk-queue.json").read_text("utf-8")
    for name, number, phone, co, _code in applicants:
        assert name not in text and number not in text and phone not in text
        assert number[-6:] not in text and co not in text
    # The demo desk is real on the server, and no household or visit reached either store.
    from homevisit.workspace import Workspace

    for profile in volunteers:
        with Workspace.open(profile, DEMO_PASSPHRASE) as ws:
            counts = ws.store.run(lambda s: [s.scalar(select(func.count()).select_from(m))
                                             for m in (Household, Member, Visit, Assignment)])
        assert counts == [0, 0, 0, 0]
    assert HelpDesk is not None


def test_bad_input_gets_a_message_at_the_field_and_nothing_typed_is_lost(
        qtbot, demo_server, chinese_ui, volunteers):
    first, _second = volunteers
    window = AppWindow(AppSettings(last_profile_id=first.id))
    qtbot.addWidget(window)
    window.show()
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = _desk_page(qtbot, shell)
        for _ in range(2):
            _click(qtbot, page.first_button)
        qtbot.waitUntil(lambda: page.ticket_list.count() >= 2, timeout=10_000)
        with qtbot.waitSignal(page.case_opened, timeout=10_000):
            _click(qtbot, page.call_button)
        case = page.case
        qtbot.waitUntil(lambda: not case._loading, timeout=10_000)
        wrong = valid_id(21)[:17] + ("1" if valid_id(21)[17] != "1" else "2")
        _type(qtbot, case.field("student_name"), "郑一鸣")
        _type(qtbot, case.field("student_id_number"), wrong)
        # While typing, "18 characters"; once all 18 are in, the check character.
        qtbot.waitUntil(lambda: "校验位不符" in case.problem_text("student_id_number"),
                        timeout=10_000)
        _type(qtbot, case.field("step:acceptance_certificate"), "12-34")
        qtbot.waitUntil(lambda: "8 位数字或大写字母" in case.problem_text(
            "step:acceptance_certificate"), timeout=10_000)
        _choose(case.field("outcome"), "accepted")
        _saved(qtbot, shell)
        _click(qtbot, case.close_button)  # a first loan without a co-borrower
        qtbot.waitUntil(lambda: "首次贷款必须有共同借款人" in case.problem_text(
            "co_borrower_name"), timeout=10_000)
        assert page.case is case  # not closed
        # Nothing typed is lost: a new screen over the same case shows it all back.
        case.load()
        qtbot.wait(300)
        assert case.field("student_id_number").text() == wrong
        assert case.field("step:acceptance_certificate").text() == "12-34"
        assert case.field("student_name").text() == "郑一鸣"
        # The duplicate walk-in: the same student on another ticket today.
        case.field("student_id_number").clear()
        _type(qtbot, case.field("student_id_number"), valid_id(22))
        _type(qtbot, case.field("co_borrower_name"), "郑国")
        _choose(case.field("co_borrower_relation"), "father")
        _saved(qtbot, shell)
        with qtbot.waitSignal(case.closed, timeout=10_000):
            _click(qtbot, case.close_button)
        qtbot.waitUntil(page.call_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(page.case_opened, timeout=10_000):
            _click(qtbot, page.call_button)
        again = page.case
        qtbot.waitUntil(lambda: not again._loading, timeout=10_000)
        _type(qtbot, again.field("student_id_number"), valid_id(22))
        qtbot.waitUntil(lambda: again.duplicate.isVisible(), timeout=10_000)
        assert "该学生今天已在本机办理过" in again.duplicate.text()
        boxes = [b for b in again.findChildren(QCheckBox)]
        assert boxes  # the checklist is there to go on with
        # Locked in the middle of it: after the unlock the open case comes back.
        left_open = again.case_id
        with qtbot.waitSignal(window.locked):
            window.lock("user")
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = _desk_page(qtbot, shell)
        qtbot.waitUntil(lambda: page.case is not None and not page.case._loading,
                        timeout=10_000)
        assert page.case.case_id == left_open
        assert not page.call_button.isEnabled()  # one case at a time
    finally:
        window.shutdown_now()


def test_the_slip_holds_missing_documents_hours_and_a_masked_id_only(
        qtbot, demo_server, chinese_ui, volunteers, tmp_path):
    import subprocess
    import unicodedata

    from homevisit.model import AuditEvent

    first, _second = volunteers
    window = AppWindow(AppSettings(last_profile_id=first.id))
    qtbot.addWidget(window)
    window.show()
    try:
        shell = unlock_window(qtbot, window, DEMO_PASSPHRASE)
        page = _desk_page(qtbot, shell)
        _click(qtbot, page.first_button)
        qtbot.waitUntil(lambda: page.ticket_list.count() == 1, timeout=10_000)
        with qtbot.waitSignal(page.case_opened, timeout=10_000) as opened:
            _click(qtbot, page.call_button)
        case = page.case
        qtbot.waitUntil(lambda: not case._loading, timeout=10_000)
        number = valid_id(31)
        _type(qtbot, case.field("student_name"), "钱多多")
        _type(qtbot, case.field("student_id_number"), number)
        _type(qtbot, case.field("student_phone"), "13700002222")
        _choose(case.field("student_status"), "new")
        # A new student's list: the admission letter, no student card.
        qtbot.waitUntil(lambda: "student_card_or_report" not in case.item_boxes,
                        timeout=10_000)
        _click(qtbot, case.item_boxes["application_form"])
        _saved(qtbot, shell)
        out = tmp_path / "slip.pdf"
        with qtbot.waitSignal(page.slip_saved, timeout=20_000):
            page.save_slip(opened.args[0], out)  # unlocked a moment ago: passphrase fresh
        text = unicodedata.normalize("NFKC", subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
        # The PDF module's own font: 户 copies out as 户 (Qt's fallback font gave 戶).
        assert "录取通知书" in text and "户口簿原件" in text and "借款合同申请表" not in text
        assert "08:30-17:00" in text and number[:4] + "**********" + number[-4:] in text
        for secret in ("钱多多", number, "13700002222"):
            assert secret not in text and secret not in out.read_bytes().decode("latin-1")
        actions = shell.workspace.store.run(lambda s: [
            (e.action, e.detail.get("kind")) for e in s.scalars(select(AuditEvent))])
        assert ("export", "helpdesk_slip") in actions
    finally:
        window.shutdown_now()
