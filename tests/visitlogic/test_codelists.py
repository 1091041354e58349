"""Code lists are data with zh and en labels; DESIGN's special categories are all there."""

from __future__ import annotations

import pytest

from homevisit.errors import CodeListNotFound, DefinitionInvalid
from homevisit.protocol.vocabulary import VisitMode
from homevisit.resources import resource_path, resources_root
from homevisit.visits.codelists import available_codelists, load_codelist, parse_codelist

DESIGN_SPECIAL_CATEGORIES = [
    "脱贫家庭",
    "脱贫不稳定户",
    "边缘易致贫户",
    "突发严重困难户",
    "最低生活保障家庭（低保）",
    "低保边缘家庭",
    "特困供养人员",
    "支出型困难家庭",
    "其他低收入家庭",
    "孤儿",
    "事实无人抚养儿童",
    "残疾学生",
    "残疾人子女",
    "烈士子女",
]


def test_the_lists_the_issue_asks_for_exist_and_are_bilingual():
    names = set(available_codelists())
    assert {
        "special-categories",
        "relations",
        "occupations",
        "employer-types",
        "positions",
        "health",
        "housing-types",
    } <= names
    for name in names:
        codes = load_codelist(name)
        assert codes.id == name and codes.version >= 1 and len(codes) > 0
        assert codes.title.zh and codes.title.en
        for item in codes:
            assert item.label.zh and item.label.en, (name, item.code)


def test_special_categories_match_design():
    assert [c.label.zh for c in load_codelist("special-categories")] == DESIGN_SPECIAL_CATEGORIES


def test_health_levels_and_tags_used_by_rules():
    assert [c.label.zh for c in load_codelist("health")] == ["健康", "小病轻残", "大病重残"]
    assert load_codelist("employer-types").tagged("public_finance") == {
        "government_agency",
        "public_institution",
        "mass_organisation",
        "other_public_finance",
    }
    assert load_codelist("positions").tagged("corporate_officer") == {
        "legal_representative",
        "director",
        "supervisor",
        "manager",
        "senior_executive",
    }
    assert {"father", "mother"} <= load_codelist("relations").tagged("parent")


def test_an_unknown_code_shows_as_itself_rather_than_failing():
    relations = load_codelist("relations")
    assert relations.label("cousin_twice_removed").zh == "cousin_twice_removed"
    assert "cousin_twice_removed" not in relations and "father" in relations


def test_missing_and_malformed_lists_are_typed_errors():
    with pytest.raises(CodeListNotFound):
        load_codelist("no-such-list")
    bad = {
        "id": "x",
        "version": 1,
        "title": {"zh": "x", "en": "x"},
        "items": [{"code": "a", "zh": "甲", "en": "A"}, {"code": "a", "zh": "乙", "en": "B"}],
    }
    with pytest.raises(DefinitionInvalid):
        parse_codelist(bad)
    with pytest.raises(DefinitionInvalid):
        parse_codelist(bad | {"items": [{"code": "a", "zh": "甲"}]})


def test_resources_are_found_and_can_be_redirected(tmp_path, monkeypatch):
    assert resource_path("forms", "home-visit", "v1.yaml").is_file()
    (tmp_path / "forms").mkdir()
    monkeypatch.setenv("HOMEVISIT_RESOURCES", str(tmp_path))
    resources_root.cache_clear()
    try:
        assert resource_path("forms") == tmp_path / "forms"
    finally:
        monkeypatch.delenv("HOMEVISIT_RESOURCES")
        resources_root.cache_clear()
    assert resource_path("codelists").is_dir()


def test_the_visit_mode_list_offers_exactly_the_vocabulary_words():
    # The form's choice is stored as-is in the answers and copied to Visit.mode: a code
    # outside the protocol's VisitMode would be a second spelling of one idea.
    assert load_codelist("visit-modes").codes == tuple(VisitMode)
