"""A counselor's day in the real app window, in one continuous flow (issue 6, Must show):
unlock → find a household by the guardian's pinyin initials → open it and start the visit →
every wizard step (an imported photo with a black-box redaction, drawn signatures) →
finalize → sync with the demo server on loopback → a supervisor returns the visit over
HTTP → sync → the household's detail shows it returned → revise in the wizard → finalize →
sync → the server has the visit submitted again as version 2.

Everything the counselor does goes through the app's own widgets (keyClicks, mouse clicks,
drags); only the supervisor, who works on the server, uses HTTP directly.

The households list's 家访状态 column and "returned" filter read ``Household.visit_status``;
the sync's pull keeps it in step with the visit's server status, which step 7 checks.
"""

from __future__ import annotations

import httpx
from pypinyin import Style, lazy_pinyin
from sqlalchemy import select

from homevisit.app_settings import AppSettings
from homevisit.demo.server import DEMO_PASSPHRASE, enrol_demo_profile
from homevisit.gui.households.model import ROW_ROLE
from homevisit.gui.qt import Qt
from homevisit.gui.visit.wizard import VisitWizard
from homevisit.gui.window import AppWindow
from homevisit.model import Household, Member
from homevisit.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.sync.enrol import enrol
from tests.gui.visit.driver import Counselor
from tests.gui.visit.test_whole_visit import add_redacted_photo, explain_flags, sign

COUNSELOR = "counselor3"  # the other GUI tests enrol counselor1 and counselor2
RETURNED_WORDS = ("Returned", "退回")


def _click(qtbot, widget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _tab(qtbot, shell, page) -> None:
    """Click the page's tab (我的家访 / 同步) in the shell's tab bar."""
    bar = shell.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(shell.tabs.indexOf(page)).center())
    assert shell.tabs.currentWidget() is page


def _step(qtbot, c: Counselor, page_id: str) -> None:
    """Click a step in the wizard's step list, as the counselor jumps to it."""
    steps = c.wizard.step_list
    item = steps.item(c.wizard.pages.index(c.wizard.page(page_id)))
    steps.scrollToItem(item)
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton,
                     pos=steps.visualItemRect(item).center())
    assert c.wizard.current_page().id == page_id


def _rows(page) -> list:
    model = page.model
    return [model.data(model.index(r, 0), ROW_ROLE) for r in range(model.rowCount())]


def _row_of(page, household_id: str) -> int | None:
    for number, row in enumerate(_rows(page)):
        if row is not None and row.id == household_id:
            return number
    return None


def _sync_in_app(qtbot, shell) -> object:
    """Press 同步 → 立即同步 as the counselor would and wait for the run to end cleanly."""
    qtbot.waitUntil(lambda: shell.bridge._service is not None and not shell.bridge.running,
                    timeout=15_000)
    _tab(qtbot, shell, shell.sync_page)
    with qtbot.waitSignal(shell.bridge.finished, timeout=30_000) as finished:
        _click(qtbot, shell.sync_page.sync_button)
    result = finished.args[0]
    assert result.error is None and result.rejected == 0, result
    _tab(qtbot, shell, shell.households)
    return result


def _open_detail(qtbot, shell, household_id: str):
    """Click the household's row in the list, then 打开; wait for the detail to load."""
    page = shell.households
    qtbot.waitUntil(lambda: _row_of(page, household_id) is not None, timeout=10_000)
    index = page.model.index(_row_of(page, household_id), 0)
    page.table.scrollTo(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(index).center())
    assert page.table.currentIndex().row() == index.row()
    _click(qtbot, page.open_button)
    detail = shell._detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    return detail


def _visit_from_detail(qtbot, shell, detail) -> tuple[VisitWizard, Counselor]:
    """Press 开始家访 / 继续家访 in the detail; wait for the wizard to load the visit."""
    _click(qtbot, detail.visit_button)
    wizard = shell._visit
    assert isinstance(wizard, VisitWizard)
    qtbot.waitUntil(lambda: wizard.snapshot is not None and wizard.isEnabled(), timeout=10_000)
    wizard.resize(1200, 820)
    return wizard, Counselor(qtbot, wizard)


def _family(workspace, household_id: str) -> dict[str, Member]:
    """The household's members by name: what the counselor reads off the 户口本."""
    return workspace.store.run(lambda s: {m.name: m for m in s.scalars(
        select(Member).where(Member.household_id == household_id))})


def _form_relation(member: Member) -> str:
    return member.relation  # the demo county uses the form's relation codes


def _record_visit(c: Counselor, tmp_path, family: dict[str, Member]) -> None:
    """Every step of the form, for a demo household (its roster comes from the server)."""
    student = next(m for m in family.values() if m.relation == "self")
    c.choose("consent.visit_mode", "home")
    c.type("consent.student_id_number", student.id_number)
    c.choose("consent.notice_version", "notice-2025-1")
    c.answer("consent.notice_explained", True)
    c.tick("consent.consent_choices", "basic_information", "document_photos")
    c.answer("consent.roster_check_authorised", False)
    c.answer("consent.guardian_signed", True)
    sign(c, "consentSignature")
    c.next()
    c.choose("household.residence_type", "rural")
    c.answer("household.parents_divorced", False)
    c.next()
    roster = c.wizard.page("members").step.rosters["people"]
    for index in range(len(roster.items)):
        member = family[c.row(f"members.people.{index}.name").editor.line.text()]
        relation = _form_relation(member)
        c.choose(f"members.people.{index}.relation", relation)
        c.choose(f"members.people.{index}.life_status", "living")
        c.choose(f"members.people.{index}.health", "healthy")
        if relation in ("father", "mother"):
            c.choose(f"members.people.{index}.custody", "custodial")
            c.choose(f"members.people.{index}.occupation", "farmer")
    c.next()
    for field, amount in (("wages", "24000"), ("farming", "6000"), ("business", "0")):
        c.type(f"income.{field}", amount)
    c.next()
    c.type("expenses.medical", "1000")
    c.type("expenses.education", "2500")
    c.next()
    c.choose("housing.housing_type", "own_dilapidated")
    for field in ("has_car", "has_registered_business", "has_second_house"):
        c.answer(f"housing.{field}", False)
    c.next()
    c.answer("special_situations.student_disability", False)
    c.next()
    c.tick("policies.explained", "student_loan")
    c.next()
    c.type("observations.observations", "房屋年久失修，学生独立完成作业，待人有礼。")
    c.next()
    assert c.wizard.current_page().id == "documents"
    add_redacted_photo(c, tmp_path)  # imported file, black box dragged over part of it
    c.next()
    c.choose("recommendation.level", c.wizard.score_box.suggested)
    c.answer("recommendation.counselor_signed", True)
    c.next()
    assert c.wizard.current_page().id == "signatures"
    sign(c, "guardianSignature")  # drawn with the mouse on the pad
    sign(c, "visitorSignature")
    explain_flags(c)  # any flag the answers or the roster raised gets its explanation
    c.next()


def _finalize(qtbot, c: Counselor) -> None:
    assert c.wizard.current_page().id == "finalize"
    button = c.wizard.finalize_page.button
    try:
        qtbot.waitUntil(button.isEnabled, timeout=5_000)
    except qtbot.TimeoutError:  # say what the finalize page tells the counselor is missing
        raise AssertionError(c.wizard.finalize_page.summary.text() + "\n"
                             + _unfinished(c.wizard.state)) from None
    with qtbot.waitSignal(c.wizard.finalized, timeout=10_000):
        c.finalize()


def _unfinished(state) -> str:
    """Required fields left empty and error messages, by path (for a failure message)."""
    lines = [m.path + ": " + m.text.zh for m in state.messages if m.severity == "error"]
    for step in state.steps:
        for f in step.fields:
            for item in f.items:
                lines += [g.path + " unanswered" for g in item.fields
                          if g.required and not g.answered]
            if f.required and not f.answered and not f.items:
                lines.append(f.path + " unanswered")
    return "\n".join(lines)


def _server_visit(url: str, token: str, visit_id: str) -> dict:
    answer = httpx.get(f"{url}/api/v1/review/visits/{visit_id}",
                       headers={"Authorization": f"Bearer {token}",
                                PROTOCOL_HEADER: PROTOCOL_VERSION})
    assert answer.status_code == 200, answer.text
    return answer.json()["visit"]


def test_a_counselors_day_in_the_real_window(qtbot, demo_server, tmp_path):
    profile, error = enrol_demo_profile(demo_server, COUNSELOR)
    assert error is None
    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    try:
        # 1. Unlock: type the passphrase on the app's start screen and press 解锁.
        screen = window.unlock_screen
        assert screen.selected_profile().id == profile.id
        qtbot.keyClicks(screen.passphrase, DEMO_PASSPHRASE)
        with qtbot.waitSignal(window.unlocked_shell, timeout=15_000):
            _click(qtbot, screen.unlock_button)
        shell = window.shell
        page = shell.households

        # 2. Find a household by its guardian's pinyin initials, typed in the search box.
        qtbot.waitUntil(lambda: page.model.rowCount() > 0
                        and all(r is not None for r in _rows(page)), timeout=10_000)
        everyone = page.model.rowCount()
        target = next(r for r in _rows(page) if r.visit_status is None and r.guardian)
        initials = "".join(lazy_pinyin(target.guardian, style=Style.FIRST_LETTER))
        assert initials.isascii() and len(initials) >= 2
        with qtbot.waitSignal(page.list_shown, timeout=5_000):
            qtbot.keyClicks(page.search, initials)
        qtbot.waitUntil(lambda: _row_of(page, target.id) is not None, timeout=5_000)
        assert page.model.rowCount() < everyone  # the search narrowed the list

        # 3. Open the household and start the visit from its detail; 4. every step.
        detail = _open_detail(qtbot, shell, target.id)
        assert detail.visits.rowCount() == 0  # never visited
        wizard, c = _visit_from_detail(qtbot, shell, detail)
        assert wizard.current_page().id == "consent"
        _record_visit(c, tmp_path, _family(shell.workspace, target.id))
        _finalize(qtbot, c)
        visit_id = wizard.snapshot.visit_id
        wizard.close()

        # 5. Sync through the app: the visit reaches the server as submitted version 1.
        result = _sync_in_app(qtbot, shell)
        assert result.pushed > 0
        supervisor = enrol(demo_server.url, "supervisor", demo_server.password_of("supervisor"),
                           "office")
        token = supervisor.tokens.access
        on_server = _server_visit(demo_server.url, token, visit_id)
        assert (on_server["status"], on_server["version"]) == ("submitted", 1)

        # 6. The supervisor returns it with a comment, over real HTTP.
        answer = httpx.post(
            f"{demo_server.url}/api/v1/review/visits/{visit_id}/decision",
            headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: PROTOCOL_VERSION},
            json={"decision": "return", "version": 1,
                  "comments": [{"field": "income.wages", "text": "请补充工资收入证明"}]})
        assert answer.status_code == 200, answer.text

        # 7. Sync again in the app: the household's detail shows the visit returned, and the
        # household's own status (what the list's column and "returned" filter read) follows.
        _sync_in_app(qtbot, shell)
        detail = _open_detail(qtbot, shell, target.id)
        shown = detail.visits.item(0, 0).text()
        assert any(w in shown for w in RETURNED_WORDS), shown
        assert detail.visits.item(0, 1).text() == "1"
        listed = page._workspace.store.run(lambda s: s.get(Household, target.id).visit_status)
        assert listed == "returned"

        # 8. Revise: 继续家访 from the detail; the wizard shows the supervisor's comment.
        wizard, c = _visit_from_detail(qtbot, shell, detail)
        assert any(w in wizard.status_badge.text() for w in RETURNED_WORDS)
        assert "请补充工资收入证明" in wizard.review_notes.text()
        assert wizard.page("income").step.isEnabled()  # reopened for revision
        _step(qtbot, c, "documents")
        add_redacted_photo(c, tmp_path)  # the proof the supervisor asked for
        _step(qtbot, c, "finalize")
        _finalize(qtbot, c)
        assert wizard.snapshot.status.value == "revised" and wizard.snapshot.version == 2
        wizard.close()

        # 9. Sync: the server has the visit submitted again, as version 2.
        _sync_in_app(qtbot, shell)
        on_server = _server_visit(demo_server.url, token, visit_id)
        assert (on_server["status"], on_server["version"]) == ("submitted", 2)
    finally:
        window.shutdown_now()
