"""Jiangsu 2020 scoring: worked examples computed by hand from resources/scoring/jiangsu-2020.yaml.

Points used below (from the rule file): region 苏北 10 / 苏中 7 / 苏南 5 / 集中连片 15 (only
the highest region counts); rural 3; student's own disability 50; family type (capped at
100): 低保 100, 孤儿 100, a deceased parent 40 each, divorced 20; sibling in senior high 5,
sibling seriously ill 20, parent or sibling with minor illness 5; parent in management −2;
car −10. Thresholds: ≥ 90 特别困难, ≥ 60 比较困难, ≥ 30 一般困难, else 不认定.
"""

from __future__ import annotations

import pytest
import yaml
from visit_examples import HOUSEHOLD, TODAY, complete_answers, member

from homevisit.errors import RuleSetInvalid
from homevisit.resources import resource_path
from homevisit.visits.forms import evaluate, load_definition, submitted_answers
from homevisit.visits.rule_fit import unknown_references
from homevisit.visits.scoring import (
    level_label,
    load_rule_set,
    load_shipped_rule_set,
    needs_reason,
    score,
)

RULES = load_shipped_rule_set("jiangsu-2020")
SUNAN = {"region_code": "320102"}  # 南京 (3201)
SUZHONG = {"region_code": "321002"}  # 扬州 (3210)


def lines(result):
    return {rule_id: points for rule_id, _zh, _en, points in result.lines}


def test_worked_example_subei_rural_father_deceased_sister_in_senior_high():
    # 苏北 10 + rural 3 + father deceased 40 + sister in senior high 5 = 58
    # → 一般困难 (30 ≤ 58 < 60)
    result = score(RULES, complete_answers(), HOUSEHOLD)
    assert lines(result) == {
        "region.subei": 10,
        "household.rural": 3,
        "family.parent_deceased": 40,
        "siblings.high_school": 5,
    }
    assert result.total == 58
    assert result.suggested_level == "generally_difficult"
    assert result.suggested_label.zh == "一般困难"


def test_family_type_is_capped_at_100():
    # 苏南 5; urban 0; family type: 低保 100 + 孤儿 100 + two deceased parents 2 × 40 = 280,
    # capped: a line of 100 − 280 = −180; student's disability 50.
    # Total 5 + 280 − 180 + 50 = 155 → 特别困难 (≥ 90).
    answers = complete_answers()
    answers["household"] |= {
        "residence_type": "urban",
        "special_categories": ["minimum_living", "orphan"],
    }
    answers["members"]["people"] = [
        member("self"),
        member("father", life_status="deceased"),
        member("mother", life_status="deceased"),
    ]
    answers["special_situations"]["student_disability"] = True
    result = score(RULES, answers, SUNAN)
    assert lines(result) == {
        "region.sunan": 5,
        "family.minimum_living": 100,
        "family.orphan": 100,
        "family.parent_deceased": 80,
        "family_type.cap": -180,
        "student.disability": 50,
    }
    assert result.total == 155
    assert result.suggested_level == "especially_difficult"
    cap_line = next(line for line in result.lines if line.rule_id == "family_type.cap")
    assert "100" in cap_line.zh and "100" in cap_line.en


def test_only_the_highest_region_counts():
    # A contiguous poverty area in Subei: max(10, 15) = 15, not 25. Plus rural 3,
    # father deceased 40, sister 5: 15 + 3 + 40 + 5 = 63 → 比较困难 (60 ≤ 63 < 90).
    result = score(RULES, complete_answers(), HOUSEHOLD | {"contiguous_poverty_area": True})
    assert lines(result)["region.contiguous_poverty"] == 15
    assert "region.subei" not in lines(result)
    assert result.total == 63
    assert result.suggested_level == "difficult"


def test_signals_against_recognition_lower_the_score():
    # 苏中 7 + urban 0 + divorced 20 + father a manager −2 + car −10 = 15 → 不认定 (< 30).
    answers = complete_answers()
    answers["household"] |= {"residence_type": "urban", "parents_divorced": True}
    answers["members"]["people"] = [
        member("self"),
        member(
            "father", occupation="worker", employer_type="private_enterprise", position="manager"
        ),
        member("mother"),
    ]
    answers["housing"]["has_car"] = True
    result = score(RULES, answers, SUZHONG)
    assert lines(result) == {
        "region.suzhong": 7,
        "family.parents_divorced": 20,
        "occupation.parent_management": -2,
        "assets.car": -10,
    }
    assert result.total == 15
    assert result.suggested_level == "not_recognised"


def test_members_health_and_schooling_count_per_member():
    # 苏北 10 + rural 3 + mother minor illness 5 + brother seriously ill 20 + brother in
    # higher education 10 + sister in senior high 5 = 53 → 一般困难.
    answers = complete_answers()
    answers["members"]["people"] = [
        member("self"),
        member("mother", health="minor_illness"),
        member("elder_brother", health="serious_illness", schooling="higher_education"),
        member("younger_sister"),
    ]
    result = score(RULES, answers, HOUSEHOLD)
    assert lines(result) == {
        "region.subei": 10,
        "household.rural": 3,
        "health.member_minor": 5,
        "health.sibling_serious": 20,
        "siblings.higher_education": 10,
        "siblings.high_school": 5,
    }
    assert result.total == 53


def test_the_form_shows_the_score_of_visible_answers_only():
    v1 = load_definition("home-visit", 1)
    answers = complete_answers()
    answers["consent"]["consent_choices"] = ["document_photos"]  # nothing captured
    state = evaluate(v1, answers, today=TODAY, household=HOUSEHOLD)
    # Only the region counts: the hidden members, household and housing answers do not.
    assert state.computed["score"] == {"total": 10, "suggested_level": "not_recognised"}
    assert score(RULES, submitted_answers(state), HOUSEHOLD).total == 10


def test_a_recommendation_that_differs_from_the_suggestion_needs_a_reason():
    v1 = load_definition("home-visit", 1)
    answers = complete_answers()  # suggested 一般困难 (58), recommended 一般困难: no reason
    state = evaluate(v1, answers, today=TODAY, household=HOUSEHOLD)
    assert state.complete and not needs_reason(
        score(RULES, answers, HOUSEHOLD), "generally_difficult"
    )
    answers["recommendation"]["level"] = "difficult"
    state = evaluate(v1, answers, today=TODAY, household=HOUSEHOLD)
    assert [(m.path, m.code) for m in state.messages] == [("recommendation.reason", "required")]
    assert not state.complete
    assert needs_reason(score(RULES, answers, HOUSEHOLD), "difficult")
    answers["recommendation"]["reason"] = "母亲长期患病，无法外出务工。"
    assert evaluate(v1, answers, today=TODAY, household=HOUSEHOLD).complete


def test_thresholds_are_configuration_and_a_rule_set_can_come_from_the_server():
    data = yaml.safe_load(resource_path("scoring", "jiangsu-2020.yaml").read_text("utf-8"))
    data["version"] = 2
    data["levels"][2]["min_score"] = 60  # 一般困难 now from 60: the 58 family is not recognised
    data["levels"][1]["min_score"] = 75
    sent = yaml.safe_dump(data, allow_unicode=True)
    replaced = load_rule_set(sent)
    result = score(replaced, complete_answers(), HOUSEHOLD)
    assert (replaced.version, result.total, result.suggested_level) == (2, 58, "not_recognised")
    assert result.rule_set_version == 2
    assert load_rule_set(resource_path("scoring", "jiangsu-2020.yaml")).rules == RULES.rules


BAD = {
    "unknown group": lambda d: d["rules"][0].update(group="nowhere"),
    "thresholds not descending": lambda d: d["levels"][0].update(min_score=10),
    "no fallback level": lambda d: d["levels"].pop(),
    "unknown level": lambda d: d["levels"][0].update(level="super_difficult"),
    "condition as a string": lambda d: d["rules"][0].update(when="region == 'subei'"),
    "points not whole": lambda d: d["rules"][0].update(points=2.5),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_rule_sets_are_refused(name):
    data = yaml.safe_load(resource_path("scoring", "jiangsu-2020.yaml").read_text("utf-8"))
    BAD[name](data)
    with pytest.raises(RuleSetInvalid):
        load_rule_set(data)


def test_rule_set_text_that_is_not_yaml_is_refused():
    with pytest.raises(RuleSetInvalid):
        load_rule_set("id: [unclosed\nversion: 1")


def test_levels_have_chinese_and_english_labels():
    assert [
        level_label(c).zh
        for c in ("especially_difficult", "difficult", "generally_difficult", "not_recognised")
    ] == ["特别困难", "比较困难", "一般困难", "不认定"]
    assert level_label("difficult").en == "Difficult"


def test_every_assumed_figure_is_marked_in_the_rule_file():
    data = yaml.safe_load(resource_path("scoring", "jiangsu-2020.yaml").read_text("utf-8"))
    for rule in data["rules"]:
        assert "source" in rule or "assumption" in rule, rule["id"]
    assert all("assumption" in lv for lv in data["levels"] if "min_score" in lv)


def rule(data, rule_id):
    return next(r for r in data["rules"] if r["id"] == rule_id)


def test_every_answer_and_code_the_rules_use_exists_in_the_form():
    """A misspelt path or code in the rule file would silently never score: refuse it here."""
    v1 = load_definition("home-visit", 1)
    assert unknown_references(RULES, v1) == []
    data = yaml.safe_load(resource_path("scoring", "jiangsu-2020.yaml").read_text("utf-8"))
    rule(data, "household.rural")["when"] = {"field": "household.residence", "eq": "rural"}
    rule(data, "family.poverty_alleviated")["when"] = {
        "field": "household.special_categories",
        "contains": "poverty_aleviated",
    }
    rule(data, "family.parent_deceased")["per_item"]["where"]["all"][0] = {
        "field": "item.relation",
        "in": ["father", "mum"],
    }
    assert unknown_references(load_rule_set(data), v1) == [
        "household.rural: household.residence",
        "family.poverty_alleviated: household.special_categories = poverty_aleviated",
        "family.parent_deceased: item.relation = mum",
    ]


def test_a_score_is_stored_with_its_explanation():
    import json

    record = json.loads(json.dumps(score(RULES, complete_answers(), HOUSEHOLD).as_record()))
    assert record["rule_set"] == "jiangsu-2020" and record["total"] == 58
    assert sum(line["points"] for line in record["lines"]) == 58
    assert record["lines"][0] == {
        "rule_id": "region.subei",
        "zh": "苏北地区",
        "en": "Northern Jiangsu (Subei)",
        "points": 10,
    }
