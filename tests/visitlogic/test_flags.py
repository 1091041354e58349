"""Device flag rules: each fires on its trigger and only there; the suggested question suits
the parent's situation; a flag goes away when its answer changes unless a supervisor decided."""

from __future__ import annotations

import dataclasses

import pytest
from visit_examples import make_credit_code, member

from homevisit.i18n import Text
from homevisit.visits.flags import (
    FlagCategory,
    FlagFinding,
    FlagSource,
    FlagStatus,
    evaluate_flags,
    find_flags,
)

PUBLIC, OFFICER = FlagCategory.PUBLIC_EMPLOYEE, FlagCategory.CORPORATE_OFFICER
# A working father with nothing that should raise a flag.
QUIET = {
    "occupation": "worker",
    "employer": "某某建材厂",
    "employer_type": "private_enterprise",
    "position": "staff",
    "employer_credit_code": make_credit_code("9"),
}


def visit(*people):
    return {"members": {"people": [member("self"), *people]}}


def father(**changes):
    return member("father", name="张某某", id_number="320321198001011234", **(QUIET | changes))


def test_a_quiet_father_raises_nothing():
    assert find_flags(visit(father())) == []


TRIGGERS = [
    ("flag.employer_type.public_finance", PUBLIC, "employer_type", "government_agency"),
    ("flag.employer_type.public_finance", PUBLIC, "employer_type", "public_institution"),
    ("flag.occupation.public_post", PUBLIC, "occupation", "civil_servant"),
    ("flag.position.corporate_officer", OFFICER, "position", "legal_representative"),
    ("flag.position.corporate_officer", OFFICER, "position", "supervisor"),
    ("flag.credit_code.public_body", PUBLIC, "employer_credit_code", make_credit_code("1")),
    ("flag.employer_name.public_body", PUBLIC, "employer", "某县第二中学"),
    ("flag.employer_name.public_body", PUBLIC, "employer", "某某县人民政府"),
    ("flag.employer_name.public_body", PUBLIC, "employer", "某市人民医院"),
]


@pytest.mark.parametrize(("rule_id", "category", "field", "value"), TRIGGERS)
def test_each_rule_fires_on_its_trigger_and_only_there(rule_id, category, field, value):
    findings = find_flags(visit(father(**{field: value})))
    assert [(f.rule_id, f.category) for f in findings] == [(rule_id, category)]
    flag = findings[0]
    assert flag.trigger_field == f"members.people.1.{field}"
    assert flag.trigger_value == value
    assert (flag.member_index, flag.member_id, flag.status) == (1, "m-father", FlagStatus.OPEN)
    texts = [flag.evidence.zh, flag.evidence.en, flag.question.zh, flag.question.en]
    assert all(texts)
    for text in texts:  # no personal data beyond the trigger answer
        assert "张某某" not in text and "320321198001011234" not in text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employer_type", "state_owned_enterprise"),
        ("position", "middle_manager"),  # management, but not a corporate officer
        ("employer_credit_code", make_credit_code("9")),
        ("employer_credit_code", "1-NOT-A-CODE"),
        ("employer", "某某人民医院有限公司"),  # a company, even if the name says hospital
        ("employer", "某某驾校"),
        ("occupation", "farmer"),
    ],
)
def test_near_misses_raise_nothing(field, value):
    assert find_flags(visit(father(**{field: value}))) == []


def test_only_parents_are_checked():
    brother = member("elder_brother", occupation="civil_servant", employer_type="government_agency")
    assert find_flags(visit(father(), brother)) == []
    stepmother = member("stepmother", position="director")
    assert [f.member_index for f in find_flags(visit(father(), stepmother))] == [2]


def test_one_fact_about_one_parent_is_one_flag_listing_every_rule():
    findings = find_flags(
        visit(
            father(
                occupation="civil_servant",
                employer_type="public_institution",
                employer="某县中学",
                employer_credit_code=make_credit_code("1"),
                position="legal_representative",
            )
        )
    )
    # One flag per member and category: the family is asked once per finding.
    assert sorted(f.category for f in findings) == sorted([PUBLIC, OFFICER])
    public = next(f for f in findings if f.category is PUBLIC)
    assert {hit.rule_id for hit in public.rules} == {
        "flag.occupation.public_post",
        "flag.employer_type.public_finance",
        "flag.employer_name.public_body",
        "flag.credit_code.public_body",
    }
    assert public.evidence.zh.startswith("父亲：") and "职业" in public.evidence.zh
    assert "父亲" in public.question.zh and "father" in public.question.en
    assert FlagFinding.from_record(public.as_record()) == public


def test_an_explained_flag_stays_explained_as_its_evidence_grows_or_shrinks():
    (flag,) = evaluate_flags(visit(father(occupation="civil_servant")))
    explained = _with(flag, FlagStatus.EXPLAINED)
    (more,) = evaluate_flags(visit(father(occupation="civil_servant",
                                          employer_type="government_agency")), [explained])
    # The server never takes an explained flag back to open; the card shows the new fact.
    assert more.status is FlagStatus.EXPLAINED and len(more.rules) == 2
    settled = _with(more, FlagStatus.EXPLAINED)
    (fewer,) = evaluate_flags(visit(father(employer_type="government_agency")), [settled])
    assert fewer.status is FlagStatus.EXPLAINED and len(fewer.rules) == 1


def test_flags_stored_one_per_rule_fold_into_one_per_person():
    old = [FlagFinding(rule, PUBLIC, 1, "m-father", f"members.people.1.{field}", value,
                       Text("旧", "old"), Text("问", "ask"), status=status)
           for rule, field, value, status in (
               ("flag.occupation.public_post", "occupation", "civil_servant",
                FlagStatus.OPEN),
               ("flag.employer_type.public_finance", "employer_type", "government_agency",
                FlagStatus.EXPLAINED))]
    answers = visit(father(occupation="civil_servant", employer_type="government_agency"))
    (one,) = evaluate_flags(answers, old)
    assert one.status is FlagStatus.EXPLAINED and len(one.rules) == 2


@pytest.mark.parametrize(
    ("situation", "changes", "zh", "en"),
    [
        ("deceased", {"life_status": "deceased"}, "已故", "has died"),
        ("retired", {"occupation": "retired"}, "已退休", "retired"),
        ("non-custodial", {"custody": "non_custodial"}, "不与学生共同生活", "does not live with"),
        ("working", {}, "财政供养", "public finance"),
    ],
)
def test_the_question_suits_the_parents_situation(situation, changes, zh, en):
    findings = find_flags(visit(father(employer_type="government_agency", **changes)))
    assert len(findings) == 1, situation  # described situations are asked about, not silenced
    assert zh in findings[0].question.zh and en in findings[0].question.en


@pytest.mark.parametrize(
    ("changes", "zh"),
    [
        ({"life_status": "deceased"}, "已故"),
        ({"occupation": "retired"}, "已退休"),
        ({"custody": "non_custodial"}, "抚养费"),
        ({}, "持股"),
    ],
)
def test_corporate_officer_questions_suit_the_situation_too(changes, zh):
    (flag,) = find_flags(visit(father(position="legal_representative", **changes)))
    assert zh in flag.question.zh


def _with(flag: FlagFinding, status: FlagStatus) -> FlagFinding:
    return dataclasses.replace(flag, status=status)


def test_an_unchanged_answer_keeps_the_recorded_status():
    answers = visit(father(employer_type="government_agency", occupation="retired"))
    (flag,) = evaluate_flags(answers)
    explained = _with(flag, FlagStatus.EXPLAINED)
    assert evaluate_flags(answers, [explained]) == [explained]


def test_a_flag_goes_away_when_its_trigger_answer_changes():
    before = visit(father(employer_type="government_agency"))
    (flag,) = evaluate_flags(before)
    explained = _with(flag, FlagStatus.EXPLAINED)
    assert evaluate_flags(visit(father()), [explained]) == []
    # A different triggering value is the same member's flag, with the new evidence.
    (same,) = evaluate_flags(visit(father(employer_type="public_institution")), [explained])
    assert (same.trigger_value, same.status) == ("public_institution", FlagStatus.EXPLAINED)


@pytest.mark.parametrize("decision", [FlagStatus.CONFIRMED, FlagStatus.DISMISSED])
def test_a_supervisors_decision_survives_a_changed_answer(decision):
    (flag,) = evaluate_flags(visit(father(position="manager")))
    decided = _with(flag, decision)
    assert evaluate_flags(visit(father()), [decided]) == [decided]
    assert evaluate_flags(visit(father(position="manager")), [decided]) == [decided]


def test_member_identity_survives_reordering():
    (flag,) = evaluate_flags(visit(father(position="director")))
    explained = _with(flag, FlagStatus.EXPLAINED)
    reordered = {"members": {"people": [father(position="director"), member("self")]}}
    (again,) = evaluate_flags(reordered, [explained])
    assert (again.member_index, again.status) == (0, FlagStatus.EXPLAINED)


def test_server_and_supervisor_flags_pass_through_untouched():
    server = FlagFinding(
        "server.roster.public_payroll",
        PUBLIC,
        1,
        "m-father",
        "members.people.1",
        "",
        Text("名册比对命中。", "Roster match."),
        Text("请核实。", "Verify."),
        source=FlagSource.ROSTER,
    )
    assert evaluate_flags(visit(father()), [server]) == [server]


@pytest.mark.parametrize(
    "junk",
    [
        {},
        {"members": 3},
        {"members": {"people": "x"}},
        {"members": {"people": [None, 5, {"relation": "father", "position": ["director"]}]}},
    ],
)
def test_malformed_answers_raise_no_flags_and_no_errors(junk):
    assert evaluate_flags(junk) == []


def test_flags_round_trip_through_records():
    import json

    (flag,) = evaluate_flags(visit(father(position="director", occupation="retired")))
    record = json.loads(json.dumps(flag.as_record(), ensure_ascii=False))
    assert FlagFinding.from_record(record) == flag
    decided = FlagFinding.from_record(record | {"status": "dismissed"})
    assert evaluate_flags(visit(father()), [decided]) == [decided]
