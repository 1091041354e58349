"""The whole review flow between a counselor's and a supervisor's device, through the real
server on loopback, without the GUI (issue 15 item 7): finalize → sync → return with a
field comment → sync → the counselor sees it at the field, revises, answers, resubmits →
flags confirmed and dismissed, approval → after one more sync both devices and the server
agree. And: a decision made offline lands at the next sync; a decision on a visit revised
meanwhile comes back rejected with its reason, kept and shown."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

from sqlalchemy import select
from synckit import point_at

from homevisit import outbox
from homevisit.model import (
    CommentAnswer,
    ConsentRecord,
    Flag,
    FlagCategory,
    FlagSource,
    FlagStatus,
    Member,
    Review,
    Visit,
    VisitStatus,
    VisitVersion,
)
from homevisit.protocol.vocabulary import FlagDecision
from homevisit.review import comments, decisions
from homevisit.review.anchors import anchor_of_path, path_of_anchor
from homevisit.review.decisions import Comment
from homevisit.server import models as server
from homevisit.visits import lifecycle


def _answers(people: list[tuple[str, int]]) -> dict[str, Any]:
    return {"members": {"people": [{"_id": m, "income": income} for m, income in people]},
            "family": {"housing": "rented"}}


def _finalize(device, household_id: str, members: list[str]) -> tuple[str, list[str]]:
    """A finalized visit with a flag per parent (one explained), as the wizard leaves it."""

    def make(session) -> tuple[str, list[str]]:
        content = {"mode": "home", "answers": _answers([(members[0], 30000), (members[1], 800)]),
                   "started_at": dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)}
        visit = Visit(household_id=household_id, status=VisitStatus.FINALIZED, version=1,
                      **content)
        outbox.save(session, visit)
        outbox.save(session, VisitVersion(visit_id=visit.id, household_id=household_id,
                                          version=1, finalized_at=dt.datetime.now(dt.UTC),
                                          **content))
        flags = []
        for member, explanation in ((members[0], None), (members[1], "已退休多年")):
            flag = Flag(household_id=household_id, visit_id=visit.id, member_id=member,
                        source=FlagSource.DEVICE, rule_id="employer_type",
                        category=FlagCategory.PUBLIC_EMPLOYEE, evidence="单位类型：事业单位",
                        status=FlagStatus.EXPLAINED if explanation else FlagStatus.OPEN,
                        explanation=explanation)
            outbox.save(session, flag)
            flags.append(flag.id)
        return visit.id, flags

    return device.store.run(make)


def _revise(device, visit_id: str, people: list[tuple[str, int]]) -> None:
    """The counselor reopens the returned visit, changes the answers (members reordered)
    and finalizes version 2."""

    def revise(session) -> None:
        visit = session.get(Visit, visit_id)
        lifecycle.begin_revision(session, visit)
        visit.answers = _answers(people)
        visit.version = 2
        visit.status = VisitStatus.REVISED
        outbox.save(session, visit)
        outbox.save(session, VisitVersion(
            visit_id=visit.id, household_id=visit.household_id, version=2, mode="home",
            finalized_at=dt.datetime.now(dt.UTC), answers=visit.answers,
            started_at=visit.started_at))

    device.store.run(revise)


def _state(device, visit_id: str) -> dict[str, Any]:
    """What a device holds of the visit's review: status, flags, comments, answers."""

    def read(session) -> dict[str, Any]:
        visit = session.get(Visit, visit_id)
        flags = {f.id: (f.status.value if hasattr(f.status, "value") else f.status,
                        f.decision_reason) for f in session.scalars(
                     select(Flag).where(Flag.visit_id == visit_id))}
        return {"status": visit.status, "version": visit.version, "flags": flags}

    state = device.store.run(read)
    state["comments"] = [(c.text, c.anchor, tuple(a.text for a in c.answers))
                         for c in comments.comments_of(device, visit_id)]
    return state


def _server_state(central, visit_id: str) -> dict[str, Any]:
    with central.services.sessions() as s:
        visit = s.get(server.Visit, visit_id)
        flags = {f.id: (f.status, f.decision_reason) for f in s.scalars(
            select(server.Flag).where(server.Flag.visit_id == visit_id))}
        answers = {a.comment_id: a.text for a in s.scalars(select(server.CommentAnswer))}
        reviews = [(r.decision, r.reviewer) for r in s.scalars(
            select(server.Review).order_by(server.Review.created_at))]
        return {"status": visit.status, "version": visit.version, "flags": flags,
                "answers": answers, "reviews": reviews}


def _two_devices(central, device):
    central.user("counselor", "wang")
    central.user("supervisor", "li")
    household = central.household("wang")
    counselor = device(central, "wang")
    assert counselor.sync().ok
    members = counselor.add_members(household, 2, prefix="家长")
    supervisor = device(central, "li")
    return household, members, counselor, supervisor


def test_return_answer_revise_decide_approve_and_everyone_agrees(central, device):
    household, members, counselor, supervisor = _two_devices(central, device)
    visit_id, (open_flag, explained_flag) = _finalize(counselor, household, members)
    assert counselor.sync().ok

    assert supervisor.sync().ok
    assert supervisor.store.run(lambda s: s.get(Visit, visit_id).status) == "submitted"
    assert sorted(decisions.undecided(supervisor, visit_id)) == sorted(
        [open_flag, explained_flag])
    # A click on the mother's income in version 1 (second in the list) …
    v1 = supervisor.store.run(lambda s: s.get(Visit, visit_id).answers)
    anchor = anchor_of_path(v1, "members.people.1.income")
    decisions.return_visit(supervisor, visit_id, [Comment(anchor, "请补充母亲的收入证明")])
    result = supervisor.sync()
    assert result.ok and result.rejected == 0, result.error
    assert _server_state(central, visit_id)["status"] == "returned"

    assert counselor.sync().ok
    assert counselor.store.run(lambda s: s.get(Visit, visit_id).status) == "returned"
    [comment] = comments.comments_of(counselor, visit_id)
    assert comment.text == "请补充母亲的收入证明"
    # … is still at the mother's income after the counselor reorders the members.
    _revise(counselor, visit_id, [(members[1], 1200), (members[0], 30000)])
    revised = counselor.store.run(lambda s: s.get(Visit, visit_id).answers)
    assert path_of_anchor(revised, comment.anchor) == "members.people.0.income"
    comments.answer(counselor, comment.id, "已补充：母亲务农，年收入约 1200 元")
    result = counselor.sync()
    assert result.ok and result.rejected == 0, result.error

    assert supervisor.sync().ok
    assert supervisor.store.run(lambda s: (s.get(Visit, visit_id).status,
                                           s.get(Visit, visit_id).version)) == ("submitted", 2)
    [seen] = comments.comments_of(supervisor, visit_id)
    assert [a.text for a in seen.answers] == ["已补充：母亲务农，年收入约 1200 元"]
    decisions.decide_flag(supervisor, open_flag, FlagDecision.CONFIRM, "经核实为事业单位在编")
    decisions.decide_flag(supervisor, explained_flag, FlagDecision.DISMISS, "已退休，退休证已核验")
    decisions.approve(supervisor, visit_id)
    result = supervisor.sync()
    assert result.ok and result.rejected == 0, result.error

    assert counselor.sync().ok and supervisor.sync().ok
    on_server = _server_state(central, visit_id)
    assert on_server["status"] == "approved" and on_server["version"] == 2
    assert on_server["flags"] == {open_flag: ("confirmed", "经核实为事业单位在编"),
                                  explained_flag: ("dismissed", "已退休，退休证已核验")}
    assert on_server["reviews"] == [("return", "li"), ("approve", "li")]
    assert list(on_server["answers"].values()) == ["已补充：母亲务农，年收入约 1200 元"]
    expected = {"status": "approved", "version": 2, "flags": on_server["flags"],
                "comments": [("请补充母亲的收入证明", anchor,
                              ("已补充：母亲务农，年收入约 1200 元",))]}
    assert _state(counselor, visit_id) == expected
    assert _state(supervisor, visit_id) == expected
    assert counselor.outbox_size() == 0 and supervisor.outbox_size() == 0
    assert decisions.rejections(supervisor) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_decision_made_offline_is_queued_and_lands_at_the_next_sync(central, device):
    household, members, counselor, supervisor = _two_devices(central, device)
    visit_id, flags = _finalize(counselor, household, members)
    assert counselor.sync().ok and supervisor.sync().ok

    point_at(supervisor, f"http://127.0.0.1:{_closed_port()}")  # the office network is down
    for flag_id in flags:
        decisions.decide_flag(supervisor, flag_id, FlagDecision.DISMISS, "非共同生活的家长")
    decisions.approve(supervisor, visit_id)
    offline = supervisor.sync()
    assert not offline.ok and supervisor.outbox_size() == 3
    assert _server_state(central, visit_id)["status"] == "submitted"
    assert decisions.pending(supervisor, visit_id).review == "approve"

    point_at(supervisor, central.url)
    result = supervisor.sync()
    assert result.ok and result.pushed == 3 and result.rejected == 0, result.error
    assert _server_state(central, visit_id)["status"] == "approved"
    assert supervisor.store.run(lambda s: s.get(Visit, visit_id).status) == "approved"
    assert decisions.pending(supervisor, visit_id).review is None


def test_a_decision_on_a_visit_revised_meanwhile_is_rejected_kept_and_shown(central, device):
    household, members, counselor, supervisor = _two_devices(central, device)
    central.user("supervisor", "zhao")  # the county office, same team
    county = device(central, "zhao")
    visit_id, flags = _finalize(counselor, household, members)
    assert counselor.sync().ok and supervisor.sync().ok and county.sync().ok

    # Li decides offline on version 1 …
    for flag_id in flags:
        decisions.decide_flag(supervisor, flag_id, FlagDecision.CONFIRM, "属实")
    review_id = decisions.approve(supervisor, visit_id)
    # … while Zhao returns it and the counselor submits version 2.
    decisions.return_visit(county, visit_id, [Comment(anchor_of_path({}, None), "请补充照片")])
    assert county.sync().ok and counselor.sync().ok
    _revise(counselor, visit_id, [(members[0], 30000), (members[1], 900)])
    assert counselor.sync().ok

    result = supervisor.sync()
    assert result.ok and result.rejected == 1, result.error
    [rejection] = decisions.rejections(supervisor)
    assert (rejection.record_id, rejection.visit_id, rejection.code) == (
        review_id, visit_id, "stale_version")
    assert "新的版本" in rejection.reason.zh and "newer version" in rejection.reason.en
    # Nothing lost: the decision is still on the device; the visit shows version 2.
    assert supervisor.store.run(lambda s: s.get(Review, review_id).decision) == "approve"
    assert supervisor.store.run(lambda s: (s.get(Visit, visit_id).status,
                                           s.get(Visit, visit_id).version)) == ("submitted", 2)
    assert _server_state(central, visit_id)["status"] == "submitted"
    # The flag decisions still applied (they were not about the version).
    assert {s for s, _ in _server_state(central, visit_id)["flags"].values()} == {"confirmed"}
    # Read and dismissed, a new decision on version 2 goes through.
    decisions.forget_rejection(supervisor, rejection.op_id)
    decisions.approve(supervisor, visit_id)
    result = supervisor.sync()
    assert result.ok and result.rejected == 0, result.error
    assert _server_state(central, visit_id)["status"] == "approved"
    assert counselor.store.run(lambda s: s.scalars(select(CommentAnswer)).all()) == []


def test_the_supervisors_store_never_holds_a_draft(central, device):
    household, members, counselor, supervisor = _two_devices(central, device)

    def draft(session) -> str:
        visit = Visit(household_id=household, status=VisitStatus.DRAFT, mode="home",
                      answers=_answers([(members[0], 100)]))
        outbox.save(session, visit)
        outbox.save(session, ConsentRecord(visit_id=visit.id, household_id=household,
                                           notice_version="notice-2025-1",
                                           choices={"home_photos": True}))
        outbox.save(session, Flag(household_id=household, visit_id=visit.id,
                                  member_id=members[0], source=FlagSource.DEVICE,
                                  rule_id="employer_type",
                                  category=FlagCategory.PUBLIC_EMPLOYEE))
        return visit.id

    draft_id = counselor.store.run(draft)
    result = counselor.sync()
    assert result.ok and result.rejected == 0, result.error
    assert supervisor.sync().ok

    def held(session) -> list[Any]:
        return [*session.scalars(select(Visit.id)), *session.scalars(select(Flag.id)),
                *session.scalars(select(ConsentRecord.id))]

    assert supervisor.store.run(held) == []
    # Not an empty scope: the household and its members did arrive.
    assert supervisor.store.run(lambda s: len(s.scalars(select(Member.id).where(
        Member.household_id == household)).all())) == 2
    assert counselor.store.run(lambda s: s.get(Visit, draft_id).status) == "draft"
