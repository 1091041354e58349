"""A visit keeps its definition version: v1 visits still render and validate after a v2 that
adds and removes fields (the test-only v2 lives in tests/visitlogic/forms)."""

from __future__ import annotations

from pathlib import Path

import pytest
from visit_examples import HOUSEHOLD, TODAY, complete_answers

from homevisit.errors import DefinitionNotFound
from homevisit.resources import resource_path
from homevisit.visits.forms import (
    available_versions,
    evaluate,
    latest_definition,
    load_definition,
    submitted_answers,
)

ROOTS = (resource_path("forms"), Path(__file__).parent / "forms")


def run(definition, answers):
    return evaluate(definition, answers, today=TODAY, household=HOUSEHOLD)


def stored_v1_visit() -> dict:
    """A visit as the store keeps it: (form_id, version) plus the answers of that version."""
    answers = complete_answers()
    answers["consent"]["guardian_phone"] = "13812345678"  # a field v2 removed
    answers["income"]["property"] = 600  # removed in v2
    answers["observations"]["growth_note"] = "喜欢读书"  # removed in v2
    return {"form_id": "home-visit", "version": 1, "answers": answers}


def test_both_versions_are_found_and_v2_is_the_latest():
    assert available_versions("home-visit", roots=ROOTS) == (1, 2)
    assert latest_definition("home-visit", roots=ROOTS).version == 2
    assert latest_definition("home-visit").version == 1  # the shipped tree only has v1


def test_a_v1_visit_still_renders_and_validates_after_v2():
    visit = stored_v1_visit()
    definition = load_definition(visit["form_id"], visit["version"], roots=ROOTS)
    state = run(definition, visit["answers"])
    assert (state.form_id, state.version) == ("home-visit", 1)
    assert state.complete and state.messages == ()
    assert "consent.guardian_phone" in state.visible_paths()
    submitted = submitted_answers(state)
    assert submitted["income"]["property"] == 600
    assert submitted["observations"]["growth_note"] == "喜欢读书"
    assert state.computed["total_income"] == 21800.5  # 12000 + 8000 + 0 + 600 + 1200.50
    # v1 still reports malformed answers as before.
    visit["answers"]["consent"]["guardian_phone"] = "12"
    state = run(definition, visit["answers"])
    assert {m.code for m in state.messages} == {"bad_phone"}


def test_v2_adds_and_removes_fields_without_breaking_on_v1_answers():
    v2 = load_definition("home-visit", 2, roots=ROOTS)
    state = run(v2, stored_v1_visit()["answers"])  # e.g. a counselor revising onto v2
    visible = state.visible_paths()
    assert not visible & {
        "consent.guardian_phone",
        "income.property",
        "observations.growth_note",
        "members.people.2.yearly_income",
    }
    assert "property" not in submitted_answers(state)["income"]
    assert state.computed["total_income"] == 21200.5  # property income no longer counts
    missing = {m.path for m in state.messages if m.code == "required"}
    assert missing == {
        "housing.floor_area",
        "members.people.0.insured",
        "members.people.2.insured",
        "members.people.3.insured",
    }


def test_a_v2_visit_completes_under_v2():
    answers = complete_answers()
    answers["consent"]["consent_choices"].append("home_photos")
    answers["housing"]["floor_area"] = 86.5
    for person in answers["members"]["people"]:
        person["insured"] = True
    state = run(load_definition("home-visit", 2, roots=ROOTS), answers)
    assert state.step("photos") is not None
    assert {m.path for m in state.messages} == {"photos.home_photo_count"}
    answers["photos"] = {"home_photo_count": 3}
    assert run(load_definition("home-visit", 2, roots=ROOTS), answers).complete


def test_a_missing_version_is_a_typed_bilingual_error():
    with pytest.raises(DefinitionNotFound) as caught:
        load_definition("home-visit", 99, roots=ROOTS)
    assert "99" in caught.value.text.zh and "99" in caught.value.text.en
