"""The form engine: definition + answers → what to show, what is wrong, how far along.

Navigation is data (Electrum's wizard): :func:`evaluate` is a pure function, so every path
through a form is testable without a GUI. The walk follows the definition's order and each
condition sees only the *visible* answers before it, so an answer to a hidden field never
shows, never blocks completion and never influences anything else. Hidden answers stay in
the caller's dict (the user may toggle back); :func:`submitted_answers` leaves them out.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from homevisit.i18n import Text
from homevisit.visits.codelists import codelist_tags
from homevisit.visits.conditions import MISSING, Scope, holds, is_answered, lookup
from homevisit.visits.forms.computed import Environment, LazyComputed
from homevisit.visits.forms.definition import FieldDef, FormDefinition, StepDef
from homevisit.visits.forms.validate import REQUIRED, Problem, Severity, check_roster, check_value

ITEM_ID = "_id"  # a roster item's stable member id (a UUID from the store), kept as is


@dataclass(frozen=True, slots=True)
class Message:
    """A validation message on a visible field (``path`` like ``members.people.0.relation``)."""

    path: str
    code: str
    text: Text
    severity: Severity


@dataclass(frozen=True, slots=True)
class Progress:
    """Required visible fields answered, and messages, for a step or the whole form."""

    required: int
    answered: int
    errors: int
    warnings: int

    @property
    def complete(self) -> bool:
        return self.errors == 0 and self.answered >= self.required

    @property
    def ratio(self) -> float:
        return 1.0 if self.required == 0 else self.answered / self.required


@dataclass(frozen=True, slots=True)
class ItemState:
    index: int
    member_id: str | None
    fields: tuple[FieldState, ...]


@dataclass(frozen=True, slots=True)
class FieldState:
    """A visible field with its answer (``None`` when unanswered)."""

    path: str
    definition: FieldDef
    value: Any
    required: bool
    answered: bool
    items: tuple[ItemState, ...] = ()


@dataclass(frozen=True, slots=True)
class StepState:
    id: str
    title: Text
    help: Text | None
    fields: tuple[FieldState, ...]
    progress: Progress


@dataclass(frozen=True, slots=True)
class FormState:
    """Everything the GUI needs to render a visit form; hidden fields are simply absent."""

    form_id: str
    version: int
    steps: tuple[StepState, ...]
    messages: tuple[Message, ...]
    computed: Mapping[str, Any]
    progress: Progress
    _submitted: Mapping[str, Any] = field(repr=False)
    _step_order: tuple[str, ...] = field(repr=False, default=())  # every step, shown or not

    @property
    def complete(self) -> bool:
        return self.progress.complete

    def step(self, step_id: str) -> StepState | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def visible_paths(self) -> frozenset[str]:
        """Paths of every visible field, roster item fields with their index."""
        out: set[str] = set()
        for step in self.steps:
            for f in step.fields:
                out.add(f.path)
                out.update(i.path for item in f.items for i in item.fields)
        return frozenset(out)

    def next_step(self, step_id: str | None = None) -> str | None:
        """The visible step after ``step_id`` (the first one for ``None``); ``None`` at the end.

        ``step_id`` may have just become hidden (an answer changed): the walk goes on from
        its place in the definition, like a wizard whose next page depends on the answers.
        """
        return self._neighbour(step_id, forward=True)

    def previous_step(self, step_id: str) -> str | None:
        """The visible step before ``step_id``; ``None`` at the start."""
        return self._neighbour(step_id, forward=False)

    def first_incomplete_step(self) -> str | None:
        """Where to send the user when they try to finish: the first step with work left."""
        return next((s.id for s in self.steps if not s.progress.complete), None)

    def _neighbour(self, step_id: str | None, *, forward: bool) -> str | None:
        shown = [s.id for s in self.steps]
        if step_id is None:
            return shown[0] if forward and shown else None
        order = list(self._step_order) or shown
        position = order.index(step_id) if step_id in order else -1
        candidates = order[position + 1 :] if forward else reversed(order[: max(position, 0)])
        return next((s for s in candidates if s in shown), None)

    def messages_for(self, path: str) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.path == path)


def submitted_answers(state: FormState) -> dict[str, Any]:
    """The answers of visible fields only: what a finalized visit stores and syncs."""
    return copy.deepcopy(dict(state._submitted))


class _Walk:
    def __init__(self, definition: FormDefinition, answers: Mapping[str, Any], env: Environment):
        self.definition = definition
        self.answers = answers
        self.submitted: dict[str, Any] = {}
        defs = {c.id: (c.fn, c.args) for c in definition.computed}
        self.computed = LazyComputed(defs, lambda: self.scope, env)
        self.scope = Scope(self.submitted, self.computed, env.household, None, codelist_tags)
        self.today = env.today
        self.messages: list[Message] = []
        self.items: dict[str, list[tuple[str, Mapping[str, Any], set[str]]]] = {}

    def problems(self, path: str, problems: list[Problem]) -> None:
        self.messages.extend(Message(path, p.code, p.text, p.severity) for p in problems)

    def scalar(
        self, f: FieldDef, path: str, raw: Any, out: dict[str, Any], scope: Scope
    ) -> FieldState:
        if raw is not MISSING:
            out[f.id] = copy.deepcopy(raw)
        answered = is_answered(raw)
        required = holds(f.required, scope)
        if required and not answered:
            self.problems(path, [Problem("required", REQUIRED)])
        elif answered:
            self.problems(path, check_value(f, raw, self.today))
        return FieldState(path, f, raw if answered else None, required, answered)

    def roster(self, f: FieldDef, raw: Any, out: dict[str, Any]) -> FieldState:
        answered = is_answered(raw)
        required = holds(f.required, self.scope)
        if required and not answered:
            self.problems(f.path, [Problem("required", REQUIRED)])
        elif answered:
            self.problems(f.path, check_roster(f, raw))
        kept: list[dict[str, Any]] = []
        if raw is not MISSING:
            out[f.id] = kept
        states: list[ItemState] = []
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(item, Mapping):
                continue
            item_out: dict[str, Any] = {}
            member_id = item.get(ITEM_ID)
            if isinstance(member_id, str):
                item_out[ITEM_ID] = member_id
            kept.append(item_out)
            item_scope = self.scope.with_item(item_out)
            fields, visible = [], set()
            for sub in f.fields:
                if holds(sub.visible_when, item_scope):
                    path = f"{f.path}.{index}.{sub.id}"
                    value = item.get(sub.id, MISSING)
                    fields.append(self.scalar(sub, path, value, item_out, item_scope))
                    visible.add(sub.id)
            self.items.setdefault(f.path, []).append((f"{f.path}.{index}", item_out, visible))
            ids = member_id if isinstance(member_id, str) else None
            states.append(ItemState(index, ids, tuple(fields)))
        # The roster's value is the kept items: answers to hidden item fields never show.
        value = copy.deepcopy(kept) if answered else None
        return FieldState(f.path, f, value, required, answered, tuple(states))

    def step(self, step: StepDef) -> list[FieldState] | None:
        if not holds(step.visible_when, self.scope):
            return None
        out: dict[str, Any] = {}
        self.submitted[step.id] = out
        raw_step = self.answers.get(step.id)
        raw_step = raw_step if isinstance(raw_step, Mapping) else {}
        states = []
        for f in step.fields:
            if not holds(f.visible_when, self.scope):
                continue
            raw = raw_step.get(f.id, MISSING)
            states.append(
                self.roster(f, raw, out)
                if f.is_roster
                else self.scalar(f, f.path, raw, out, self.scope)
            )
        return states

    def checks(self, visible: frozenset[str]) -> None:
        for check in self.definition.checks:
            problem = [Problem(check.id, check.message, Severity(check.severity))]
            if check.roster is None:
                if check.path in visible and holds(check.when, self.scope):
                    self.problems(check.path, problem)
                continue
            for prefix, item_out, item_visible in self.items.get(check.roster, []):
                if check.path in item_visible and holds(check.when, self.scope.with_item(item_out)):
                    self.problems(f"{prefix}.{check.path}", problem)


def _progress(fields: list[FieldState], messages: list[Message]) -> Progress:
    flat = [*fields, *(i for f in fields for item in f.items for i in item.fields)]
    required = [f for f in flat if f.required]
    return Progress(
        required=len(required),
        answered=sum(1 for f in required if f.answered),
        errors=sum(1 for m in messages if m.severity is Severity.ERROR),
        warnings=sum(1 for m in messages if m.severity is Severity.WARNING),
    )


def evaluate(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    *,
    today: dt.date | None = None,
    household: Mapping[str, Any] | None = None,
) -> FormState:
    """Evaluate ``answers`` (``{step_id: {field_id: value}}``) against ``definition``.

    ``household`` is the household context scoring needs (``region_code``,
    ``contiguous_poverty_area``, …); ``today`` fixes "now" for ages and dates. Never raises
    on malformed answers: they become validation messages.
    """
    env = Environment(today or dt.date.today(), household or {}, definition.scoring)
    walk = _Walk(definition, answers if isinstance(answers, Mapping) else {}, env)
    visited = [(s, walk.step(s)) for s in definition.steps]
    shown = [(s, fields) for s, fields in visited if fields is not None]
    visible = frozenset(
        p
        for _, fields in shown
        for f in fields
        for p in (f.path, *(i.path for item in f.items for i in item.fields))
    )
    walk.checks(visible)
    steps = []
    for s, fields in shown:
        mine = [m for m in walk.messages if m.path.split(".", 1)[0] == s.id]
        steps.append(StepState(s.id, s.title, s.help, tuple(fields), _progress(fields, mine)))
    all_fields = [f for _, fields in shown for f in fields]
    computed = {key: walk.computed[key] for key in walk.computed}
    return FormState(
        definition.form_id,
        definition.version,
        tuple(steps),
        tuple(walk.messages),
        computed,
        _progress(all_fields, walk.messages),
        walk.submitted,
        tuple(s.id for s in definition.steps),
    )


def value_at(state: FormState, path: str) -> Any:
    """A submitted answer by dotted path (``None`` when hidden or unanswered)."""
    value = lookup(state._submitted, path.split("."))
    return None if value is MISSING else value
