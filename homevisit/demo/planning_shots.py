"""Screens of joint and delegated visits and proposed households (issue 19) for
``homevisit screenshots``: the Requests page of a counselor and of a supervisor, the proposal
dialog before and after consent, asking for a joint or delegated visit, answering one, and
the supervisor's decision on a proposal. Nothing is saved: the dialogs close unsaved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from homevisit.gui.qt import QWidget
    from homevisit.gui.shell import MainShell

Shot = Callable[["QWidget", str], None]
Wait = Callable[..., None]


def _requests_page(shell: MainShell, wait: Wait) -> Any:
    page = shell.requests_page
    assert page is not None
    shell.tabs.setCurrentWidget(page)
    page.load()
    wait(lambda: page.delegation_table.rowCount() + page.proposal_table.rowCount() > 0, 10)
    return page


def counselor_screens(window: QWidget, shell: MainShell, shot: Shot, wait: Wait) -> None:
    """The counselor's Requests page, proposing a family, asking a colleague, answering."""
    from homevisit.gui.planning.delegation_dialogs import (
        DelegationAnswerDialog,
        DelegationRequestDialog,
    )
    from homevisit.gui.planning.proposal_dialogs import ProposalDialog
    from homevisit.protocol.vocabulary import DelegationKind, ProposalReason

    page = _requests_page(shell, wait)
    page.delegation_table.selectRow(0)
    shot(window, "requests-counselor")
    dialog = ProposalDialog(shell.workspace, "counselor1", "320321101", window)
    dialog.show()
    shot(dialog, "proposal-consent-first")
    dialog.explained.setChecked(True)
    dialog.agrees.setChecked(True)
    dialog.address.setText("丰县欢口镇王庄 23 号")
    dialog.contact.setText("王秀英")
    dialog.relation.setCurrentIndex(dialog.relation.findData("mother"))
    dialog.reasons[ProposalReason.SUDDEN_HARDSHIP].setChecked(True)
    dialog.reasons[ProposalReason.LOST_INCOME].setChecked(True)
    dialog.note.setPlainText("父亲外出务工受伤，暂无收入；家中未在任何名单上。")
    shot(dialog, "proposal-filled")
    dialog.close()
    row = page.delegations[0] if page.delegations else None
    if row is not None:
        ask = DelegationRequestDialog(shell.workspace, "counselor1",
                                      [(row.household_id, row.address)],
                                      (DelegationKind.JOINT, DelegationKind.INSTEAD), window)
        ask.delegate.setText("counselor3")
        ask.note.setPlainText("请一同上门，核实住房情况")
        ask.show()
        shot(ask, "delegation-request")
        ask.close()
        answer = DelegationAnswerDialog(shell.workspace, row.delegate, row, window)
        answer.show()
        shot(answer, "delegation-answer")
        answer.close()


def supervisor_screens(window: QWidget, shell: MainShell, shot: Shot, wait: Wait) -> None:
    """The supervisor's Requests page, a proposal to decide, and 委托家访 to another office."""
    from homevisit.gui.planning.delegation_dialogs import DelegationRequestDialog
    from homevisit.gui.planning.proposal_dialogs import ProposalDecisionDialog
    from homevisit.protocol.vocabulary import DelegationKind

    page = _requests_page(shell, wait)
    if page.proposals:
        page.proposal_table.selectRow(0)
    shot(window, "requests-supervisor")
    if page.proposals:
        decide = ProposalDecisionDialog(shell.workspace, "supervisor", page.proposals[0],
                                        window)
        decide.show()
        shot(decide, "proposal-decision")
        decide.close()
    households = [(d.household_id, d.address) for d in page.delegations][:1]
    if households:
        office = DelegationRequestDialog(shell.workspace, "supervisor", households,
                                         (DelegationKind.OFFICE,), window)
        office.delegate.setText("peixian-office")
        office.note.setPlainText("该生家庭现暂住沛县，请沛县资助中心代为家访")
        office.show()
        shot(office, "delegation-office")
        office.close()
