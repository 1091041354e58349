"""Computed fields: named functions a definition can call with data arguments.

A definition says ``{id: student_under_14, fn: under_age, args: {id_field: …, years: 14}}``;
only the functions registered here can run, so a definition file (or one sent by the
server) can never execute code. Every function tolerates missing or malformed answers and
returns ``None`` when it cannot say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from homevisit.ids import InvalidResidentId, ResidentId, parse_resident_id
from homevisit.visits.conditions import Scope, holds, roster_items
from homevisit.visits.scoring import RuleSet, load_shipped_rule_set, score


@dataclass(frozen=True, slots=True)
class Environment:
    """What computed values may use besides the answers."""

    today: dt.date
    household: Mapping[str, Any] = field(default_factory=dict)
    scoring: RuleSet | None = None
    """The rule set version the visit scores with (it keeps the one it started with)."""


ComputedFn = Callable[[Mapping[str, Any], Scope, Environment], Any]


def _resident_id(scope: Scope, path: Any, env: Environment) -> ResidentId | None:
    raw = scope.value(str(path))
    if not isinstance(raw, str):
        return None
    try:
        return parse_resident_id(raw, today=env.today)
    except InvalidResidentId:
        return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def age_from_id(args: Mapping[str, Any], scope: Scope, env: Environment) -> int | None:
    """Age in whole years on ``today`` from the birth date inside a resident ID."""
    rid = _resident_id(scope, args.get("id_field"), env)
    return rid.age_on(env.today) if rid else None


def under_age(args: Mapping[str, Any], scope: Scope, env: Environment) -> bool | None:
    """Whether the ID's holder is younger than ``years`` (e.g. the under-14 consent rule)."""
    age = age_from_id(args, scope, env)
    return None if age is None else age < int(args.get("years", 18))


def sex_from_id(args: Mapping[str, Any], scope: Scope, env: Environment) -> str | None:
    rid = _resident_id(scope, args.get("id_field"), env)
    return rid.sex.value if rid else None


def total(args: Mapping[str, Any], scope: Scope, env: Environment) -> Decimal:
    """Sum of the numeric answers at ``fields`` (unanswered or malformed count as 0)."""
    amounts = (_decimal(scope.value(str(p))) for p in args.get("fields", ()))
    return sum((a for a in amounts if a is not None), Decimal(0))


def roster_count(args: Mapping[str, Any], scope: Scope, env: Environment) -> int:
    """How many roster items satisfy ``where`` (all of them without ``where``)."""
    where = args.get("where", True)
    items = roster_items(scope, str(args.get("roster", "")))
    return sum(1 for item in items if holds(where, scope.with_item(item)))


def roster_total(args: Mapping[str, Any], scope: Scope, env: Environment) -> Decimal:
    """Sum of the item field ``field`` over roster items satisfying ``where``."""
    where = args.get("where", True)
    result = Decimal(0)
    for item in roster_items(scope, str(args.get("roster", ""))):
        if holds(where, scope.with_item(item)):
            amount = _decimal(item.get(str(args.get("field", ""))))
            result += amount if amount is not None else 0
    return result


def per_capita(args: Mapping[str, Any], scope: Scope, env: Environment) -> Decimal | None:
    """``numerator / denominator`` rounded to the yuan; None when the denominator is 0."""
    numerator = _decimal(scope.value(str(args.get("numerator", ""))))
    denominator = _decimal(scope.value(str(args.get("denominator", ""))))
    if numerator is None or not denominator:
        return None
    return (numerator / denominator).quantize(Decimal(1))


def indicator_score(args: Mapping[str, Any], scope: Scope, env: Environment) -> dict[str, Any]:
    """The rule set's score of the visible answers: ``{"total": int, "suggested_level": code}``."""
    name = str(args.get("rule_set", ""))
    rule_set = env.scoring if env.scoring and env.scoring.id == name \
        else load_shipped_rule_set(name)
    result = score(rule_set, scope.answers, env.household)
    return {"total": result.total, "suggested_level": result.suggested_level}


FUNCTIONS: Mapping[str, ComputedFn] = {
    "age_from_id": age_from_id,
    "under_age": under_age,
    "sex_from_id": sex_from_id,
    "total": total,
    "roster_count": roster_count,
    "roster_total": roster_total,
    "per_capita": per_capita,
    "indicator_score": indicator_score,
}


class LazyComputed(Mapping[str, Any]):
    """Computed values evaluated on access against the answers visible *so far*.

    The engine walks the form in order and conditions see only visible earlier answers; a
    computed value read by a condition is therefore derived from those same answers, so a
    hidden answer can never leak into visibility or validation through a computed field.
    """

    def __init__(
        self,
        defs: Mapping[str, tuple[str, Mapping[str, Any]]],
        scope_of: Callable[[], Scope],
        env: Environment,
    ) -> None:
        self._defs = defs
        self._scope_of = scope_of
        self._env = env
        self._busy: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        fn_name, args = self._defs[key]
        if key in self._busy:  # a computed value reading itself: no answer rather than a loop
            return None
        self._busy.add(key)
        try:
            return FUNCTIONS[fn_name](args, self._scope_of(), self._env)
        finally:
            self._busy.discard(key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._defs)

    def __len__(self) -> int:
        return len(self._defs)
