"""The form engine on the real home-visit form v1: what shows, what is wrong, how far along."""

from __future__ import annotations

import copy

import pytest
from visit_examples import (
    HOUSEHOLD,
    STUDENT_ID,
    TODAY,
    complete_answers,
    make_credit_code,
    make_id,
    member,
)

from homevisit.visits.forms import Severity, evaluate, load_definition, submitted_answers, value_at


@pytest.fixture(scope="module")
def v1():
    return load_definition("home-visit", 1)


def run(definition, answers):
    return evaluate(definition, answers, today=TODAY, household=HOUSEHOLD)


def codes(state, path):
    return {m.code for m in state.messages_for(path)}


def test_a_complete_visit_is_complete_and_has_no_messages(v1):
    state = run(v1, complete_answers())
    assert state.messages == ()
    assert state.complete
    assert all(step.progress.complete for step in state.steps)
    assert [s.id for s in state.steps] == [
        "consent",
        "household",
        "members",
        "income",
        "expenses",
        "housing",
        "special_situations",
        "policies",
        "observations",
        "recommendation",
    ]
    assert state.computed["student_age"] == 14
    assert state.computed["student_sex"] == "male"  # 17th digit 1 is odd
    assert state.computed["member_count"] == 3  # the deceased father is not counted


def test_under_14_by_id_birth_date_requires_guardian_and_relation(v1):
    answers = complete_answers()
    answers["consent"]["student_id_number"] = make_id("20130302", "121")  # 13 on 2026-09-01
    del answers["consent"]["guardian_name"], answers["consent"]["guardian_relation"]
    state = run(v1, answers)
    assert state.computed["student_under_14"] is True
    assert codes(state, "consent.guardian_name") == {"required"}
    assert codes(state, "consent.guardian_relation") == {"required"}
    assert not state.step("consent").progress.complete
    # The day before the 14th birthday still counts as under 14; the birthday itself does not.
    answers["consent"]["student_id_number"] = make_id("20120902", "121")
    assert run(v1, answers).computed["student_under_14"] is True
    answers["consent"]["student_id_number"] = make_id("20120901", "121")
    state = run(v1, answers)
    assert state.computed["student_under_14"] is False
    assert state.messages_for("consent.guardian_name") == ()


def test_guardian_relation_must_be_able_to_act_as_guardian(v1):
    answers = complete_answers()
    answers["consent"]["guardian_relation"] = "younger_brother"
    assert codes(run(v1, answers), "consent.guardian_relation") == {
        "guardian-relation-not-guardian"
    }


def test_without_basic_consent_nothing_is_captured_but_answers_are_kept(v1):
    answers = complete_answers()
    answers["consent"]["consent_choices"] = ["document_photos"]
    before = copy.deepcopy(answers)
    state = run(v1, answers)
    assert answers == before  # evaluate never changes the caller's answers
    shown = {s.id for s in state.steps}
    assert not shown & {"household", "members", "income", "expenses", "housing"}
    assert codes(state, "consent.consent_choices") == {"basic-consent-missing"}
    submitted = submitted_answers(state)
    assert "members" not in submitted and "income" not in submitted
    # Toggling back shows everything again with the kept answers.
    answers["consent"]["consent_choices"].append("basic_information")
    again = run(v1, answers)
    assert value_at(again, "members.people.0.relation") == "self"


def test_hidden_follow_up_keeps_its_answer_until_toggled_back(v1):
    answers = complete_answers()
    answers["housing"]["car_note"] = "营运用三轮车"
    state = run(v1, answers)  # has_car is False: the note is hidden
    assert "housing.car_note" not in state.visible_paths()
    assert "car_note" not in submitted_answers(state)["housing"]
    answers["housing"]["has_car"] = True
    state = run(v1, answers)
    assert value_at(state, "housing.car_note") == "营运用三轮车"
    assert [m.severity for m in state.messages] == [Severity.WARNING]  # a signal, not a block
    assert state.complete


def test_roster_items_have_their_own_conditions(v1):
    answers = complete_answers()
    state = run(v1, answers)
    people = next(f for f in state.step("members").fields if f.path == "members.people")
    by_relation = {
        item.fields[1].value: {f.definition.id for f in item.fields} for item in people.items
    }
    assert "schooling" in by_relation["elder_sister"]
    assert "schooling" not in by_relation["mother"]
    assert "custody" in by_relation["mother"]
    assert "custody" not in by_relation["father"]  # deceased
    assert "health" not in by_relation["father"]
    assert "occupation" not in by_relation["self"]
    # Without consent to health information, no member's health is asked or kept.
    answers["consent"]["consent_choices"].remove("health_information")
    state = run(v1, answers)
    assert not any(p.endswith(".health") for p in state.visible_paths())
    assert all("health" not in m for m in submitted_answers(state)["members"]["people"])
    assert state.complete


def test_member_ids_survive_and_items_are_validated_one_by_one(v1):
    answers = complete_answers()
    answers["members"]["people"].append(member("younger_brother", schooling="spaceship"))
    state = run(v1, answers)
    assert codes(state, "members.people.4.schooling") == {"unknown_choice"}
    kept = submitted_answers(state)["members"]["people"]
    assert [m["_id"] for m in kept][:2] == ["m-self", "m-father"]


def test_the_student_appears_exactly_once_in_the_roster(v1):
    answers = complete_answers()
    answers["members"]["people"] = [member("mother")]
    assert codes(run(v1, answers), "members.people") == {"one-student-in-roster"}
    answers["members"]["people"] = [member("self"), member("self")]
    assert codes(run(v1, answers), "members.people") == {"one-student-in-roster"}


def test_messages_never_echo_personal_data(v1):
    answers = complete_answers()
    bad_id = STUDENT_ID[:-1] + ("0" if STUDENT_ID[-1] != "0" else "1")
    answers["consent"]["student_id_number"] = bad_id
    answers["consent"]["guardian_phone"] = "1234567"
    answers["members"]["people"][2]["id_number"] = "32032119800101999"
    state = run(v1, answers)
    assert codes(state, "consent.student_id_number") == {"bad_resident_id"}
    assert codes(state, "consent.guardian_phone") == {"bad_phone"}
    assert codes(state, "members.people.2.id_number") == {"bad_resident_id"}
    for message in state.messages:
        for text in (message.text.zh, message.text.en):
            for secret in (bad_id, "1234567", "32032119800101999", "成员", "监护人"):
                assert secret not in text


def test_credit_code_checksum_failure_is_a_warning_not_an_error(v1):
    answers = complete_answers()
    good = make_credit_code("9")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    answers["members"]["people"][2] |= {
        "occupation": "worker",
        "employer_type": "private_enterprise",
        "employer_credit_code": wrong,
    }
    state = run(v1, answers)
    assert [(m.code, m.severity) for m in state.messages] == [
        ("credit_code_checksum", Severity.WARNING)
    ]
    assert state.complete
    answers["members"]["people"][2]["employer_credit_code"] = "NOT-A-CODE"
    assert codes(run(v1, answers), "members.people.2.employer_credit_code") == {"bad_credit_code"}


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        ("income.wages", "abc", "not_a_number"),
        ("income.wages", -1, "negative_money"),
        ("income.wages", "10.005", "money_cents"),
        ("income.wages", 20_000_000, "too_large"),
        ("income.wages", True, "not_a_number"),
        ("observations.observations", "短", "too_short"),
        ("observations.observations", 42, "wrong_type"),
        ("policies.explained", ["student_loan", "student_loan"], "duplicate_choice"),
        ("policies.explained", ["no_such_policy"], "unknown_choice"),
        ("consent.notice_explained", "yes", "wrong_type"),
        ("members.people", "three people", "wrong_type"),
    ],
)
def test_malformed_answers_become_messages(v1, path, value, code):
    answers = complete_answers()
    step, field = path.split(".")
    answers[step][field] = value
    state = run(v1, answers)
    assert code in codes(state, path)
    assert not state.complete


def test_disaster_loss_asks_what_happened(v1):
    answers = complete_answers()
    answers["expenses"]["disaster_loss"] = "5000"
    assert codes(run(v1, answers), "expenses.loss_description") == {"required"}
    answers["expenses"]["loss_description"] = "暴雨导致房屋受损"
    assert run(v1, answers).complete


def test_progress_counts_required_visible_fields_per_step(v1):
    answers = complete_answers()
    del answers["income"]["wages"], answers["income"]["farming"]
    state = run(v1, answers)
    income = state.step("income").progress
    assert (income.required, income.answered) == (3, 1)
    assert income.ratio == pytest.approx(1 / 3)
    assert not income.complete and state.step("expenses").progress.complete
    assert state.progress.required - state.progress.answered == 2


def test_garbage_top_level_answers_do_not_crash(v1):
    for junk in ({}, {"consent": 5}, {"members": {"people": [1, None, "x"]}}, {"x": {"y": []}}):
        state = run(v1, junk)
        assert not state.complete


def test_navigation_follows_the_visible_steps(v1):
    answers = complete_answers()
    answers["consent"]["consent_choices"] = ["document_photos"]
    state = run(v1, answers)
    assert state.next_step() == "consent"
    assert state.next_step("consent") == "special_situations"  # capture steps are hidden
    assert state.previous_step("special_situations") == "consent"
    # From a step that has just been hidden, the walk continues from its place.
    assert state.next_step("members") == "special_situations"
    assert state.previous_step("housing") == "consent"
    assert state.next_step("recommendation") is None and state.previous_step("consent") is None
    assert state.first_incomplete_step() == "consent"  # basic consent is missing
    assert run(v1, complete_answers()).first_incomplete_step() is None
