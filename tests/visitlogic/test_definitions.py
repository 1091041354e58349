"""Definition files: the shipped v1 is valid and covers DESIGN §3; malformed ones are refused."""

from __future__ import annotations

import copy
import json
import os

import pytest
import yaml

from homevisit.errors import DefinitionInvalid, HomevisitError
from homevisit.resources import resource_path
from homevisit.visits.forms import load_definition, parse_definition
from homevisit.visits.forms.definition import read_definition_file

V1_FILE = resource_path("forms", "home-visit", "v1.yaml")


@pytest.fixture
def v1_data():
    return yaml.safe_load(V1_FILE.read_text("utf-8"))


def test_v1_covers_every_part_of_the_visit():
    v1 = load_definition("home-visit", 1)
    paths = set(v1.all_paths())
    for path in [
        "consent.guardian_name",
        "consent.guardian_relation",
        "consent.notice_version",
        "consent.consent_choices",
        "consent.roster_check_authorised",
        "members.people.relation",
        "members.people.health",
        "members.people.employer_type",
        "members.people.position",
        "members.people.employer_credit_code",
        "income.wages",
        "income.pension",
        "expenses.medical",
        "expenses.education",
        "expenses.disaster_loss",
        "expenses.accident_loss",
        "housing.has_car",
        "housing.has_registered_business",
        "housing.has_second_house",
        "household.special_categories",
        "policies.explained",
        "observations.observations",
        "observations.student_traits",
        "recommendation.level",
        "recommendation.reason",
    ]:
        assert path in paths, path


def test_every_label_and_choice_is_bilingual():
    v1 = load_definition("home-visit", 1)
    for step in v1.steps:
        assert step.title.zh and step.title.en
        for f in (f for top in step.fields for f in (top, *top.fields)):
            assert f.label.zh and f.label.en, f.path
            for choice in f.choices or ():
                assert choice.label.zh and choice.label.en, (f.path, choice.code)
    for check in v1.checks:
        assert check.message.zh and check.message.en


def test_a_definition_can_come_as_json_from_the_server(tmp_path, v1_data):
    folder = tmp_path / "home-visit"
    folder.mkdir()
    (folder / "v1.json").write_text(json.dumps(v1_data, ensure_ascii=False), "utf-8")
    from_json = load_definition("home-visit", 1, roots=[tmp_path])
    assert from_json.all_paths() == load_definition("home-visit", 1).all_paths()


def _broken(v1_data, change):
    data = copy.deepcopy(v1_data)
    change(data)
    return data


def _first_field(data):
    return data["steps"][0]["fields"][0]


BREAKAGES = {
    "unknown field type": lambda d: _first_field(d).update(type="slider"),
    "label without English": lambda d: _first_field(d).update(label={"zh": "方式"}),
    "a string to eval": lambda d: _first_field(d).update(visible_when="answers['x'] == 1"),
    "unknown operator": lambda d: _first_field(d).update(visible_when={"field": "a.b", "like": 1}),
    "reference to a later field": lambda d: _first_field(d).update(
        visible_when={"field": "recommendation.level", "eq": "difficult"}
    ),
    "misspelt item field": lambda d: d["steps"][2]["fields"][0]["fields"][3].update(
        visible_when={"field": "item.relashun", "eq": "father"}
    ),
    "item field referring to a later one": lambda d: d["steps"][2]["fields"][0]["fields"][1].update(
        visible_when={"field": "item.occupation", "eq": "farmer"}
    ),
    "code missing from the code list": lambda d: d["steps"][1].update(
        visible_when={"field": "consent.consent_choices", "contains": "basic_info"}
    ),
    "code missing in a roster filter": lambda d: d["checks"][2]["when"]["all"][1]["count"].update(
        where={"field": "item.relation", "eq": "myself"}
    ),
    "unknown computed function": lambda d: d["computed"].append({"id": "x", "fn": "os.system"}),
    "duplicate field id": lambda d: d["steps"][0]["fields"].append(_first_field(d)),
    "choice without choices": lambda d: _first_field(d).pop("codelist"),
    "bad pattern": lambda d: (
        _first_field(d).pop("codelist"),
        _first_field(d).update(type="text", pattern="("),
    ),
    "roster inside a roster": lambda d: d["steps"][2]["fields"][0]["fields"].append(
        {
            "id": "pets",
            "type": "roster",
            "label": {"zh": "宠物", "en": "Pets"},
            "fields": [{"id": "kind", "type": "text", "label": {"zh": "种类", "en": "Kind"}}],
        }
    ),
    "reserved step id": lambda d: d["steps"][1].update(id="computed"),
    "check on an unknown field": lambda d: d["checks"][0].update(path="consent.nothing"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_malformed_definitions_are_refused_with_a_typed_error(v1_data, name):
    with pytest.raises(DefinitionInvalid) as caught:
        parse_definition(_broken(v1_data, BREAKAGES[name]), source="v1.yaml")
    assert isinstance(caught.value, HomevisitError)
    assert "v1.yaml" in caught.value.text.zh and "v1.yaml" in caught.value.text.en
    if name == "bad pattern":
        assert "pattern" in caught.value.text.en


def test_file_name_and_version_must_agree(tmp_path, v1_data):
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(v1_data, allow_unicode=True), "utf-8")
    with pytest.raises(DefinitionInvalid):
        read_definition_file(path)


def test_a_replaced_file_is_read_again(tmp_path, v1_data):
    folder = tmp_path / "home-visit"
    folder.mkdir()
    path = folder / "v1.yaml"
    path.write_text(yaml.safe_dump(v1_data, allow_unicode=True), "utf-8")
    first = load_definition("home-visit", 1, roots=[tmp_path])
    v1_data["title"]["en"] = "Home visit (updated text)"
    path.write_text(yaml.safe_dump(v1_data, allow_unicode=True), "utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_definition("home-visit", 1, roots=[tmp_path]).title.en != first.title.en


def test_follow_ups_are_the_questions_an_answer_on_the_same_page_shows():
    v1 = load_definition("home-visit", 1)
    follow_ups = {"housing.car_note", "consent.authorisation_signed",
                  "members.people.employer", "members.people.custody",
                  "expenses.loss_description"}
    for path in follow_ups:
        field = v1.field(path)
        assert field is not None and field.is_follow_up, path
    # Always there, or shown by an earlier page's answer: no place kept for them.
    for path in ("housing.has_car", "members.people.name", "income.wages"):
        field = v1.field(path)
        assert field is not None and not field.is_follow_up, path
