"""The supervisor's decision dialogs driven like a user drives them, on a real encrypted
profile holding a submitted visit with two flags: return with a whole-visit and a field
comment; dismiss a flag (the reason is required, and a missing one is said in the dialog
without losing anything); confirm one; raise a flag on a member."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from homevisit.gui.qt import QPoint, Qt
from homevisit.gui.review.decision_dialogs import (
    FlagDecisionDialog,
    RaiseFlagDialog,
    ReturnDialog,
)
from homevisit.model import (
    Account,
    Flag,
    FlagCategory,
    FlagRuling,
    FlagSource,
    FlagStatus,
    Household,
    Member,
    Outbox,
    Review,
    Visit,
    VisitStatus,
    VisitVersion,
)
from homevisit.protocol.records import Entity
from homevisit.review.anchors import CommentAnchor


@pytest.fixture
def submitted(workspace, chinese_ui) -> dict[str, str]:
    """What a supervisor's device holds after a sync: a submitted visit, two flags."""

    def seed(session) -> dict[str, str]:
        session.add(Account(id=1, user_id=3, username="office-zhang", display_name="张主任",
                            role="supervisor", team="team-a", region_code="320826"))
        household = Household(region_code="320826", address="涟水县红窑镇1号", rev=2)
        father = Member(household=household, name="王大山", relation="father",
                        is_guardian=True, rev=1)
        mother = Member(household=household, name="李秀英", relation="mother", rev=1)
        session.add_all([household, father, mother])
        session.flush()
        content = {"mode": "home", "started_at": dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
                   "answers": {"members": {"people": [{"_id": father.id, "occupation": "x"},
                                                      {"_id": mother.id}]}}}
        visit = Visit(household_id=household.id, status=VisitStatus.SUBMITTED, version=1,
                      rev=2, **content)
        session.add(visit)
        session.add(VisitVersion(visit_id=visit.id, household_id=household.id, version=1,
                                 rev=1, **content))
        flags = {}
        for name, member, status, note in (
                ("open", father, FlagStatus.OPEN, None),
                ("explained", mother, FlagStatus.EXPLAINED, "已退休多年，退休证已看")):
            flag = Flag(household_id=household.id, visit_id=visit.id, member_id=member.id,
                        source=FlagSource.DEVICE, rule_id="employer_type",
                        category=FlagCategory.PUBLIC_EMPLOYEE, status=status, rev=1,
                        evidence="单位类型：事业单位", explanation=note)
            session.add(flag)
            session.flush()
            flags[name] = flag.id
        return {"visit": visit.id, "father": father.id, "mother": mother.id, **flags}

    return workspace.store.run(seed)


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                     pos=QPoint(min(8, widget.width() // 2), widget.height() // 2))


def _type(qtbot, editor, text: str) -> None:
    """Chinese as an input method commits it (QTest synthesises ASCII keys only)."""
    from homevisit.gui.qt import QCoreApplication, QInputMethodEvent

    editor.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(editor, event)


def _shot(dialog, name: str) -> None:
    shots = os.environ.get("HOMEVISIT_REVIEW_SHOTS")
    if shots:
        dialog.grab().save(str(Path(shots) / f"{name}.png"))


def _rows(workspace, model):
    return workspace.store.run(lambda s: s.scalars(select(model)).all())


def test_return_with_a_whole_visit_and_a_member_field_comment(qtbot, workspace, submitted):
    dialog = ReturnDialog(workspace, submitted["visit"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "退回修改"
    # Pressed with nothing written: told what to do, nothing stored.
    _click(qtbot, dialog.action)
    qtbot.waitUntil(lambda: "至少写一条意见" in dialog.message.text(), timeout=5_000)
    assert _rows(workspace, Review) == []

    field = dialog.add_comment(CommentAnchor("members.people.occupation", submitted["mother"]),
                               "家庭成员 · 职业 · 李秀英")
    _type(qtbot, field, "母亲的职业请再核实")
    _type(qtbot, dialog.whole, "请补拍住房照片")
    assert field.isVisible()
    _shot(dialog, "decision_return")
    with qtbot.waitSignal(dialog.decided, timeout=5_000) as decided:
        _click(qtbot, dialog.action)
    [review] = _rows(workspace, Review)
    assert review.id == decided.args[0] and review.decision == "return"
    assert [(c["field"], c["member_id"], c["text"]) for c in review.comments] == [
        (None, None, "请补拍住房照片"),
        ("members.people.occupation", submitted["mother"], "母亲的职业请再核实")]
    assert not dialog.isVisible()


def test_dismissing_needs_a_reason_and_keeps_what_was_chosen(qtbot, workspace, submitted):
    dialog = FlagDecisionDialog(workspace, submitted["explained"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        dialog.show()
    summary = dialog.summary.text()
    assert "财政供养人员" in summary and "李秀英" in summary and "已退休多年" in summary
    _click(qtbot, dialog.dismiss)
    assert "必填" in dialog.reason_label.text()
    _click(qtbot, dialog.action)
    qtbot.waitUntil(lambda: "理由" in dialog.message.text(), timeout=5_000)
    assert dialog.isVisible() and dialog.dismiss.isChecked()
    assert _rows(workspace, FlagRuling) == []

    _type(qtbot, dialog.reason, "已退休，退休证已核验")
    _shot(dialog, "decision_flag_dismiss")
    with qtbot.waitSignal(dialog.decided, timeout=5_000):
        _click(qtbot, dialog.action)
    [ruling] = _rows(workspace, FlagRuling)
    assert (ruling.flag_id, ruling.decision, ruling.reason) == (
        submitted["explained"], "dismiss", "已退休，退休证已核验")
    queued = workspace.store.run(lambda s: [r.entity for r in s.scalars(select(Outbox))])
    assert queued == [Entity.FLAG_DECISION.value]


def test_confirming_a_flag_without_a_note(qtbot, workspace, submitted):
    dialog = FlagDecisionDialog(workspace, submitted["open"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        dialog.show()
    assert dialog.confirm.isChecked() and "王大山" in dialog.summary.text()
    with qtbot.waitSignal(dialog.decided, timeout=5_000):
        _click(qtbot, dialog.action)
    [ruling] = _rows(workspace, FlagRuling)
    assert ruling.decision == "confirm" and ruling.reason


def test_raising_a_flag_on_a_member(qtbot, workspace, submitted):
    dialog = RaiseFlagDialog(workspace, submitted["visit"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        dialog.show()
    labels = [dialog.member.itemText(i) for i in range(dialog.member.count())]
    assert labels[0].startswith("整户") and "李秀英（母亲）" in labels
    dialog.member.setCurrentIndex(labels.index("李秀英（母亲）"))
    dialog.category.setCurrentIndex(dialog.category.findData("corporate_officer"))
    _type(qtbot, dialog.reason, "工商登记显示其为某公司监事")
    _shot(dialog, "decision_raise_flag")
    with qtbot.waitSignal(dialog.decided, timeout=5_000) as decided:
        _click(qtbot, dialog.action)
    flag = workspace.store.run(lambda s: s.get(Flag, decided.args[0]))
    assert (flag.source, flag.category, flag.member_id, flag.status, flag.evidence) == (
        "supervisor", "corporate_officer", submitted["mother"], "open",
        "工商登记显示其为某公司监事")
