"""Whether a scoring rule set fits a form definition: kept apart from both, since scoring
must not depend on the forms package (the forms' computed fields call scoring)."""

from __future__ import annotations

from homevisit.visits.conditions import comparisons
from homevisit.visits.forms.definition import FormDefinition
from homevisit.visits.scoring import RuleSet


def unknown_references(rule_set: RuleSet, definition: FormDefinition) -> list[str]:
    """Paths and codes the rules compare that ``definition`` does not have (empty when the
    rule set fits the form). Call it before using a rule set received from the server: a
    misspelt path or code would otherwise silently never score."""
    problems: list[str] = []
    for rule in rule_set.rules:
        if rule.roster is not None:
            roster_field = definition.field(rule.roster)
            if roster_field is None or not roster_field.is_roster:
                problems.append(f"{rule.id}: {rule.roster}")
        for condition, roster in ((rule.when, None), (rule.where, rule.roster)):
            for path, inner, op, operand in comparisons(condition, roster):
                head, _, rest = path.partition(".")
                if head == "context":
                    continue
                field = definition.field(f"{inner or roster}.{rest}" if head == "item" else path)
                if field is None:
                    problems.append(f"{rule.id}: {path}")
                elif field.choices and op in (
                    "eq",
                    "ne",
                    "in",
                    "not_in",
                    "contains",
                    "contains_any",
                ):
                    values = operand if isinstance(operand, list) else [operand]
                    problems += [
                        f"{rule.id}: {path} = {v}"
                        for v in values
                        if isinstance(v, str) and v not in field.choice_codes()
                    ]
    return problems
