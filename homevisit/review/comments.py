"""Review comments and their answers: notes both ways (DESIGN §3; no Qt, no network).

A supervisor returns a visit with comments (:mod:`homevisit.review.decisions`); the
counselor reads each one next to its field and answers it (a ``CommentAnswer`` record,
pushed like any other); the supervisor reads the answers at the next review. One answer per
comment and device: answering again edits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.errors import AnswerRequired, CommentNotFound, TextTooLong, VisitApproved
from homevisit.model import CommentAnswer, Outbox, Review
from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import ReviewDecision, VisitStatus
from homevisit.review.anchors import CommentAnchor, path_of_anchor
from homevisit.review.decisions import MAX_TEXT, ReviewSpace, visit_of


@dataclass(frozen=True, slots=True)
class AnswerView:
    id: str
    text: str
    author: str | None
    answered_at: dt.datetime | None
    sent: bool  # the server has it (False: waiting for the next sync)


@dataclass(frozen=True, slots=True)
class CommentView:
    id: str
    review_id: str
    visit_version: int
    anchor: CommentAnchor
    text: str
    reviewer: str
    created_at: dt.datetime | None
    answers: tuple[AnswerView, ...] = ()

    @property
    def answered(self) -> bool:
        return bool(self.answers)


def _comments_of_review(review: Review) -> list[dict[str, Any]]:
    return [c for c in review.comments or () if isinstance(c, Mapping) and c.get("id")]


def comments_in(session: Session, visit_id: str) -> list[CommentView]:
    """Every comment of the visit's returns, oldest review first, with their answers."""
    reviews = list(session.scalars(select(Review).where(
        Review.visit_id == visit_id, Review.deleted.is_(False),
        Review.decision == ReviewDecision.RETURN).order_by(Review.created_at, Review.id)))
    answers = list(session.scalars(select(CommentAnswer).where(
        CommentAnswer.visit_id == visit_id, CommentAnswer.deleted.is_(False))
        .order_by(CommentAnswer.answered_at, CommentAnswer.id)))
    unsent = set(session.scalars(select(Outbox.entity_id).where(
        Outbox.entity == Entity.COMMENT_ANSWER.value,
        Outbox.entity_id.in_([a.id for a in answers]))))
    by_comment: dict[str, list[AnswerView]] = {}
    for a in answers:
        by_comment.setdefault(a.comment_id, []).append(AnswerView(
            a.id, a.text, a.author, a.answered_at, sent=a.rev > 0 and a.id not in unsent))
    return [CommentView(c["id"], r.id, r.visit_version,
                        CommentAnchor(c.get("field"), c.get("member_id")), c.get("text") or "",
                        r.reviewer, r.created_at, tuple(by_comment.get(c["id"], ())))
            for r in reviews for c in _comments_of_review(r)]


def answer_in(session: Session, comment_id: str, text: str) -> str:
    """The counselor's answer to a comment (a second answer edits the first). Returns the
    answer's id."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise AnswerRequired()
    if len(cleaned) > MAX_TEXT:
        raise TextTooLong(limit=MAX_TEXT)
    review = next((r for r in session.scalars(select(Review).where(
        Review.decision == ReviewDecision.RETURN, Review.deleted.is_(False)))
        if any(c["id"] == comment_id for c in _comments_of_review(r))), None)
    if review is None:
        raise CommentNotFound()
    if visit_of(session, review.visit_id).status == VisitStatus.APPROVED:
        raise VisitApproved()
    row = session.scalars(select(CommentAnswer).where(
        CommentAnswer.comment_id == comment_id, CommentAnswer.deleted.is_(False))).first()
    if row is None:
        row = CommentAnswer(review_id=review.id, comment_id=comment_id,
                            visit_id=review.visit_id, household_id=review.household_id)
    row.text = cleaned
    row.answered_at = dt.datetime.now(dt.UTC)
    outbox.save(session, row)
    return row.id


def latest_return(comments: Sequence[CommentView]) -> list[CommentView]:
    """The comments of the latest return (what the counselor works on now); earlier
    returns' comments were answered with an earlier version."""
    if not comments:
        return []
    latest = comments[-1].review_id  # comments_in lists the oldest review first
    return [c for c in comments if c.review_id == latest]


def by_path(comments: Sequence[CommentView], answers: Mapping[str, Any]
            ) -> dict[str | None, list[CommentView]]:
    """The comments grouped by the positional field path they point at in ``answers`` (a
    version's or the draft's); ``None`` collects the whole-visit comments and those whose
    member is no longer listed, so none is ever hidden."""
    grouped: dict[str | None, list[CommentView]] = {}
    for comment in comments:
        grouped.setdefault(path_of_anchor(answers, comment.anchor), []).append(comment)
    return grouped


def comments_of(ws: ReviewSpace, visit_id: str) -> list[CommentView]:
    return ws.store.run(partial(comments_in, visit_id=visit_id))


def answer(ws: ReviewSpace, comment_id: str, text: str) -> str:
    return ws.store.run(partial(answer_in, comment_id=comment_id, text=text))
