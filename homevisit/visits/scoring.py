"""Indicator scoring: a score with a line-by-line explanation and a suggested level.

Rules are data (``resources/scoring/*.yaml``, validated by ``rule-set.schema.json``); the
conditions are the same small expressions as the forms'. Rule sets are versioned and
:func:`load_rule_set` accepts one received from the server. The score only *suggests*: a
counselor who recommends another level gives a reason (the form enforces it). Nothing here
counts or caps how many families get a level (no quotas).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import yaml
from referencing import Registry, Resource

from homevisit.errors import RuleSetInvalid
from homevisit.i18n import Text
from homevisit.resources import resource_path
from homevisit.visits.codelists import codelist_tags, load_codelist
from homevisit.visits.conditions import Condition, Scope, holds, roster_items

LEVELS = ("especially_difficult", "difficult", "generally_difficult", "not_recognised")


class ScoreLine(NamedTuple):
    """One line of the explanation; unpacks as ``(rule_id, zh, en, points)``."""

    rule_id: str
    zh: str
    en: str
    points: int


@dataclass(frozen=True, slots=True)
class ScoreResult:
    total: int
    lines: tuple[ScoreLine, ...]
    suggested_level: str
    rule_set_id: str
    rule_set_version: int

    @property
    def suggested_label(self) -> Text:
        return level_label(self.suggested_level)

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict to store with the visit (the explanation travels with it)."""
        return {
            "rule_set": self.rule_set_id,
            "rule_set_version": self.rule_set_version,
            "total": self.total,
            "suggested_level": self.suggested_level,
            "lines": [line._asdict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    label: Text
    mode: str  # "sum" or "max"
    cap: int | None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    group: str
    label: Text
    points: int
    when: Condition | None
    roster: str | None = None
    where: Condition | None = None
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    version: int
    title: Text
    regions: Mapping[str, tuple[str, ...]]
    groups: tuple[Group, ...]
    thresholds: tuple[tuple[str, int | None], ...]  # (level, min score), highest first
    rules: tuple[Rule, ...]

    def region_class(self, region_code: str) -> str | None:
        """``sunan``/``suzhong``/``subei``… from a GB/T 2260 code (longest prefix wins)."""
        best: tuple[int, str] | None = None
        for name, prefixes in self.regions.items():
            for prefix in prefixes:
                if region_code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), name)
        return best[1] if best else None

    def level_for(self, total: int) -> str:
        for level, minimum in self.thresholds:
            if minimum is None or total >= minimum:
                return level
        return self.thresholds[-1][0]


def level_label(code: str) -> Text:
    """zh/en label of a recognition level code (特别困难 …)."""
    return load_codelist("levels").label(code)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    forms = json.loads(resource_path("forms", "form-definition.schema.json").read_text("utf-8"))
    rules = json.loads(resource_path("scoring", "rule-set.schema.json").read_text("utf-8"))
    registry: Registry = Registry().with_resource(forms["$id"], Resource.from_contents(forms))
    return jsonschema.Draft202012Validator(rules, registry=registry)


def _text(data: Mapping[str, str]) -> Text:
    return Text(data["zh"], data["en"])


def parse_rule_set(data: Any, *, source: str = "rule set") -> RuleSet:
    """Validate a rule set given as a mapping and build it."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise RuleSetInvalid(source=source, where=where, reason=error.message[:200])
    groups = tuple(
        Group(g["id"], _text(g["label"]), g["mode"], g.get("cap")) for g in data["groups"]
    )
    group_ids = {g.id for g in groups}
    thresholds = tuple((lv["level"], lv.get("min_score")) for lv in data["levels"])
    if any(level not in LEVELS for level, _ in thresholds) or thresholds[-1][1] is not None:
        raise RuleSetInvalid(
            source=source,
            where="levels",
            reason="levels must be known codes and end with a fallback",
        )
    minimums = [m for _, m in thresholds[:-1]]
    if None in minimums or minimums != sorted(minimums, reverse=True):
        raise RuleSetInvalid(source=source, where="levels", reason="thresholds must descend")
    rules = []
    for r in data["rules"]:
        if r["group"] not in group_ids:
            raise RuleSetInvalid(source=source, where=r["id"], reason="unknown group")
        per = r.get("per_item") or {}
        rules.append(
            Rule(
                r["id"],
                r["group"],
                _text(r["label"]),
                r["points"],
                r.get("when"),
                per.get("roster"),
                per.get("where"),
                per.get("max_items"),
            )
        )
    if len({r.id for r in rules}) != len(rules):
        raise RuleSetInvalid(source=source, where="rules", reason="duplicate rule id")
    regions = {k: tuple(v) for k, v in data.get("regions", {}).items()}
    return RuleSet(
        data["id"], data["version"], _text(data["title"]), regions, groups, thresholds, tuple(rules)
    )


def load_rule_set(source: Path | str | Mapping[str, Any]) -> RuleSet:
    """A rule set from a file path, from YAML/JSON text (e.g. sent by the server) or a mapping."""
    if isinstance(source, Mapping):
        return parse_rule_set(source)
    name = "rule set"
    text: str
    if isinstance(source, Path) or (
        "\n" not in source and len(source) < 1024 and Path(source).is_file()
    ):
        path = Path(source)
        name = path.name
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise RuleSetInvalid(source=name, where="file", reason=type(exc).__name__) from None
    else:
        text = source
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleSetInvalid(source=name, where="yaml", reason=str(exc)[:200]) from None
    return parse_rule_set(data, source=name)


@cache
def load_shipped_rule_set(rule_set_id: str) -> RuleSet:
    """The rule set shipped as ``resources/scoring/<id>.yaml``."""
    path = resource_path("scoring", f"{rule_set_id}.yaml")
    if not path.is_file():
        raise RuleSetInvalid(source=rule_set_id, where="file", reason="not found")
    return load_rule_set(path)


def _context(rule_set: RuleSet, household: Mapping[str, Any]) -> dict[str, Any]:
    context = dict(household)
    code = context.get("region_code")
    if "region_class" not in context and isinstance(code, str):
        context["region_class"] = rule_set.region_class(code)
    return context


def _fired(rule: Rule, scope: Scope) -> int:
    """How many times a rule applies: 0/1, or the number of matching roster items."""
    if rule.roster is None:
        return int(holds(rule.when, scope))
    count = sum(
        1 for item in roster_items(scope, rule.roster) if holds(rule.where, scope.with_item(item))
    )
    return min(count, rule.max_items) if rule.max_items else count


def score(
    rule_set: RuleSet, answers: Mapping[str, Any], household_context: Mapping[str, Any]
) -> ScoreResult:
    """Score ``answers`` (visible answers of the visit form) in ``household_context``.

    In a ``max`` group only the highest applicable rule counts; a ``sum`` group adds its
    rules and, with a ``cap``, an explanation line brings a larger sum down to the cap.
    """
    scope = Scope(answers, {}, _context(rule_set, household_context), None, codelist_tags)
    lines: list[ScoreLine] = []
    for group in rule_set.groups:
        fired: list[ScoreLine] = []
        for rule in rule_set.rules:
            if rule.group != group.id:
                continue
            times = _fired(rule, scope)
            if times:
                suffix = f" ×{times}" if times > 1 else ""
                fired.append(
                    ScoreLine(
                        rule.id, rule.label.zh + suffix, rule.label.en + suffix, rule.points * times
                    )
                )
        if group.mode == "max" and fired:
            fired = [max(fired, key=lambda line: line.points)]
        lines.extend(fired)
        subtotal = sum(line.points for line in fired)
        if group.cap is not None and subtotal > group.cap:
            lines.append(
                ScoreLine(
                    f"{group.id}.cap",
                    f"{group.label.zh}合计封顶 {group.cap} 分",
                    f"{group.label.en} capped at {group.cap}",
                    group.cap - subtotal,
                )
            )
    total = sum(line.points for line in lines)
    return ScoreResult(
        total, tuple(lines), rule_set.level_for(total), rule_set.id, rule_set.version
    )


def needs_reason(result: ScoreResult, recommended_level: str | None) -> bool:
    """A recommended level that differs from the suggestion needs a written reason."""
    return recommended_level is not None and recommended_level != result.suggested_level
