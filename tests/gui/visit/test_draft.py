"""The wizard's store operations without Qt: drafts, device flags, finalize rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit.errors import VisitIncomplete, VisitNotEditable
from homevisit.model import Flag, Outbox, Visit, VisitStatus
from homevisit.visits import draft
from homevisit.visits.forms import evaluate, latest_definition, submitted_answers
from tests.gui.visit.conftest import STUDENT_ID, TODAY


def _answers(employer_type: str) -> dict:
    people = [
        {"name": "王小明", "relation": "self", "life_status": "living"},
        {"name": "王大山", "relation": "father", "life_status": "living",
         "custody": "custodial", "occupation": "worker", "employer": "某某机械厂",
         "employer_type": employer_type},
    ]
    return {"consent": {"consent_choices": ["basic_information"],
                        "student_id_number": STUDENT_ID},
            "members": {"people": people}}


def _submitted(answers: dict) -> dict:
    return submitted_answers(evaluate(latest_definition("home-visit"), answers, today=TODAY))


def test_opening_twice_gives_the_same_prefilled_draft_queued_for_sync(workspace, household_id):
    first = workspace.store.run(lambda s: draft.open_visit(s, household_id))
    again = workspace.store.run(lambda s: draft.open_visit(s, household_id))
    assert first.visit_id == again.visit_id and first.status is VisitStatus.DRAFT
    people = first.answers["members"]["people"]
    assert [p["relation"] for p in people][:2] == ["self", "father"]  # student, then guardian
    assert all(p["_id"] for p in people)
    assert first.answers["consent"]["student_id_number"] == STUDENT_ID
    queued = workspace.store.run(lambda s: s.scalars(
        select(Outbox.entity).where(Outbox.entity_id == first.visit_id)).all())
    assert queued == ["visit"]


def test_device_flag_keeps_its_explanation_and_goes_when_the_answer_changes(
        workspace, household_id):
    visit = workspace.store.run(lambda s: draft.open_visit(s, household_id))
    public = _answers("government_agency")
    flags = workspace.store.run(lambda s: draft.save_answers(
        s, visit.visit_id, public, "members", _submitted(public)))
    assert [(f.rule_id, f.status) for f in flags] == [
        ("flag.employer_type.public_finance", "open")]
    assert flags[0].question is not None and "询问" in flags[0].question.zh
    explained = workspace.store.run(lambda s: draft.explain_flag(s, flags[0].id, "已退休"))
    assert explained.status == "explained"
    # Saving the same answers again re-evaluates the rules but keeps the explanation.
    again = workspace.store.run(lambda s: draft.save_answers(
        s, visit.visit_id, public, "members", _submitted(public)))
    assert [(f.id, f.status, f.explanation) for f in again] == [
        (flags[0].id, "explained", "已退休")]
    private = _answers("private_enterprise")
    gone = workspace.store.run(lambda s: draft.save_answers(
        s, visit.visit_id, private, "members", _submitted(private)))
    assert gone == ()
    assert workspace.store.run(lambda s: s.scalars(select(Flag)).all()) == []


def test_finalize_refuses_an_incomplete_visit_and_a_finalized_one_refuses_edits(
        workspace, household_id):
    visit = workspace.store.run(lambda s: draft.open_visit(s, household_id))
    definition = latest_definition("home-visit")
    with pytest.raises(VisitIncomplete) as refused:
        workspace.store.run(lambda s: draft.finalize(s, visit.visit_id, definition,
                                                     actor="test", today=TODAY))
    assert "签名" in refused.value.text.zh and "王" not in refused.value.text.zh

    def mark_finalized(session) -> None:
        session.get(Visit, visit.visit_id).status = VisitStatus.FINALIZED

    workspace.store.run(mark_finalized)
    with pytest.raises(VisitNotEditable):
        workspace.store.run(lambda s: draft.save_answers(s, visit.visit_id, {}, "consent"))
    reopened = workspace.store.run(lambda s: draft.open_visit(s, household_id))
    assert not reopened.editable
