"""VisitSession without Qt: form v1 walked with hypothesis-generated answers, every show and
require condition of the form taken both ways. Next and back never land on a hidden step,
"what is missing" names every required visible field and its step, and finalizing is
possible exactly when nothing is missing. HOMEVISIT_TRIALS raises the number of examples.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from visit_examples import HOUSEHOLD, STUDENT_ID, TODAY, complete_answers, make_id

from homevisit.visits.codelists import codelist_tags
from homevisit.visits.conditions import Scope, holds
from homevisit.visits.documents import SIGNATURES
from homevisit.visits.forms import evaluate, load_definition, submitted_answers
from homevisit.visits.session import FINALIZE, VisitSession

TRIALS = int(os.environ.get("HOMEVISIT_TRIALS", "120"))
V1 = load_definition("home-visit", 1)
SETTINGS = settings(max_examples=TRIALS, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
YOUNG_STUDENT_ID = make_id("20150301", "121")  # under 14 on TODAY; STUDENT_ID is 14


def _level(answers: dict, other: bool) -> None:
    """The level the score suggests for ``answers``, or (``other``) another one with a reason."""
    state = evaluate(V1, answers, today=TODAY, household=HOUSEHOLD)
    suggested = state.computed["score"]["suggested_level"]
    levels = sorted(V1.field("recommendation.level").choice_codes())
    _set(answers, "recommendation.level",
         next(c for c in levels if c != suggested) if other else suggested)
    _set(answers, "recommendation.reason", "父亲去世，母亲长期患病" if other else None)


def _choices(answers: dict, code: str, on: bool) -> None:
    choices = set(answers["consent"]["consent_choices"]) - {code}
    answers["consent"]["consent_choices"] = sorted(choices | ({code} if on else set()))


def _set(answers: dict, path: str, value: Any) -> None:
    step, field = path.split(".")
    if value is None:
        answers.setdefault(step, {}).pop(field, None)
    else:
        answers.setdefault(step, {})[field] = value


# Each switch flips the conditions of v1 one way or the other (with the answers a counselor
# would then give); the all-on and all-off examples take every condition both ways, which
# test_the_switches_take_every_condition_both_ways checks independently.
SWITCHES = {
    "basic_information": lambda a, on: _choices(a, "basic_information", on),
    "health_information": lambda a, on: _choices(a, "health_information", on),
    "roster_check": lambda a, on: (_set(a, "consent.roster_check_authorised", on),
                                   _set(a, "consent.authorisation_signed", True if on else None)),
    "under_14": lambda a, on: _set(a, "consent.student_id_number",
                                   YOUNG_STUDENT_ID if on else STUDENT_ID),
    "categories": lambda a, on: (_set(a, "household.special_categories",
                                      ["orphan"] if on else None),
                                 _set(a, "household.categories_verified", True if on else None)),
    "loss": lambda a, on: (_set(a, "expenses.disaster_loss", 800 if on else None),
                           _set(a, "expenses.loss_description", "暴雨冲毁院墙" if on else None)),
    "car": lambda a, on: (_set(a, "housing.has_car", on),
                          _set(a, "housing.car_note", "残疾人代步车" if on else None)),
    "business": lambda a, on: (_set(a, "housing.has_registered_business", on),
                               _set(a, "housing.business_note", "已注销" if on else None)),
    "second_house": lambda a, on: (_set(a, "housing.has_second_house", on),
                                   _set(a, "housing.second_house_note", "祖屋" if on else None)),
    "disability": lambda a, on: (_set(a, "special_situations.student_disability", on),
                                 _set(a, "special_situations.disability_grade",
                                      "grade_2" if on else None)),
    "ill_member": lambda a, on: a["members"]["people"][2].update(
        {"health": "minor_illness", "health_note": "慢性胃病"} if on
        else {"health": "healthy", "health_note": None}),
}
SWITCHES["other_level"] = _level  # last: the suggestion depends on all the other answers
ALL_ON = {name: True for name in SWITCHES}
ALL_OFF = {name: False for name in SWITCHES}


def answers_for(switches: dict[str, bool], blanks: frozenset[str] = frozenset()) -> dict:
    """The complete example visit with ``switches`` applied, then the answers at the
    ``blanks`` paths removed (roster item paths carry their index)."""
    answers = complete_answers()
    for name in SWITCHES:  # in their declared order, the level last
        SWITCHES[name](answers, switches.get(name, False))
    for person in answers["members"]["people"]:
        for key in [k for k, v in person.items() if v is None]:
            del person[key]
    for path in blanks:
        parts = path.split(".")
        holder: Any = answers
        for part in parts[:-1]:
            holder = holder[int(part)] if isinstance(holder, list) else holder.get(part, {})
        if isinstance(holder, dict):
            holder.pop(parts[-1], None)
    return answers


def _paths() -> list[str]:
    out = []
    for step in V1.steps:
        for f in step.fields:
            out.append(f.path)
            for index in range(4):  # the example roster has four people
                out += [f"{f.path}.{index}.{sub.id}" for sub in f.fields]
    return out


PATHS = _paths()
PAGES = [p.id for p in VisitSession(V1, {}, today=TODAY, household=HOUSEHOLD).pages]
switches = st.fixed_dictionaries({name: st.booleans() for name in SWITCHES})
blanks = st.frozensets(st.sampled_from(PATHS), max_size=6)
documents = st.frozensets(st.sampled_from([*SIGNATURES, "id_card"]))
moves = st.lists(st.one_of(st.sampled_from(["next", "back"]),
                           st.tuples(st.just("jump"), st.sampled_from(PAGES)),
                           st.tuples(st.just("switch"), st.sampled_from(sorted(SWITCHES)),
                                     st.booleans())), max_size=25)


def session_for(switches_: dict[str, bool], blanks_: frozenset[str] = frozenset(),
                documents_: frozenset[str] = frozenset(SIGNATURES)) -> VisitSession:
    return VisitSession(V1, answers_for(switches_, blanks_), household=HOUSEHOLD, today=TODAY,
                        documents=documents_)


def required_unanswered(session: VisitSession) -> set[tuple[str, str]]:
    """(step, path) of every visible required field without an answer, read from the state."""
    out = set()
    for step in session.state.steps:
        for f in step.fields:
            fields = [f, *(i for item in f.items for i in item.fields)]
            out.update((step.id, g.path) for g in fields if g.required and not g.answered)
    return out


def assert_on_a_shown_page(session: VisitSession) -> None:
    assert session.is_shown(session.current), session.current
    assert session.current in session.shown()


@SETTINGS
@given(switches, blanks, documents, moves)
@example(ALL_ON, frozenset(), frozenset(SIGNATURES), ["next"] * 20)
@example(ALL_OFF, frozenset(), frozenset(SIGNATURES), ["next"] * 20 + ["back"] * 20)
def test_a_walk_never_lands_on_a_hidden_step_and_names_what_is_missing(
        switches_, blanks_, documents_, moves_):
    session = session_for(switches_, blanks_, documents_)
    state = dict(switches_)
    assert_on_a_shown_page(session)
    for move in moves_:
        before, shown_before = session.current, session.shown()
        if move == "next":
            landed = session.next()
            later = shown_before[shown_before.index(before) + 1:]
            assert landed == (later[0] if later else before)
        elif move == "back":
            landed = session.back()
            earlier = shown_before[:shown_before.index(before)]
            assert landed == (earlier[-1] if earlier else before)
        elif move[0] == "jump":
            landed = session.jump(move[1])
            assert landed == (move[1] if move[1] in shown_before else before)
        else:
            state[move[1]] = move[2]
            session.set_answers(answers_for(state, blanks_))
        assert_on_a_shown_page(session)

    missing = session.missing()
    required = {(m.page, m.path) for m in missing if m.code == "required"}
    assert required == required_unanswered(session)
    for item in missing:
        assert item.page in session.shown()  # every missing thing is on a page one can reach
    signatures = {m.path for m in missing if m.code == "signature"}
    assert signatures == set(SIGNATURES) - documents_
    assert session.can_finalize == (not missing)
    assert session.can_finalize == (session.state.complete and not signatures)


@SETTINGS
@given(switches)
@example(ALL_ON)
@example(ALL_OFF)
def test_a_complete_visit_can_be_finalized_and_any_blank_required_field_stops_it(switches_):
    session = session_for(switches_)
    if not switches_["basic_information"]:
        # Without consent to basic information there is no visit to record: the one thing
        # missing is on the consent step.
        assert {(m.page, m.path) for m in session.missing()} == {
            ("consent", "consent.consent_choices")}
        assert not session.can_finalize
        switches_ = {**switches_, "basic_information": True}
        session = session_for(switches_)
    assert session.missing() == [] and session.can_finalize
    while session.current != FINALIZE:
        session.next()
    for step, path in sorted(_required_visible_fields(session))[:5]:
        blanked = session_for(switches_, frozenset({path}))
        assert not blanked.can_finalize
        assert (step, path) in {(m.page, m.path) for m in blanked.missing()}


def _required_visible_fields(session: VisitSession) -> set[tuple[str, str]]:
    out = set()
    for step in session.state.steps:
        for f in step.fields:
            out.update((step.id, g.path) for g in [f, *(i for it in f.items for i in it.fields)]
                       if g.required and not g.definition.is_roster)
    return out


def _outcomes(switches_: dict[str, bool]) -> dict[tuple[str, str], set[bool]]:
    """For every condition of v1 that is not a constant: how it came out on these answers
    (roster item conditions once per item), read with the engine's own condition logic."""
    session = session_for(switches_)
    submitted = submitted_answers(session.state)
    scope = Scope(submitted, session.state.computed, HOUSEHOLD, None, codelist_tags)
    out: dict[tuple[str, str], set[bool]] = {}

    def note(kind: str, path: str, condition: Any, where: Scope) -> None:
        if not isinstance(condition, bool):
            out.setdefault((kind, path), set()).add(holds(condition, where))

    for step in V1.steps:
        note("shown", step.id, step.visible_when, scope)
        for f in step.fields:
            note("shown", f.path, f.visible_when, scope)
            note("required", f.path, f.required, scope)
            for item in submitted.get(step.id, {}).get(f.id, []) if f.is_roster else []:
                for sub in f.fields:
                    note("shown", f"{f.path}.{sub.id}", sub.visible_when, scope.with_item(item))
                    note("required", f"{f.path}.{sub.id}", sub.required, scope.with_item(item))
    return out


def test_the_switches_take_every_condition_both_ways():
    seen: dict[tuple[str, str], set[bool]] = {}
    for switches_ in (ALL_ON, ALL_OFF):
        for key, outcomes in _outcomes(switches_).items():
            seen.setdefault(key, set()).update(outcomes)
    conditions = {(k, p) for k, p in seen}
    assert len(conditions) >= 25  # every conditional step and field of v1 is in there
    assert {key for key, outcomes in seen.items() if outcomes != {True, False}} == set()


def test_time_per_step_is_recorded_and_survives_a_restart():
    now = [dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)]

    def clock() -> dt.datetime:
        return now[0]

    def later(minutes: int) -> None:
        now[0] += dt.timedelta(minutes=minutes)

    session = VisitSession(V1, complete_answers(), household=HOUSEHOLD, today=TODAY,
                           clock=clock)
    assert session.current == "consent"
    later(4)
    session.next()
    later(2)
    session.jump("consent")
    later(1)
    session.next()
    assert session.time_on("consent") == dt.timedelta(minutes=5)
    assert session.time_on("household") == dt.timedelta(minutes=2)
    place = copy.deepcopy(session.place())

    later(3)  # the app was killed here: the open stay on "household" is never closed
    again = VisitSession(V1, complete_answers(), household=HOUSEHOLD, today=TODAY,
                         clock=clock, place=place)
    assert again.current == "household"
    assert again.time_on("consent") == dt.timedelta(minutes=5)
    assert again.time_on("household") == dt.timedelta(minutes=2)  # the lost stay counts 0
    later(6)
    again.close()
    assert again.time_on("household") == dt.timedelta(minutes=8)
    assert [s.page for s in again.stays] == ["consent", "household", "consent", "household",
                                             "household"]


def test_a_saved_place_on_a_step_now_hidden_starts_on_the_first_page():
    place = {"step": "income", "stays": []}
    answers = answers_for({"basic_information": False})
    session = VisitSession(V1, answers, household=HOUSEHOLD, today=TODAY, place=place)
    assert session.current == "consent"
    assert "income" not in session.shown()
    assert session.jump("income") == "consent"
