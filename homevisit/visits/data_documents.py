"""Data documents published from the server (issue 16): form definitions, code lists,
scoring rule sets, help-desk checklists and policy cards.

One place decides what kind a document is, what it is called (id and version), which other
documents it needs, whether it is valid — its JSON Schema plus the cross-checks the loaders
make — and what changed between two versions. The server calls it before storing anything;
a device calls it before using what it received. Headless and pure: the caller says where
referenced documents come from (:class:`References`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema

from homevisit.errors import DefinitionInvalid, RuleSetInvalid
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.resources import resource_path
from homevisit.visits.codelists import CodeList, load_codelist, parse_codelist
from homevisit.visits.forms.definition import FormDefinition, parse_definition
from homevisit.visits.rule_fit import unknown_references
from homevisit.visits.scoring import parse_rule_set

_SCHEMAS = {
    DocumentKind.HELPDESK_CHECKLIST: ("helpdesk", "checklist.schema.json"),
    DocumentKind.POLICY_CARD: ("helpdesk", "policy-card.schema.json"),
}


def _no_forms() -> list[Mapping[str, Any]]:
    return []


def _any_rule_set(_rule_set_id: str) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class References:
    """Where a document's references are looked up (the server: its current versions)."""

    codelist: Callable[[str], CodeList] = load_codelist
    """The current code list by id; raises :class:`CodeListNotFound`."""
    forms: Callable[[], list[Mapping[str, Any]]] = _no_forms
    """The current version of every form, as documents (to check rule sets and code lists
    against)."""
    has_rule_set: Callable[[str], bool] = _any_rule_set
    rule_sets: Callable[[], list[Mapping[str, Any]]] = _no_forms
    """The current version of every rule set, as documents."""


def kind_of(data: Any) -> DocumentKind:
    """The kind of a document read from a file: forms carry ``form_id``, rule sets
    ``rules``, checklists and policy cards their ``kind``; anything else with ``items`` is a
    code list."""
    if not isinstance(data, Mapping):
        raise DefinitionInvalid(source="document", where="/", reason="not a mapping")
    if "kind" in data:
        try:
            return DocumentKind(data["kind"])
        except ValueError:
            raise DefinitionInvalid(source="document", where="kind",
                                    reason=f"unknown kind {str(data['kind'])[:40]!r}") from None
    if "form_id" in data:
        return DocumentKind.FORM
    if "rules" in data:
        return DocumentKind.RULE_SET
    return DocumentKind.CODELIST


def key_of(kind: DocumentKind, data: Mapping[str, Any]) -> tuple[str, int]:
    """``(id, version)`` of a document that passed :func:`validate`."""
    doc_id = data["form_id"] if kind is DocumentKind.FORM else data["id"]
    return str(doc_id), int(data["version"])


def references(kind: DocumentKind, data: Mapping[str, Any]) -> list[tuple[DocumentKind, str]]:
    """The documents this one needs on a device before it may be used (sorted, unique)."""
    if kind is not DocumentKind.FORM:
        return []
    found: set[tuple[DocumentKind, str]] = set()

    def walk(fields: Any) -> None:
        for f in fields:
            if "codelist" in f:
                found.add((DocumentKind.CODELIST, f["codelist"]))
            walk(f.get("fields", ()))

    for step in data.get("steps", ()):
        walk(step.get("fields", ()))
    for c in data.get("computed", ()):
        rule_set = (c.get("args") or {}).get("rule_set")
        if isinstance(rule_set, str):
            found.add((DocumentKind.RULE_SET, rule_set))
    return sorted(found)


@cache
def _schema(kind: DocumentKind) -> jsonschema.Draft202012Validator:
    folder, name = _SCHEMAS[kind]
    return jsonschema.Draft202012Validator(
        json.loads(resource_path(folder, name).read_text("utf-8")))


def _rules_fit(data: Mapping[str, Any], form: FormDefinition, source: str) -> None:
    problems = unknown_references(parse_rule_set(data, source=source), form)
    if problems:
        rule, _, detail = problems[0].partition(": ")
        raise RuleSetInvalid(
            source=source, where=rule,
            reason=f"form {form.form_id} v{form.version} has no answer {detail}")


def _simple(kind: DocumentKind, data: Mapping[str, Any], source: str) -> None:
    error = jsonschema.exceptions.best_match(_schema(kind).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise DefinitionInvalid(source=source, where=where, reason=error.message[:200])
    codes = [item["code"] for item in data["items"]]
    if len(set(codes)) != len(codes):
        raise DefinitionInvalid(source=source, where="items", reason="duplicate code")


def validate(
    kind: DocumentKind,
    data: Any,
    refs: References | None = None,
    *,
    source: str = "document",
) -> None:
    """Refuse a document that a device could not use as it is.

    Raises :class:`DefinitionInvalid` or :class:`RuleSetInvalid` naming the place: a schema
    violation, a condition naming a later or unknown field, a code not in its list, an
    unknown code list or rule set, a rule naming an answer the form does not have, or a new
    code list that drops a code the current form still compares against.
    """
    refs = refs or References()
    if not isinstance(data, Mapping):
        raise DefinitionInvalid(source=source, where="/", reason="not a mapping")
    if kind is DocumentKind.FORM:
        parse_definition(data, source=source, codelists=refs.codelist)
        for ref_kind, ref_id in references(kind, data):
            if ref_kind is DocumentKind.RULE_SET and not refs.has_rule_set(ref_id):
                raise DefinitionInvalid(source=source, where="computed",
                                        reason=f"unknown rule set {ref_id!r}")
    elif kind is DocumentKind.RULE_SET:
        parse_rule_set(data, source=source)
        for form_data in refs.forms():
            if form_data.get("form_id") == data.get("form"):
                form = parse_definition(form_data, source=source, codelists=refs.codelist)
                _rules_fit(data, form, source)
    elif kind is DocumentKind.CODELIST:
        new = parse_codelist(data, source=source)

        def lookup(name: str) -> CodeList:
            return new if name == new.id else refs.codelist(name)

        # A code list replacing the current one must still satisfy the current forms:
        # dropping a code a condition compares against would make it silently never match.
        # The same goes for the rules that score those forms.
        for form_data in refs.forms():
            form = parse_definition(
                form_data, source=f"{source} → {form_data.get('form_id')}", codelists=lookup)
            for rules in refs.rule_sets():
                if rules.get("form") == form.form_id:
                    _rules_fit(rules, form, f"{source} → {rules.get('id')}")
    else:
        _simple(kind, data, source)
