"""Conditions as small data expressions: never ``eval`` of strings.

A condition is ``true``/``false``, or one of::

    {"all": [cond, ...]}        {"any": [cond, ...]}        {"not": cond}
    {"field": PATH, OP: OPERAND}            OP in eq ne in not_in gt ge lt le contains
                                            contains_any answered tagged
    {"some": {"roster": PATH, "where": cond}}
    {"count": {"roster": PATH, "where": cond}, OP: NUMBER}

``PATH`` is dotted: ``consent.guardian_relation``; ``item.relation`` is the current roster
member; ``computed.student_under_14`` a computed value; ``context.region_class`` the
household context given to scoring. An ``OPERAND`` may be ``{"ref": PATH}`` to compare two
answers. An unanswered field matches no comparison (only ``answered: false``), and a value of
the wrong type simply does not match: random or half-filled answers never raise.
``tagged`` takes ``"codelist:tag"`` and matches a code (or any code of a list) carrying it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Condition = bool | Mapping[str, Any]

MISSING: Any = object()
OPERATORS = (
    "eq", "ne", "in", "not_in", "gt", "ge", "lt", "le",
    "contains", "contains_any", "answered", "tagged",
)  # fmt: skip


def is_answered(value: Any) -> bool:
    """An answer counts when it is not missing, None, blank text or an empty list."""
    if value is MISSING or value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | tuple | dict):
        return len(value) > 0
    return True


def lookup(data: Any, path: Sequence[str]) -> Any:
    """Walk a nested dict/list by path segments; ``MISSING`` where it leads nowhere."""
    current = data
    for segment in path:
        if isinstance(current, Mapping):
            current = current.get(segment, MISSING)
        elif isinstance(current, list) and segment.isdigit() and int(segment) < len(current):
            current = current[int(segment)]
        else:
            return MISSING
        if current is MISSING:
            return MISSING
    return current


@dataclass(frozen=True, slots=True)
class Scope:
    """What a condition can see: the answers, computed values, context and the current item."""

    answers: Mapping[str, Any]
    computed: Mapping[str, Any] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    item: Mapping[str, Any] | None = None
    tags: Callable[[str, str], frozenset[str]] | None = None

    def value(self, path: str) -> Any:
        head, _, rest = path.partition(".")
        parts = rest.split(".") if rest else []
        if head == "item":
            return lookup(self.item, parts) if self.item is not None else MISSING
        if head == "computed":
            return lookup(self.computed, parts)
        if head == "context":
            return lookup(self.context, parts)
        return lookup(self.answers, path.split("."))

    def with_item(self, item: Mapping[str, Any]) -> Scope:
        return Scope(self.answers, self.computed, self.context, item, self.tags)


_NUMERIC = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    if isinstance(value, str) and not _NUMERIC.match(value):
        return None  # cheap refusal: most strings compared here are codes, not numbers
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _equal(a: Any, b: Any) -> bool:
    if type(a) is type(b):
        return bool(a == b)
    if isinstance(a, bool) or isinstance(b, bool):
        return False  # True is not 1 in an answer
    na, nb = _number(a), _number(b)
    return na is not None and nb is not None and na == nb


def _compare(op: str, value: Any, operand: Any, scope: Scope) -> bool:
    if isinstance(operand, Mapping) and set(operand) == {"ref"}:
        operand = scope.value(str(operand["ref"]))
        if not is_answered(operand):
            return False
    if op == "answered":
        return is_answered(value) is bool(operand)
    if not is_answered(value):
        return False
    if op == "eq":
        return _equal(value, operand)
    if op == "ne":
        return not _equal(value, operand)
    if op in ("in", "not_in"):
        options = operand if isinstance(operand, list | tuple) else ()
        found = any(_equal(value, o) for o in options)
        return found if op == "in" else not found
    if op in ("contains", "contains_any"):
        if not isinstance(value, list | tuple):
            return False
        wanted = (
            operand if op == "contains_any" and isinstance(operand, list | tuple) else ([operand])
        )
        return any(_equal(v, w) for v in value for w in wanted)
    if op == "tagged":
        return _tagged(value, operand, scope)
    a, b = _number(value), _number(operand)
    if a is None or b is None:
        return False
    return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}.get(op, False)


def _tagged(value: Any, operand: Any, scope: Scope) -> bool:
    if scope.tags is None or not isinstance(operand, str) or ":" not in operand:
        return False
    codelist, tag = operand.split(":", 1)
    codes = scope.tags(codelist, tag)
    values = value if isinstance(value, list | tuple) else [value]
    return any(isinstance(v, str) and v in codes for v in values)


def roster_items(scope: Scope, path: str) -> list[Mapping[str, Any]]:
    """The dict items of a roster answer; anything that is not a dict is skipped."""
    items = scope.value(path)
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, Mapping)]


def _count(spec: Any, scope: Scope) -> int:
    if not isinstance(spec, Mapping):
        return 0
    where = spec.get("where", True)
    return sum(
        1
        for item in roster_items(scope, str(spec.get("roster", "")))
        if holds(where, scope.with_item(item))
    )


def _sequence(value: Any) -> Sequence[Any]:
    # A malformed ``all``/``any`` (not a list) reads as empty rather than crashing.
    return value if isinstance(value, list | tuple) else ()


def holds(condition: Condition | None, scope: Scope) -> bool:
    """Whether ``condition`` is true in ``scope``. ``None`` (no condition) is true."""
    if condition is None or condition is True:
        return True
    if condition is False or not isinstance(condition, Mapping):
        return False
    if "all" in condition:
        return all(holds(c, scope) for c in _sequence(condition["all"]))
    if "any" in condition:
        return any(holds(c, scope) for c in _sequence(condition["any"]))
    if "not" in condition:
        return not holds(condition["not"], scope)
    if "some" in condition:
        return _count(condition["some"], scope) > 0
    ops = [op for op in OPERATORS if op in condition]
    if "count" in condition:
        value: Any = _count(condition["count"], scope)
    elif "field" in condition:
        value = scope.value(str(condition["field"]))
    else:
        return False
    return bool(ops) and all(_compare(op, value, condition[op], scope) for op in ops)


def referenced_paths(
    condition: Condition | None, roster: str | None = None
) -> set[tuple[str, str | None]]:
    """Every ``(path, roster)`` a condition reads; ``roster`` is set for paths inside a
    ``some``/``count`` filter, where ``item.`` means an item of that roster."""
    found: set[tuple[str, str | None]] = set()
    if not isinstance(condition, Mapping):
        return found
    for key in ("all", "any"):
        for sub in _sequence(condition.get(key)):
            found |= referenced_paths(sub, roster)
    if "not" in condition:
        found |= referenced_paths(condition["not"], roster)
    for key in ("some", "count"):
        spec = condition.get(key)
        if isinstance(spec, Mapping):
            found.add((str(spec.get("roster")), roster))
            found |= referenced_paths(spec.get("where"), str(spec.get("roster")))
    if "field" in condition:
        found.add((str(condition["field"]), roster))
    for op in OPERATORS:
        operand = condition.get(op)
        if isinstance(operand, Mapping) and "ref" in operand:
            found.add((str(operand["ref"]), roster))
    return found


def comparisons(
    condition: Condition | None, roster: str | None = None
) -> list[tuple[str, str | None, str, Any]]:
    """Every leaf ``(field path, roster, operator, operand)`` of a condition; ``roster`` as in
    :func:`referenced_paths`. Lets a loader check operands against a field's code list."""
    found: list[tuple[str, str | None, str, Any]] = []
    if not isinstance(condition, Mapping):
        return found
    for key in ("all", "any"):
        for sub in _sequence(condition.get(key)):
            found += comparisons(sub, roster)
    if "not" in condition:
        found += comparisons(condition["not"], roster)
    for key in ("some", "count"):
        spec = condition.get(key)
        if isinstance(spec, Mapping):
            found += comparisons(spec.get("where"), str(spec.get("roster")))
    if "field" in condition:
        found += [
            (str(condition["field"]), roster, op, condition[op])
            for op in OPERATORS
            if op in condition
        ]
    return found
