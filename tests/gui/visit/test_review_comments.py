"""A returned visit in the wizard: each supervisor comment sits next to its field (a
member's comment follows the member when the roster changes), the whole-visit comment at
the top, and the counselor answers one there — the answer is a record queued for the
server, and what was typed survives the notes moving."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.gui.qt import QPlainTextEdit
from homevisit.gui.visit.review_notes import CommentNote
from homevisit.model import CommentAnswer, Outbox, Review, ReviewDecision, Visit, VisitStatus
from homevisit.protocol.records import Entity
from tests.gui.visit.test_whole_visit import open_wizard

MOTHER_NOTE = "c0000000-0000-4000-8000-000000000001"
WAGES_NOTE = "c0000000-0000-4000-8000-000000000002"
WHOLE_NOTE = "c0000000-0000-4000-8000-000000000003"


def _returned(workspace, household_id: str) -> str:
    """The household's visit as the sync leaves it after a supervisor returned version 1."""

    def make(session) -> str:
        visit = session.scalars(select(Visit).where(Visit.household_id == household_id)).one()
        people = visit.answers["members"]["people"]
        mother = next(p["_id"] for p in people if p["relation"] == "mother")
        visit.status, visit.version, visit.rev = VisitStatus.RETURNED, 1, 3
        consent = {**visit.answers["consent"], "consent_choices": [
            "basic_information", "document_photos", "home_photos"]}
        visit.answers = {**visit.answers, "consent": consent}
        session.add(Review(visit_id=visit.id, household_id=household_id, visit_version=1,
                           reviewer="office-zhang", decision=ReviewDecision.RETURN, rev=1,
                           comments=[
                               {"id": MOTHER_NOTE, "field": "members.people.occupation",
                                "member_id": mother, "text": "母亲的职业请再核实"},
                               {"id": WAGES_NOTE, "field": "income.wages",
                                "member_id": None, "text": "请补充工资收入证明"},
                               {"id": WHOLE_NOTE, "field": None, "member_id": None,
                                "text": "请补拍住房照片"}]))
        session.query(Outbox).delete()  # all of it was synced
        return visit.id

    return workspace.store.run(make)


def _note(wizard, comment_id: str) -> CommentNote:
    return wizard.comment_notes.note(comment_id)


def test_comments_sit_at_their_fields_and_the_counselor_answers_one(
        qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)  # starts the draft
    wizard.close()
    visit_id = _returned(workspace, household_id)
    wizard, c = open_wizard(qtbot, workspace, household_id)

    roster = wizard.page("members").step.rosters["people"]
    mother_index = next(i for i, box in enumerate(roster.items)
                        if box.rows["relation"].editor.value() == "mother")
    assert _note(wizard, MOTHER_NOTE).parent() is c.row(
        f"members.people.{mother_index}.occupation")
    assert _note(wizard, WAGES_NOTE).parent() is c.row("income.wages")
    assert _note(wizard, WHOLE_NOTE).parent() is wizard.visit_notes
    assert "母亲的职业请再核实" in _note(wizard, MOTHER_NOTE).text.text()
    assert "请补充工资收入证明" in wizard.review_notes.text()  # the summary stays too

    # Half an answer typed, then a member before the mother is removed: the note follows
    # her to her new box, with what was typed.
    for _ in range(5):  # as the counselor pages through
        if wizard.current_page().id != "members":
            c.next()
    c.keys(_note(wizard, MOTHER_NOTE).editor, "已核实：")
    father_index = next(i for i, box in enumerate(roster.items)
                        if box.rows["relation"].editor.value() == "father")
    assert father_index < mother_index
    assert wizard.current_page().id == "members"
    c.click(roster.items[father_index].remove)
    assert len(roster.items) == 2
    moved = _note(wizard, MOTHER_NOTE)
    assert moved.parent() is c.row(f"members.people.{mother_index - 1}.occupation")
    assert moved.editor.toPlainText() == "已核实："
    c.keys(moved.editor, "母亲务农，无固定单位")
    assert moved.isVisible() and _note(wizard, WHOLE_NOTE).isVisible()
    wizard.stack.currentWidget().ensureWidgetVisible(moved, 20, 20)
    c.shot(name="returned_comment_at_field")

    assert moved.button.isVisible() and moved.button.isEnabled()
    qtbot.waitUntil(lambda: moved.button.height() > 0, timeout=5_000)  # laid out again
    with qtbot.waitSignal(wizard.comment_notes.note(MOTHER_NOTE).answer_requested):
        c.click(moved.button)
    qtbot.waitUntil(lambda: "等待同步" in _note(wizard, MOTHER_NOTE).answers.text()
                    or "waiting for sync" in _note(wizard, MOTHER_NOTE).answers.text(),
                    timeout=10_000)
    assert _note(wizard, MOTHER_NOTE).editor.toPlainText() == ""
    answers = workspace.store.run(lambda s: [(a.comment_id, a.visit_id, a.text)
                                             for a in s.scalars(select(CommentAnswer))])
    assert answers == [(MOTHER_NOTE, visit_id, "已核实：母亲务农，无固定单位")]
    queued = workspace.store.run(lambda s: [r.entity for r in s.scalars(select(Outbox))])
    assert Entity.COMMENT_ANSWER.value in queued


def test_an_empty_answer_says_what_to_do_and_sends_nothing(qtbot, workspace, household_id):
    wizard, _ = open_wizard(qtbot, workspace, household_id)
    wizard.close()
    _returned(workspace, household_id)
    wizard, c = open_wizard(qtbot, workspace, household_id)
    note = _note(wizard, WHOLE_NOTE)
    assert isinstance(note.editor, QPlainTextEdit)
    c.click(note.button)
    assert note.status.text() in ("请先写下回复内容。", "Write an answer first.")
    assert workspace.store.run(lambda s: s.scalars(select(CommentAnswer)).all()) == []
