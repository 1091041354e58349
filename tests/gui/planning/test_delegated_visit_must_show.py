"""Issue 19's Must show for joint and delegated visits and proposed households, with a real
server on loopback and the real widgets (four profiles on one laptop, each its own
encrypted store).

委托家访: the home county's supervisor asks another county's office from the Requests page;
that office accepts and names one of its counselors; the counselor syncs, visits in the
wizard and submits; the visit reaches the DELEGATING supervisor's review queue, names every
visitor and the delegating office; after approval the delegate's next sync takes the
household off their laptop.

提议新家庭: a counselor proposes a family offline (consent before anything else), syncs;
the supervisor accepts one proposal (it becomes an assigned household on the counselor's
laptop at the next sync) and declines another with a reason the counselor then reads.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.gui.planning.delegation_dialogs import (
    DelegationAnswerDialog,
    DelegationRequestDialog,
)
from homevisit.gui.planning.proposal_dialogs import ProposalDecisionDialog, ProposalDialog
from homevisit.gui.planning.requests_page import RequestsPage
from homevisit.gui.qt import (
    QAbstractButton,
    QCoreApplication,
    QInputMethodEvent,
    QPoint,
    QPushButton,
    Qt,
)
from homevisit.gui.review.queue_model import ROW_ROLE
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.kdf import FLOOR
from homevisit.model import Delegation, Household, Outbox, Proposal, Visit
from homevisit.protocol.vocabulary import DelegationStatus, FlagDecision, ProposalStatus
from homevisit.review import decisions
from homevisit.review.view_model import review_view
from homevisit.server import models as server
from homevisit.server.users import add_region, add_team
from homevisit.store import Store
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.workspace import Workspace
from tests.gui.visit.test_visit_sync_review import record_visit
from tests.gui.visit.test_whole_visit import open_wizard
from tests.sync.synckit import FAST_RETRY, Central


@pytest.fixture
def central(tmp_path):
    server_ = Central.start(tmp_path / "central")
    with server_.services.sessions.begin() as s:  # another county with its own aid office
        add_region(s, "320322", "沛县", "320300")
        add_team(s, "team-b", "320322")
    yield server_
    server_.stop()


@pytest.fixture
def open_profile(_isolated_home):
    opened: list[Workspace] = []

    def make(name: str) -> Workspace:
        passphrase = f"{name} passphrase 2026"
        made = profiles.create_profile(name, passphrase, kdf_params=FLOOR)
        with profiles.unlock(made, passphrase) as unlocked:
            Store.open(made.store_path, bytes(unlocked.key), create=True).close()
        opened.append(Workspace.open(made, passphrase))
        return opened[-1]

    yield make
    for ws in opened:
        ws.close()


def _user(central: Central, role: str, username: str, team: str) -> None:
    from homevisit.protocol.admin import UserCreate
    from homevisit.protocol.vocabulary import Role
    from homevisit.server.users import create_user

    password = f"pw-{username}-secret"
    with central.services.sessions.begin() as s:
        create_user(s, central.services.passwords, UserCreate(
            username=username, password=password, role=Role(role), team=team))
    central.users[username] = password


class Device:
    """A profile enrolled with the central server, synced the way the app does."""

    def __init__(self, central: Central, ws: Workspace, username: str) -> None:
        enrolment = enrol(central.url, username, central.users[username], f"{username}-pc")
        ws.store.run(lambda s: save_enrolment(s, enrolment))
        self.ws, self.username = ws, username
        self.engine = SyncEngine(ws.store, ws.vault, retry=FAST_RETRY)

    def sync(self) -> None:
        result = self.engine.run()
        assert result.error is None and result.rejected == 0, result
        self.ws.reload_account()


def _click(qtbot, widget) -> None:
    assert widget is not None and widget.isEnabled(), widget.objectName()
    if isinstance(widget, QAbstractButton) and widget.isCheckable() and \
            not isinstance(widget, QPushButton):
        # A check box's hit area is its box and text, not the middle of a wide row.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                         pos=QPoint(6, widget.height() // 2))
        return
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type(widget, text: str) -> None:
    """Chinese text as an input method commits it (QTest synthesises ASCII keys only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def _page(qtbot, device: Device) -> RequestsPage:
    page = RequestsPage(device.ws, device.ws.account)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def _select_row(qtbot, table, row: int) -> None:
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _dialog(qtbot, page, kind):
    qtbot.waitUntil(lambda: isinstance(getattr(page, "dialog", None), kind), timeout=10_000)
    qtbot.waitExposed(page.dialog)
    return page.dialog


def test_delegated_visit_reaches_the_delegating_queue_and_access_ends_at_approval(
        qtbot, central, open_profile, tmp_path):
    _user(central, "counselor", "teacher-li", "team-a")
    _user(central, "supervisor", "office-feng", "team-a")  # 丰县资助中心
    _user(central, "supervisor", "office-pei", "team-b")  # 沛县资助中心
    _user(central, "counselor", "teacher-wang", "team-b")
    household_id = central.household("teacher-li", address="欢口镇东村 1 号")
    feng = Device(central, open_profile("丰县督导"), "office-feng")
    pei = Device(central, open_profile("沛县督导"), "office-pei")
    wang = Device(central, open_profile("王老师"), "teacher-wang")
    try:
        for device in (feng, pei, wang):
            device.sync()
        assert wang.ws.store.run(lambda s: s.get(Household, household_id)) is None

        # --- 丰县 asks 沛县 to visit on its behalf (委托家访) -------------------------------
        page = _page(qtbot, feng)
        _click(qtbot, page.delegate_button)
        dialog = _dialog(qtbot, page, DelegationRequestDialog)
        assert dialog.household.currentData() == household_id
        assert dialog.household.currentText() == "欢口镇东村 1 号"
        _click(qtbot, dialog.action)  # nobody named yet: refused, in words, dialog open
        qtbot.waitUntil(lambda: "用户名" in dialog.message.text(), timeout=5_000)
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.delegate, "office-pei")
        _type(dialog.note, "该生家庭现暂住沛县")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            _click(qtbot, dialog.action)
        feng.sync()

        # --- 沛县 gets the request (not the family's data), accepts, names its counselor -----
        pei.sync()
        assert pei.ws.store.run(lambda s: s.get(Household, household_id)) is None
        page = _page(qtbot, pei)
        assert page.delegation_table.rowCount() == 1
        assert page.delegation_table.item(0, 3).text() == "office-feng · team-a"
        assert page.delegation_table.item(0, 5).text() == "该生家庭现暂住沛县"
        _select_row(qtbot, page.delegation_table, 0)
        _click(qtbot, page.answer_button)
        answer = _dialog(qtbot, page, DelegationAnswerDialog)
        qtbot.keyClicks(answer.assignee, "teacher-wang")
        with qtbot.waitSignal(answer.saved, timeout=10_000):
            _click(qtbot, answer.action)
        pei.sync()

        # --- 王老师 (沛县) visits in the wizard and submits ----------------------------------
        wang.sync()
        assert wang.ws.store.run(lambda s: s.get(Household, household_id)) is not None
        wizard, c = open_wizard(qtbot, wang.ws, household_id)
        record_visit(qtbot, c, tmp_path)
        with qtbot.waitSignal(wizard.finalized, timeout=10_000):
            c.finalize()
        visit_id = wizard.snapshot.visit_id
        wizard.close()
        wang.sync()
        with central.services.sessions() as s:
            stored = s.get(server.Visit, visit_id)
            assert stored.status == "submitted" and stored.counselor == "teacher-wang"
            assert stored.delegated_by_office == "team-a"
            assert stored.visitors == ["teacher-wang"]

        # --- 沛县 holds the household but the visit is not in its review queue ---------------
        pei.sync()
        assert pei.ws.store.run(lambda s: s.get(Visit, visit_id)) is not None
        theirs = ReviewPage(pei.ws, pei.ws.account)
        qtbot.addWidget(theirs)
        theirs.show()
        with qtbot.waitSignal(theirs.queue_shown, timeout=10_000):
            theirs.refresh()
        assert theirs.model.rowCount() == 0

        # --- it reaches 丰县's review queue; 丰县 decides the flag and approves -------------
        feng.sync()
        queue = ReviewPage(feng.ws, feng.ws.account)
        qtbot.addWidget(queue)
        queue.show()
        with qtbot.waitSignal(queue.queue_shown, timeout=10_000):
            queue.refresh()
        qtbot.waitUntil(lambda: queue.model.rowCount() == 1
                        and queue.model.index(0, 0).data(ROW_ROLE) is not None, timeout=5_000)
        row = queue.model.index(0, 0).data(ROW_ROLE)
        assert (row.visit_id, row.status) == (visit_id, "submitted")
        view = feng.ws.store.run(lambda s: review_view(s, visit_id))
        assert view.visitors == ("teacher-wang",) and view.delegated_by_office == "team-a"
        for flag_id in feng.ws.store.run(lambda s: decisions.undecided_in(s, visit_id)):
            feng.ws.store.run(lambda s, f=flag_id: decisions.decide_flag_in(
                s, f, FlagDecision.DISMISS, "已核实：父亲为村委会临时工", actor="office-feng"))
        feng.ws.store.run(lambda s: decisions.approve_in(s, visit_id, actor="office-feng"))
        feng.sync()
        with central.services.sessions() as s:
            assert s.get(server.Visit, visit_id).status == "approved"
            assert s.scalar(select(server.Delegation.status)) == DelegationStatus.ENDED

        # --- 王老师's next sync: the household is gone from the laptop ----------------------
        wang.sync()

        def held(session):
            return (session.get(Household, household_id),
                    session.scalars(select(Visit.id).where(
                        Visit.household_id == household_id)).all(),
                    session.scalars(select(Delegation.id)).all())

        assert wang.ws.store.run(held) == (None, [], [])
        ended = feng.ws.store.run(lambda s: s.scalar(select(Delegation.status)))
        assert ended == DelegationStatus.ENDED
    finally:
        qtbot.wait(10)  # let queued deliveries of the closed pages run before teardown


def test_proposed_household_is_accepted_into_assignments_or_declined_with_a_reason(
        qtbot, central, open_profile):
    _user(central, "counselor", "teacher-li", "team-a")
    _user(central, "supervisor", "office-feng", "team-a")
    li = Device(central, open_profile("李老师"), "teacher-li")
    feng = Device(central, open_profile("丰县督导"), "office-feng")
    li.sync()
    feng.sync()

    # --- offline: the counselor proposes two families, consent before anything else -------
    page = _page(qtbot, li)
    for address, contact in (("欢口镇西村 5 号", "李桂英"), ("欢口镇北村 8 号", "张秀兰")):
        _click(qtbot, page.propose_button)
        dialog = _dialog(qtbot, page, ProposalDialog)
        assert not dialog.details.isEnabled() and not dialog.action.isEnabled()
        _click(qtbot, dialog.explained)
        assert not dialog.details.isEnabled()  # the family's agreement too
        _click(qtbot, dialog.agrees)
        assert dialog.details.isEnabled() and dialog.action.isEnabled()
        qtbot.keyClicks(dialog.region, "320321")
        _type(dialog.address, address)
        _click(qtbot, dialog.action)  # no contact yet: refused, everything typed stays
        qtbot.waitUntil(lambda d=dialog: "联系人姓名" in d.message.text(), timeout=5_000)
        assert dialog.isVisible() and dialog.address.text() == address
        _type(dialog.contact, contact)
        dialog.reasons[next(iter(dialog.reasons))].click()
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            _click(qtbot, dialog.action)
        page.dialog = None
    queued = li.ws.store.run(lambda s: s.scalars(select(Outbox.entity).where(
        Outbox.entity == "proposal")).all())
    assert len(queued) == 2  # waiting on the laptop until the next sync
    li.sync()

    # --- the supervisor accepts one and declines the other with a reason ------------------
    feng.sync()
    desk = _page(qtbot, feng)
    assert desk.proposal_table.rowCount() == 2
    for choice in ("accept", "decline"):
        qtbot.waitUntil(lambda: desk.proposal_table.rowCount() >= 1, timeout=5_000)
        _select_row(qtbot, desk.proposal_table, 0)
        target = desk.selected_proposal()
        _click(qtbot, desk.decide_button)
        decision = _dialog(qtbot, desk, ProposalDecisionDialog)
        if choice == "decline":
            radio = decision.decline_button  # its label, where a user clicks
            qtbot.mouseClick(radio, Qt.MouseButton.LeftButton,
                             pos=QPoint(radio.height() // 2, radio.height() // 2))
            assert radio.isChecked()
            _click(qtbot, decision.action)  # no reason: refused in words
            qtbot.waitUntil(lambda d=decision: "原因" in d.message.text(), timeout=5_000)
            assert decision.isVisible()
            _type(decision.reason, "已在低保名单，由乡镇跟进")
        with qtbot.waitSignal(decision.saved, timeout=10_000):
            _click(qtbot, decision.action)
        desk.dialog = None
        if choice == "accept":
            accepted_address = target.address
        qtbot.waitUntil(lambda t=target: all(p.id != t.id for p in desk.proposals
                                             if p.status == ProposalStatus.PROPOSED),
                        timeout=5_000)
    feng.sync()

    # --- the counselor's next sync: an assigned household, and the reason -----------------
    li.sync()
    households = li.ws.store.run(lambda s: [(h.address, h.assigned_counselor)
                                            for h in s.scalars(select(Household))])
    assert households == [(accepted_address, "teacher-li")]
    mine = _page(qtbot, li)
    rows = {mine.proposal_table.item(r, 0).text(): mine.proposal_table.item(r, 5).text()
            for r in range(mine.proposal_table.rowCount())}
    declined = next(a for a in rows if a != accepted_address)
    assert rows[declined] == "已在低保名单，由乡镇跟进"
    statuses = li.ws.store.run(lambda s: sorted(str(p.status) for p in s.scalars(
        select(Proposal))))
    assert statuses == ["accepted", "declined"]
