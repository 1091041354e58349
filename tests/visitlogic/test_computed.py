"""Computed fields tolerate missing and malformed answers and only run registered functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from visit_examples import make_id

from homevisit.visits.conditions import Scope
from homevisit.visits.forms.computed import FUNCTIONS, Environment, LazyComputed

ENV = Environment(dt.date(2026, 9, 1), {})


def call(fn, args, answers, computed=None):
    return FUNCTIONS[fn](args, Scope(answers, computed or {}), ENV)


def test_age_sex_and_under_age_come_from_the_id():
    answers = {"s": {"id": make_id("20120902", "122")}}  # one day short of 14; even = female
    assert call("age_from_id", {"id_field": "s.id"}, answers) == 13
    assert call("under_age", {"id_field": "s.id", "years": 14}, answers) is True
    assert call("sex_from_id", {"id_field": "s.id"}, answers) == "female"
    for junk in ({"s": {"id": "123"}}, {"s": {"id": 5}}, {}, {"s": {"id": make_id("20270101")}}):
        assert call("under_age", {"id_field": "s.id", "years": 14}, junk) is None


def test_totals_ignore_what_is_not_a_number():
    answers = {"i": {"a": 100, "b": "20.5", "c": "abc", "d": True, "e": None, "f": float("nan")}}
    fields = ["i.a", "i.b", "i.c", "i.d", "i.e", "i.f", "i.missing"]
    assert call("total", {"fields": fields}, answers) == Decimal("120.5")


def test_roster_count_and_total_and_per_capita():
    people = [
        {"alive": True, "pay": 1000},
        {"alive": False, "pay": 500},
        "junk",
        {"alive": True, "pay": "x"},
    ]
    answers = {"m": {"people": people}}
    living = {"roster": "m.people", "where": {"field": "item.alive", "eq": True}}
    assert call("roster_count", living, answers) == 2
    assert call("roster_total", living | {"field": "pay"}, answers) == 1000
    per = {"numerator": "computed.income", "denominator": "computed.count"}
    assert call("per_capita", per, {}, {"income": Decimal(1000), "count": 3}) == 333
    assert call("per_capita", per, {}, {"income": Decimal(1000), "count": 0}) is None


def test_a_computed_value_that_reads_itself_gives_no_answer_instead_of_looping():
    defs = {"loop": ("per_capita", {"numerator": "computed.loop", "denominator": "computed.loop"})}
    computed: LazyComputed

    def scope():
        return Scope({}, computed)

    computed = LazyComputed(defs, scope, ENV)
    assert computed["loop"] is None
