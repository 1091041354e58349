"""The supervisor's decision dialogs in the screenshot run (issue 15): return with a field
comment, dismiss a flag with its reason, raise a flag — on a submitted visit of the demo
county, in the supervisor's own profile. Nothing is decided: each dialog is shown, rendered
and closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from homevisit.demo.server import DEMO_PASSPHRASE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from homevisit.gui.qt import QWidget


def _submitted_with_flags(session: Session) -> tuple[str, dict[str, Any], str] | None:
    from sqlalchemy import select

    from homevisit.model import Flag, Visit
    from homevisit.protocol.vocabulary import UNDECIDED_FLAGS

    for visit in session.scalars(select(Visit).where(Visit.status == "submitted")
                                 .order_by(Visit.started_at.desc())):
        flag = session.scalars(select(Flag.id).where(
            Flag.visit_id == visit.id, Flag.status.in_(UNDECIDED_FLAGS))).first()
        if flag is not None:
            return visit.id, dict(visit.answers or {}), flag
    return None


def decision_dialog_screens(parent: QWidget, profile_name: str,
                            shot: Callable[[QWidget, str], None],
                            wait: Callable[[Callable[[], object]], None]) -> None:
    from homevisit.gui.review.decision_dialogs import (
        FlagDecisionDialog,
        RaiseFlagDialog,
        ReturnDialog,
    )
    from homevisit.protocol.vocabulary import FlagDecision
    from homevisit.review.anchors import anchor_of_path
    from homevisit.workspace import Workspace

    with Workspace.open(profile_name, DEMO_PASSPHRASE) as ws:
        found = ws.store.run(_submitted_with_flags)
        if found is None:
            return
        visit_id, answers, flag_id = found
        back = ReturnDialog(ws, visit_id, parent)
        back.add_comment(anchor_of_path(answers, "members.people.0.occupation"),
                         "家庭成员 · 职业 · 第 1 位成员", "职业与单位请再核实（是否在编）")
        back.whole.setPlainText("请补拍住房的室内照片。")
        back.show()
        shot(back, "review-return-dialog")
        back.close()
        decide = FlagDecisionDialog(ws, flag_id, FlagDecision.DISMISS, parent)
        decide.show()
        wait(lambda: decide.action.isEnabled())
        decide.reason.setPlainText("公司已于 2024 年注销，营业执照注销证明已核验。")
        shot(decide, "review-flag-dismiss-dialog")
        decide.close()
        raise_flag = RaiseFlagDialog(ws, visit_id, parent)
        raise_flag.show()
        wait(lambda: raise_flag.member.count() > 1)
        raise_flag.member.setCurrentIndex(1)
        raise_flag.reason.setPlainText("工商登记显示其为某合作社理事长。")
        shot(raise_flag, "review-raise-flag-dialog")
        raise_flag.close()


def returned_visit_screen(shell: Any, shot: Callable[[QWidget, str], None],
                          wait: Callable[[Callable[[], object]], None]) -> None:
    """The counselor's wizard on the demo's returned visit: the supervisor's comment next
    to the member's field it is about, with its answer box."""
    from sqlalchemy import select

    from homevisit.model import Visit

    household_id = shell.workspace.store.run(lambda s: s.scalars(
        select(Visit.household_id).where(Visit.status == "returned")).first())
    if household_id is None:
        return
    shell.start_visit(household_id)
    wizard = shell._visit
    wait(lambda: wizard is not None and wizard.session is not None)
    notes = wizard.comment_notes.notes.values()
    at_field = next((n for n in notes if n.comment.anchor.member_id), None)
    if at_field is None:
        return
    wizard.go_to_page("members")
    wait(lambda: at_field.button.height() > 0)
    scroll = wizard.stack.currentWidget()
    scroll.ensureWidgetVisible(at_field, 20, 20)
    shot(wizard, "visit-returned-comment-at-field")
    wizard.close()
