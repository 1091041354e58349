"""What the review view shows of a visit, built headless from the form definition."""

from __future__ import annotations

import datetime as dt

import pytest

from homevisit.errors import StoreError
from homevisit.model import ConsentRecord, Visit, VisitVersion
from homevisit.review.view_model import AnswerView, RosterView, review_view, version_diff
from homevisit.visits.forms import load_definition
from tests.review.seed import START, seed_queue


def _stays() -> dict:
    return {"step": "finalize", "stays": [
        {"page": "consent", "entered": START.isoformat(),
         "left": (START + dt.timedelta(minutes=6)).isoformat()},
        {"page": "income", "entered": (START + dt.timedelta(minutes=6)).isoformat(),
         "left": (START + dt.timedelta(minutes=10)).isoformat()},
        {"page": "signatures", "entered": (START + dt.timedelta(minutes=10)).isoformat(),
         "left": (START + dt.timedelta(minutes=12)).isoformat()}]}


def test_every_visible_answer_in_the_forms_order_read_only_and_masked(store):
    [seeded] = seed_queue(store, 1)

    def add_place(session):
        visit = session.get(Visit, seeded.visit_id)
        visit.answers = {**visit.answers, "_wizard": _stays()}
        session.add(ConsentRecord(visit_id=visit.id, household_id=visit.household_id,
                                  guardian_relation="mother", notice_version="notice-2025-1",
                                  choices={"basic_information": True, "health_information":
                                           False}, roster_check_authorised=True))

    store.run(add_place)
    view = store.run(lambda s: review_view(s, seeded.visit_id))
    definition = load_definition("home-visit", 1)
    shown_steps = [s.id for s in view.steps]
    assert shown_steps == [s.id for s in definition.steps if s.id in shown_steps]
    assert shown_steps[0] == "consent" and "recommendation" in shown_steps
    student_id = view.answer("consent.student_id_number")
    assert student_id is not None and seeded.student_id_number not in student_id.value.zh
    assert student_id.value.zh.endswith(seeded.student_id_number[-4:])
    assert view.answer("consent.visit_mode").value.zh == "上门"
    assert view.answer("income.wages").value.zh == "12,000 元"
    roster = next(i for s in view.steps for i in s.items if isinstance(i, RosterView))
    assert [m.member_id for m in roster.members][:2] == ["m-self", "m-father"]
    assert view.answer("members.people.name", "m-self").value.zh == seeded.student
    assert all(isinstance(a, AnswerView) for a in roster.members[0].answers)
    # time per step from the stays VisitSession recorded; duration from start and end
    assert {s.id: s.seconds for s in view.steps}["consent"] == 360
    assert {s.id: s.seconds for s in view.steps}["income"] == 240
    assert view.other_seconds == 120
    assert view.duration == dt.timedelta(minutes=50)
    assert view.consent is not None and view.consent.relation.zh == "母亲"
    assert view.consent.roster_check_authorised
    assert [c.en for c in view.consent.choices] == ["Basic information"] or \
        len(view.consent.choices) == 1


def test_score_explanation_rule_set_version_level_reason_and_flags(store):
    seeded = seed_queue(store, 5)[4]  # 2 flags: one open, one explained
    view = store.run(lambda s: review_view(s, seeded.visit_id))
    assert view.score.rule_set == "jiangsu-2020"
    assert view.score.lines and view.score.lines[0][1].zh == "苏北地区"
    assert view.recommended is not None and view.recommendation_reason == "家庭情况特殊"
    assert [f.status for f in view.flags] == ["open", "explained"]
    assert view.flags[1].explanation == "已退休" and len(view.undecided_flags) == 2
    assert view.flags[0].evidence[0].zh == "职业：公务员"


def test_the_diff_of_two_versions_and_a_missing_visit(store):
    [seeded] = seed_queue(store, 1)

    def revise(session):
        first = session.query(VisitVersion).filter_by(visit_id=seeded.visit_id).one()
        answers = {**first.answers, "income": {**first.answers["income"], "wages": 20000}}
        session.add(VisitVersion(visit_id=seeded.visit_id, household_id=seeded.household_id,
                                 version=2, answers=answers, form_id="home-visit",
                                 form_version=1, rev=2))
        session.get(Visit, seeded.visit_id).version = 2

    store.run(revise)
    changes = store.run(lambda s: version_diff(s, seeded.visit_id, 1, 2))
    assert [(c.path, c.old, c.new) for c in changes] == [("income.wages", 12000, 20000)]
    view = store.run(lambda s: review_view(s, seeded.visit_id))
    assert view.versions == (1, 2) and view.version == 2 and view.latest
    older = store.run(lambda s: review_view(s, seeded.visit_id, 1))
    assert not older.latest and older.answer("income.wages").value.zh == "12,000 元"
    with pytest.raises(StoreError):
        store.run(lambda s: review_view(s, "no-such-visit"))
