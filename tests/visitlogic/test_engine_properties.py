"""Property-based tests of the engine on the real v1 form (hypothesis).

For random answers — well-typed, half-filled or plain junk — the engine never crashes,
hidden fields never appear in its output, and a required field that is hidden never blocks
completion (nor does any answer to a hidden field change anything at all).
HOMEVISIT_TRIALS raises the number of examples (default 120 per property in CI).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from visit_examples import HOUSEHOLD, TODAY, make_credit_code, make_id

from homevisit.visits.codelists import codelist_tags
from homevisit.visits.conditions import Scope, holds
from homevisit.visits.forms import FieldDef, evaluate, load_definition, submitted_answers

TRIALS = int(os.environ.get("HOMEVISIT_TRIALS", "120"))
V1 = load_definition("home-visit", 1)
SETTINGS = settings(
    max_examples=TRIALS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
births = st.dates(dt.date(1950, 1, 1), TODAY).map(lambda d: d.strftime("%Y%m%d"))


def well_typed(f: FieldDef) -> st.SearchStrategy[Any]:
    codes = sorted(f.choice_codes())
    return {
        "text": st.text(min_size=0, max_size=50),
        "textarea": st.text(min_size=0, max_size=50),
        "integer": st.integers(-5, 10**6),
        "number": st.integers(0, 10**6),
        "money": st.one_of(st.integers(0, 10**6), st.decimals(0, 10**6, places=2).map(str)),
        "date": st.dates().map(dt.date.isoformat),
        "boolean": st.booleans(),
        "choice": st.sampled_from(codes) if codes else st.text(),
        "multichoice": st.lists(st.sampled_from(codes), unique=True) if codes else st.just([]),
        "resident_id": births.map(make_id),
        "credit_code": st.sampled_from("19").map(make_credit_code),
        "phone": st.integers(13000000000, 19999999999).map(str),
    }.get(f.type, junk)


def field_answer(f: FieldDef) -> st.SearchStrategy[Any]:
    if f.is_roster:
        item = st.fixed_dictionaries({}, optional={sub.id: field_answer(sub) for sub in f.fields})
        return st.one_of(st.lists(item, max_size=4), junk)
    return st.one_of(well_typed(f), well_typed(f), junk)


def step_answers(step) -> st.SearchStrategy[Any]:
    fields = {f.id: field_answer(f) for f in step.fields}
    if step.id != "consent":
        return st.one_of(st.fixed_dictionaries({}, optional=fields), junk)
    # Most generated visits consent to basic information, so the capture steps and the
    # roster (with its per-item conditions) are exercised, not hidden behind consent.
    choices = st.lists(
        st.sampled_from(sorted(V1.field("consent.consent_choices").choice_codes())), unique=True
    )
    consent = st.one_of(choices.map(lambda c: sorted({"basic_information", *c})), choices)
    required = {
        "consent_choices": st.one_of(
            consent, consent, consent, field_answer(V1.field("consent.consent_choices"))
        )
    }
    rest = {k: v for k, v in fields.items() if k not in required}
    return st.fixed_dictionaries(required, optional=rest)


answers_strategy = st.fixed_dictionaries(
    {"consent": step_answers(V1.steps[0])},
    optional={step.id: step_answers(step) for step in V1.steps[1:]},
)


def run(answers):
    return evaluate(V1, answers, today=TODAY, household=HOUSEHOLD)


def expected_visible(state) -> set[str]:
    """An independent reading of visibility: each field's condition on the submitted answers."""
    submitted = submitted_answers(state)
    scope = Scope(submitted, state.computed, HOUSEHOLD, None, codelist_tags)
    out: set[str] = set()
    for step in V1.steps:
        if not holds(step.visible_when, scope):
            continue
        for f in step.fields:
            if not holds(f.visible_when, scope):
                continue
            out.add(f.path)
            items = submitted.get(step.id, {}).get(f.id, []) if f.is_roster else []
            for index, item in enumerate(items):
                item_scope = scope.with_item(item)
                out.update(
                    f"{f.path}.{index}.{sub.id}"
                    for sub in f.fields
                    if holds(sub.visible_when, item_scope)
                )
    return out


def roster_items_are_dicts(answers: dict) -> bool:
    members = answers.get("members")
    people = members.get("people") if isinstance(members, dict) else None
    return not isinstance(people, list) or all(isinstance(i, dict) for i in people)


@SETTINGS
@given(answers_strategy)
def test_random_answers_never_crash_and_hidden_fields_never_show(answers):
    state = run(answers)
    visible = state.visible_paths()
    if roster_items_are_dicts(answers):  # else submitted indices skip the junk items
        assert visible == expected_visible(state)
    assert {m.path for m in state.messages} <= visible
    for step in state.steps:
        assert step.progress.required >= step.progress.answered >= 0
        for f in step.fields:  # a roster's value holds only its visible item fields
            if f.definition.is_roster and isinstance(f.value, list):
                for kept, item in zip(f.value, f.items, strict=True):
                    assert set(kept) <= {i.definition.id for i in item.fields} | {"_id"}
    submitted = submitted_answers(state)
    for step_id, fields in submitted.items():
        for field_id, value in fields.items():
            assert f"{step_id}.{field_id}" in visible
            if isinstance(value, list) and V1.field(f"{step_id}.{field_id}").is_roster:
                for index, item in enumerate(value):
                    for key in item:
                        assert key == "_id" or f"{step_id}.{field_id}.{index}.{key}" in visible


# --- filling in: every blocking message gets a valid answer until the form is complete ----

FIX = {
    "consent.guardian_relation": "mother",
    "consent.consent_choices": ["basic_information", "health_information"],
    "members.people": [{"name": "学生", "relation": "self", "life_status": "living"}],
}


def valid_value(f: FieldDef) -> Any:
    if f.path in FIX:
        return copy.deepcopy(FIX[f.path])
    codes = [c.code for c in f.choices or ()]
    return {
        "text": "已经核实的情况说明",
        "textarea": "已经核实的情况说明，情况属实。",
        "integer": 1,
        "number": 1,
        "money": 100,
        "date": "2026-01-01",
        "boolean": False,
        "choice": codes[-1] if codes else "",
        "multichoice": codes[:1],
        "resident_id": make_id("20100101", "121"),
        "credit_code": make_credit_code("9"),
        "phone": "13812345678",
    }[f.type]


def set_path(answers: dict, path: str) -> None:
    parts = path.split(".")
    step = answers.get(parts[0])
    if not isinstance(step, dict):
        step = answers[parts[0]] = {}
    if len(parts) == 2:
        step[parts[1]] = valid_value(V1.field(path))
        return
    roster = step[parts[1]]
    item = roster[int(parts[2])]
    item[parts[3]] = valid_value(V1.field(f"{parts[0]}.{parts[1]}.{parts[3]}"))


def field_of(path: str) -> FieldDef:
    parts = path.split(".")
    return V1.field(".".join(parts[:2] + parts[3:]))


def fill_in(answers: dict) -> Any:
    for _ in range(25):
        state = run(answers)
        errors = [m for m in state.messages if m.severity == "error"]
        if not errors:
            return state
        for message in errors:
            set_path(answers, message.path)
    pytest.fail("filling in did not converge")


def hidden_paths(state) -> list[str]:
    """Hidden fields, roster item fields as ``step.roster.index.field``."""
    visible = state.visible_paths()
    out = []
    for step in V1.steps:
        for f in step.fields:
            if f.path not in visible:
                out.append(f.path)
            elif f.is_roster:
                items = next(fs for s in state.steps for fs in s.fields if fs.path == f.path).items
                out += [
                    f"{f.path}.{i.index}.{sub.id}"
                    for i in items
                    for sub in f.fields
                    if f"{f.path}.{i.index}.{sub.id}" not in visible
                ]
    return out


@SETTINGS
@given(answers_strategy, junk)
def test_hidden_required_fields_never_block_completion(answers, noise):
    answers = {k: (v if isinstance(v, dict) else {}) for k, v in answers.items()}
    state = fill_in(answers)
    assert state.complete
    hidden = hidden_paths(state)
    hidden_required = [p for p in hidden if field_of(p).required is not False]
    # Junk in every hidden field (required ones included) changes nothing at all.
    noisy = copy.deepcopy(answers)
    for path in hidden:
        parts = path.split(".")
        if len(parts) == 2:
            noisy.setdefault(parts[0], {})[parts[1]] = noise
        else:
            noisy[parts[0]][parts[1]][int(parts[2])][parts[3]] = noise
    again = run(noisy)
    assert again.complete
    assert again.visible_paths() == state.visible_paths()
    assert submitted_answers(again) == submitted_answers(state)
    assert again.messages == state.messages
    assert all(p not in again.visible_paths() for p in hidden_required)


def test_fill_in_reaches_hidden_required_fields_in_practice():
    """The property above is not vacuous: a plain filled-in form hides required fields."""
    state = fill_in({})
    hidden = hidden_paths(state)
    assert "consent.authorisation_signed" in hidden  # roster checks not authorised
    assert "housing.car_note" in hidden  # no car
    assert "members.people.0.occupation" in hidden  # the student's own occupation is not asked
    assert V1.field("housing.car_note").required is True
