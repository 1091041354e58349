"""Conditions are data: every operator, the 'unanswered matches nothing' rule, no crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from homevisit.visits.codelists import codelist_tags
from homevisit.visits.conditions import Scope, holds, is_answered, referenced_paths

ANSWERS = {
    "consent": {"guardian_relation": "mother", "choices": ["basic_information", "photos"]},
    "income": {"wages": 1200, "farming": "300.5", "note": ""},
    "members": {
        "people": [
            {"relation": "father", "health": "serious_illness"},
            {"relation": "elder_sister", "schooling": "high_school"},
            "not a dict",
        ]
    },
}
SCOPE = Scope(
    ANSWERS,
    {"under_14": True, "score": {"suggested_level": "difficult"}},
    {"region_class": "subei"},
    None,
    codelist_tags,
)


def test_comparisons_on_answered_values():
    assert holds({"field": "consent.guardian_relation", "eq": "mother"}, SCOPE)
    assert holds({"field": "consent.guardian_relation", "in": ["father", "mother"]}, SCOPE)
    assert holds({"field": "consent.guardian_relation", "not_in": ["father"]}, SCOPE)
    assert holds({"field": "income.wages", "gt": 1000, "le": 1200}, SCOPE)
    assert holds({"field": "income.farming", "ge": 300}, SCOPE)  # numeric text compares as number
    assert not holds({"field": "income.wages", "lt": 1200}, SCOPE)
    assert holds({"field": "consent.choices", "contains": "photos"}, SCOPE)
    assert holds({"field": "consent.choices", "contains_any": ["x", "basic_information"]}, SCOPE)
    assert holds({"field": "computed.under_14", "eq": True}, SCOPE)
    assert holds({"field": "context.region_class", "eq": "subei"}, SCOPE)


def test_unanswered_matches_no_comparison_only_answered_false():
    for op, operand in [("eq", ""), ("ne", "x"), ("gt", 0), ("in", [""]), ("not_in", ["x"])]:
        assert not holds({"field": "income.note", op: operand}, SCOPE), op
        assert not holds({"field": "nowhere.at_all", op: operand}, SCOPE), op
    assert holds({"field": "income.note", "answered": False}, SCOPE)
    assert holds({"field": "income.wages", "answered": True}, SCOPE)


def test_booleans_are_not_numbers():
    scope = Scope({"a": {"flag": True, "one": 1}})
    assert not holds({"field": "a.flag", "eq": 1}, scope)
    assert not holds({"field": "a.one", "eq": True}, scope)
    assert not holds({"field": "a.flag", "gt": 0}, scope)


def test_logic_and_references():
    both = {"all": [{"field": "income.wages", "gt": 0}, {"field": "income.farming", "gt": 0}]}
    assert holds(both, SCOPE)
    assert holds({"any": [False, {"field": "income.wages", "eq": 1200}]}, SCOPE)
    assert holds({"not": {"field": "income.wages", "eq": 5}}, SCOPE)
    # Comparing two answers: the level differs from the suggestion.
    differs = {
        "field": "consent.guardian_relation",
        "ne": {"ref": "computed.score.suggested_level"},
    }
    assert holds(differs, SCOPE)
    # A reference to something unanswered compares as nothing.
    assert not holds({"field": "income.wages", "ne": {"ref": "computed.missing"}}, SCOPE)


def test_roster_quantifiers_and_tags_skip_malformed_items():
    serious = {
        "roster": "members.people",
        "where": {"field": "item.health", "eq": "serious_illness"},
    }
    assert holds({"some": serious}, SCOPE)
    assert holds({"count": {"roster": "members.people"}, "eq": 2}, SCOPE)  # the string is skipped
    sibling = {
        "roster": "members.people",
        "where": {"field": "item.relation", "tagged": "relations:sibling"},
    }
    assert holds({"count": sibling, "eq": 1}, SCOPE)
    assert not holds({"field": "consent.guardian_relation", "tagged": "relations:sibling"}, SCOPE)
    assert not holds({"field": "consent.guardian_relation", "tagged": "no-such-list:x"}, SCOPE)


def test_referenced_paths_scope_item_refs_to_their_roster():
    cond = {
        "all": [
            {"field": "a.b", "eq": 1},
            {"some": {"roster": "m.people", "where": {"field": "item.x", "eq": 1}}},
            {"field": "c.d", "ne": {"ref": "computed.y"}},
        ]
    }
    assert referenced_paths(cond) == {
        ("a.b", None),
        ("m.people", None),
        ("item.x", "m.people"),
        ("c.d", None),
        ("computed.y", None),
    }


def test_is_answered():
    assert not any(is_answered(v) for v in (None, "", "  ", [], {}))
    assert all(is_answered(v) for v in (False, 0, "x", [0], {"a": 1}))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.sampled_from(
    [
        "field",
        "eq",
        "ne",
        "in",
        "gt",
        "all",
        "any",
        "not",
        "some",
        "count",
        "roster",
        "where",
        "tagged",
        "contains",
        "answered",
        "ref",
    ]
)
conditions = st.recursive(
    json_values,
    lambda inner: st.dictionaries(keys, inner, max_size=3) | st.lists(inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(conditions, json_values)
def test_any_condition_on_any_answers_never_raises(condition, answers):
    result = holds(
        condition, Scope(answers if isinstance(answers, dict) else {}, {}, {}, None, codelist_tags)
    )
    assert isinstance(result, bool)
