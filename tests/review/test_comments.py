"""Notes both ways on a real store: comments anchored by member id survive reordering, and
the counselor's answer is a record queued for the server (answering again edits it)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit.errors import AnswerRequired, CommentNotFound
from homevisit.model import CommentAnswer, Outbox, Review, ReviewDecision
from homevisit.protocol.records import Entity
from homevisit.review import comments
from homevisit.review.anchors import CommentAnchor, anchor_of_path, path_of_anchor


def test_a_member_path_anchors_to_the_member_and_survives_reordering(roster_answers):
    original = roster_answers("f-id", "m-id")
    anchor = anchor_of_path(original, "members.people.1.income")
    assert anchor == CommentAnchor("members.people.income", "m-id")
    reordered = {**original, "members": {"people": list(reversed(
        original["members"]["people"]))}}
    assert path_of_anchor(reordered, anchor) == "members.people.0.income"
    gone = {**original, "members": {"people": original["members"]["people"][:1]}}
    assert path_of_anchor(gone, anchor) is None
    assert anchor_of_path(original, "family.housing") == CommentAnchor("family.housing")
    assert anchor_of_path(original, None) == CommentAnchor()


def _returned(ws, seeded) -> Review:
    def make(s):
        review = Review(visit_id=seeded.visit_id, household_id=seeded.household_id,
                        visit_version=1, reviewer="li", decision=ReviewDecision.RETURN, rev=1,
                        comments=[{"id": "c0000000-0000-4000-8000-000000000001",
                                   "field": "members.people.income",
                                   "member_id": seeded.mother_id, "text": "母亲收入请核实"},
                                  {"id": "c0000000-0000-4000-8000-000000000002",
                                   "field": None, "member_id": None, "text": "补充照片"}])
        s.add(review)
        return review

    return ws.store.run(make)


def test_counselor_answers_a_comment_and_answering_again_edits_it(workspace, seeded,
                                                                  roster_answers):
    _returned(workspace, seeded)
    [income, whole] = comments.comments_of(workspace, seeded.visit_id)
    assert income.anchor == CommentAnchor("members.people.income", seeded.mother_id)
    assert whole.anchor.whole_visit and not income.answered

    first = comments.answer(workspace, income.id, "已补充母亲的收入证明")
    again = comments.answer(workspace, income.id, "已补充母亲 2025 年的收入证明")
    assert first == again
    [income, _] = comments.comments_of(workspace, seeded.visit_id)
    assert [(a.text, a.sent) for a in income.answers] == [("已补充母亲 2025 年的收入证明", False)]
    rows = workspace.store.run(lambda s: [(r.entity, r.payload["record"]["text"])
                                          for r in s.scalars(select(Outbox))])
    assert rows == [(Entity.COMMENT_ANSWER, "已补充母亲 2025 年的收入证明")]
    answer = workspace.store.run(lambda s: s.get(CommentAnswer, first))
    assert answer.visit_id == seeded.visit_id and answer.comment_id == income.id

    grouped = comments.by_path(comments.comments_of(workspace, seeded.visit_id),
                               roster_answers(seeded.father_id, seeded.mother_id))
    assert [c.text for c in grouped["members.people.1.income"]] == ["母亲收入请核实"]
    assert [c.text for c in grouped[None]] == ["补充照片"]


def test_an_empty_answer_or_unknown_comment_is_refused(workspace, seeded):
    _returned(workspace, seeded)
    with pytest.raises(AnswerRequired):
        comments.answer(workspace, "c0000000-0000-4000-8000-000000000001", "  ")
    with pytest.raises(CommentNotFound):
        comments.answer(workspace, "c0000000-0000-4000-8000-00000000ffff", "回复")


def test_only_the_latest_return_is_the_current_conversation(workspace, seeded):
    import datetime as dt

    def two_returns(s):
        for version, day in ((1, 1), (2, 9)):
            s.add(Review(visit_id=seeded.visit_id, household_id=seeded.household_id,
                         visit_version=version, reviewer="li", decision=ReviewDecision.RETURN,
                         rev=1, created_at=dt.datetime(2026, 10, day, tzinfo=dt.UTC),
                         comments=[{"id": f"c0000000-0000-4000-8000-00000000000{version}",
                                    "field": None, "member_id": None,
                                    "text": f"第 {version} 次退回"}]))

    workspace.store.run(two_returns)
    listed = comments.comments_of(workspace, seeded.visit_id)
    assert [c.text for c in listed] == ["第 1 次退回", "第 2 次退回"]
    assert [c.text for c in comments.latest_return(listed)] == ["第 2 次退回"]
