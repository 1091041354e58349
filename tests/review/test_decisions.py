"""The supervisor's decisions on a real encrypted store: each is a record with its outbox
row, refused with a zh/en reason when the review rules say no, and never changes the
server's statuses locally."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit.audit import verify
from homevisit.errors import (
    ApproveBlocked,
    CommentsRequired,
    DecisionPending,
    FlagAlreadyDecided,
    MemberNotInHousehold,
    NotReviewable,
    ReasonRequired,
)
from homevisit.model import AuditEvent, Flag, FlagRuling, Outbox, Review, Visit, VisitStatus
from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import FlagCategory, FlagDecision, FlagStatus, ReviewDecision
from homevisit.review import decisions
from homevisit.review.anchors import CommentAnchor
from homevisit.review.decisions import Comment


def outbox_rows(ws):
    return ws.store.run(lambda s: [(r.entity, r.entity_id, r.payload["record"])
                                   for r in s.scalars(select(Outbox).order_by(Outbox.op_id))])


def test_approving_with_undecided_flags_is_refused_and_says_which(workspace, seeded):
    with pytest.raises(ApproveBlocked) as refused:
        decisions.approve(workspace, seeded.visit_id)
    assert sorted(refused.value.flag_ids) == sorted([seeded.open_flag, seeded.explained_flag])
    assert "2 条核查提示" in refused.value.text.zh and "2 flag(s)" in refused.value.text.en
    assert outbox_rows(workspace) == []


def test_flags_decided_here_unblock_approval_and_everything_is_queued(workspace, seeded):
    confirm = decisions.decide_flag(workspace, seeded.open_flag, FlagDecision.CONFIRM, "")
    dismiss = decisions.decide_flag(workspace, seeded.explained_flag, FlagDecision.DISMISS,
                                    "父亲已于 2019 年退休")
    assert decisions.undecided(workspace, seeded.visit_id) == []
    review_id = decisions.approve(workspace, seeded.visit_id)

    rows = outbox_rows(workspace)
    assert [(e, i) for e, i, _ in rows] == [(Entity.FLAG_DECISION, confirm),
                                            (Entity.FLAG_DECISION, dismiss),
                                            (Entity.REVIEW, review_id)]
    assert rows[0][2]["decision"] == "confirm" and rows[0][2]["reason"] == "督导核实属实"
    assert rows[1][2]["reason"] == "父亲已于 2019 年退休"
    assert rows[2][2]["decision"] == "approve" and rows[2][2]["visit_version"] == 1
    assert rows[2][2]["reviewer"] == "li"
    # The server's statuses are the server's: nothing changes them before it accepts.
    state = workspace.store.run(lambda s: (s.get(Visit, seeded.visit_id).status,
                                           s.get(Flag, seeded.open_flag).status))
    assert state == (VisitStatus.SUBMITTED, FlagStatus.OPEN)
    pending = decisions.pending(workspace, seeded.visit_id)
    assert pending.review is ReviewDecision.APPROVE
    assert pending.flags == {seeded.open_flag: FlagDecision.CONFIRM,
                             seeded.explained_flag: FlagDecision.DISMISS}
    with pytest.raises(DecisionPending):
        decisions.approve(workspace, seeded.visit_id)
    with pytest.raises(FlagAlreadyDecided):
        decisions.decide_flag(workspace, seeded.open_flag, FlagDecision.DISMISS, "再次")
    # Decisions are in the audit log (chained: the chain still verifies).
    actions = workspace.store.run(lambda s: [e.action for e in s.scalars(select(AuditEvent))])
    assert actions.count("flag_decision") == 2 and "review_approve" in actions
    assert workspace.store.run(verify).events >= 3


def test_dismissal_needs_a_reason(workspace, seeded):
    with pytest.raises(ReasonRequired) as refused:
        decisions.decide_flag(workspace, seeded.open_flag, FlagDecision.DISMISS, "  ")
    assert "理由" in refused.value.text.zh
    assert workspace.store.run(lambda s: s.scalars(select(FlagRuling)).all()) == []


def test_return_anchors_a_members_field_to_the_member_id(workspace, seeded):
    review_id = decisions.return_visit(workspace, seeded.visit_id, [
        Comment(CommentAnchor("members.people.income", seeded.mother_id), "母亲收入请核实"),
        Comment(CommentAnchor(), "请补充住房照片"),
        Comment(CommentAnchor("family.housing"), "   "),  # empty: left out
    ])
    review = workspace.store.run(lambda s: s.get(Review, review_id))
    assert review.decision is ReviewDecision.RETURN and review.rev == 0
    assert [(c["field"], c["member_id"], c["text"]) for c in review.comments] == [
        ("members.people.income", seeded.mother_id, "母亲收入请核实"),
        (None, None, "请补充住房照片")]
    assert all(len(c["id"]) == 36 for c in review.comments)


def test_return_without_a_comment_is_refused(workspace, seeded):
    with pytest.raises(CommentsRequired):
        decisions.return_visit(workspace, seeded.visit_id, [Comment(CommentAnchor(), " ")])


def test_a_visit_not_awaiting_review_cannot_be_decided(workspace, seeded):
    def returned(s):
        s.get(Visit, seeded.visit_id).status = VisitStatus.RETURNED

    workspace.store.run(returned)
    with pytest.raises(NotReviewable) as refused:
        decisions.approve(workspace, seeded.visit_id)
    assert refused.value.text.zh and refused.value.text.en


def test_raising_a_flag_by_hand(workspace, seeded):
    flag_id = decisions.raise_flag(workspace, seeded.visit_id, seeded.mother_id,
                                   FlagCategory.CORPORATE_OFFICER, "母亲为某公司监事（工商登记）")
    flag = workspace.store.run(lambda s: s.get(Flag, flag_id))
    assert (flag.source, flag.status, flag.member_id) == ("supervisor", FlagStatus.OPEN,
                                                          seeded.mother_id)
    assert decisions.pending(workspace, seeded.visit_id).raised == [flag_id]
    assert flag_id in decisions.undecided(workspace, seeded.visit_id)
    with pytest.raises(MemberNotInHousehold):
        decisions.raise_flag(workspace, seeded.visit_id, "00000000-0000-4000-8000-000000000000",
                             FlagCategory.CORPORATE_OFFICER, "x")
    with pytest.raises(ReasonRequired):
        decisions.raise_flag(workspace, seeded.visit_id, None, FlagCategory.PUBLIC_EMPLOYEE, "")


def test_a_refused_decision_is_listed_with_its_reason_until_forgotten(workspace, seeded):
    decisions.decide_flag(workspace, seeded.open_flag, FlagDecision.CONFIRM, "属实")
    decisions.decide_flag(workspace, seeded.explained_flag, FlagDecision.CONFIRM, "属实")
    review_id = decisions.approve(workspace, seeded.visit_id)

    def refused(s):  # what the sync engine does with a rejected op
        row = s.scalars(select(Outbox).where(Outbox.entity_id == review_id)).one()
        row.quarantined, row.attempts = True, 1
        row.last_error = "stale_version: 辅导员已提交新版本"

    workspace.store.run(refused)
    [rejection] = decisions.rejections(workspace)
    assert (rejection.entity, rejection.record_id, rejection.visit_id, rejection.code) == (
        Entity.REVIEW, review_id, seeded.visit_id, "stale_version")
    assert "新的版本" in rejection.reason.zh and "newer version" in rejection.reason.en
    assert decisions.pending(workspace, seeded.visit_id).review is None
    # The comments and decision stay readable until the user dismisses the refusal.
    assert workspace.store.run(lambda s: s.get(Review, review_id)) is not None
    decisions.forget_rejection(workspace, rejection.op_id)
    assert decisions.rejections(workspace) == []
    assert workspace.store.run(lambda s: s.get(Review, review_id)) is None
