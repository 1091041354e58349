"""Data documents as the server and devices see them (issue 16): what kind a file is, what a
form needs before it can be used, the cross-checks beyond the schemas, and what changed
between two versions."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from homevisit.errors import CodeListNotFound, DefinitionInvalid, RuleSetInvalid
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.resources import resource_path
from homevisit.visits.codelists import CodeList, load_codelist, parse_codelist
from homevisit.visits.data_documents import References, key_of, kind_of, references, validate
from homevisit.visits.document_changes import document_changes


def shipped(*parts: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resource_path(*parts).read_text("utf-8"))
    return data


FORM = shipped("forms", "home-visit", "v1.yaml")
RULES = shipped("scoring", "jiangsu-2020.yaml")
CHECKLIST = {
    "kind": "helpdesk_checklist", "id": "loan-first", "version": 1,
    "title": {"zh": "首贷材料", "en": "First-loan documents"},
    "items": [{"code": "application", "zh": "申请表", "en": "Application form"},
              {"code": "admission_letter", "zh": "录取通知书", "en": "Admission letter",
               "loan_types": ["first"]}],
}


def test_kind_and_key_come_from_the_content():
    assert kind_of(FORM) is DocumentKind.FORM and key_of(DocumentKind.FORM, FORM) == (
        "home-visit", 1)
    assert kind_of(RULES) is DocumentKind.RULE_SET
    assert kind_of(shipped("codelists", "relations.yaml")) is DocumentKind.CODELIST
    assert kind_of(CHECKLIST) is DocumentKind.HELPDESK_CHECKLIST
    with pytest.raises(DefinitionInvalid):
        kind_of({"kind": "spreadsheet"})
    with pytest.raises(DefinitionInvalid):
        kind_of(["not", "a", "mapping"])


def test_a_form_needs_its_code_lists_and_rule_set():
    needed = references(DocumentKind.FORM, FORM)
    assert (DocumentKind.RULE_SET, "jiangsu-2020") in needed
    assert (DocumentKind.CODELIST, "relations") in needed
    assert (DocumentKind.CODELIST, "life-status") in needed  # inside the members roster
    assert references(DocumentKind.CODELIST, shipped("codelists", "relations.yaml")) == []


def test_a_form_is_checked_against_the_code_lists_it_is_given():
    def without_relations(name: str) -> CodeList:
        if name == "relations":
            raise CodeListNotFound(name=name)
        return load_codelist(name)

    with pytest.raises(DefinitionInvalid) as err:
        validate(DocumentKind.FORM, FORM, References(codelist=without_relations))
    assert "consent.guardian_relation" in str(err.value.text.en)
    with pytest.raises(DefinitionInvalid) as err:
        validate(DocumentKind.FORM, FORM, References(has_rule_set=lambda _id: False))
    assert "jiangsu-2020" in err.value.text.en


def test_a_rule_set_must_fit_the_current_form():
    rules = copy.deepcopy(RULES)
    rules["rules"][0]["when"] = {"field": "household.pets", "eq": True}
    validate(DocumentKind.RULE_SET, rules)  # no current form to check against
    with pytest.raises(RuleSetInvalid) as err:
        validate(DocumentKind.RULE_SET, rules, References(forms=lambda: [FORM]))
    assert rules["rules"][0]["id"] in err.value.text.en
    assert "household.pets" in err.value.text.en


def test_checklists_are_schema_checked_and_codes_unique():
    validate(DocumentKind.HELPDESK_CHECKLIST, CHECKLIST)
    bad = copy.deepcopy(CHECKLIST)
    bad["items"][1]["loan_types"] = ["gift"]
    with pytest.raises(DefinitionInvalid) as err:
        validate(DocumentKind.HELPDESK_CHECKLIST, bad)
    assert "items/1/loan_types/0" in err.value.text.en
    twice = copy.deepcopy(CHECKLIST)
    twice["items"][1]["code"] = "application"
    with pytest.raises(DefinitionInvalid):
        validate(DocumentKind.HELPDESK_CHECKLIST, twice)


def test_changes_name_what_was_added_removed_and_changed():
    rules = copy.deepcopy(RULES)
    rules["version"] = 2
    rules["levels"][0]["min_score"] += 5
    removed = rules["rules"].pop()
    assert [str(c) for c in document_changes(DocumentKind.RULE_SET, RULES, rules)] == [
        f"~ level {rules['levels'][0]['level']}", f"- rule {removed['id']}"]
    moved = copy.deepcopy(FORM)
    moved["steps"][1]["fields"].reverse()  # order alone is not a change of any field
    assert not [c for c in document_changes(DocumentKind.FORM, FORM, moved)
                if c.part == "field"]
    relations = shipped("codelists", "relations.yaml")
    parse_codelist(relations)
    fresh = document_changes(DocumentKind.CODELIST, None, relations)
    assert {c.what for c in fresh} == {"added"} and len(fresh) == len(relations["items"])
