"""What changed between two versions of a data document (``homevisit-server forms check``):
steps, fields, checks and computed values of a form; codes of a list; groups, levels and
rules of a rule set; items of a checklist or policy card. Added, removed, changed — by id,
so a reordering alone is not reported as a change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from homevisit.protocol.vocabulary import DocumentKind


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``what`` is ``added``, ``removed`` or ``changed``."""

    what: str
    part: str  # step | field | check | computed | code | item | group | level | rule | title
    name: str

    def __str__(self) -> str:
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.what]
        return f"{sign} {self.part} {self.name}"


def _compare(part: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for name in new:
        if name not in old:
            yield Change("added", part, name)
        elif old[name] != new[name]:
            yield Change("changed", part, name)
    for name in old:
        if name not in new:
            yield Change("removed", part, name)


def _by(items: Iterable[Mapping[str, Any]], key: str, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}{item[key]}": item for item in items}


def _form_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for step in data.get("steps", ()):
        for f in step.get("fields", ()):
            path = f"{step['id']}.{f['id']}"
            out[path] = {k: v for k, v in f.items() if k != "fields"}
            out.update(_by(f.get("fields", ()), "id", f"{path}."))
    return out


def _form_parts(data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    steps = {s["id"]: {k: v for k, v in s.items() if k != "fields"} for s in data.get("steps", ())}
    return [
        ("title", {"title": data.get("title")}),
        ("step", steps),
        ("field", _form_fields(data)),
        ("check", _by(data.get("checks", ()), "id")),
        ("computed", _by(data.get("computed", ()), "id")),
    ]


def _rule_set_parts(data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("title", {"title": data.get("title"), "regions": data.get("regions")}),
        ("group", _by(data.get("groups", ()), "id")),
        ("level", _by(data.get("levels", ()), "level")),
        ("rule", _by(data.get("rules", ()), "id")),
    ]


def _item_parts(part: str, data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("title", {"title": data.get("title")}), (part, _by(data.get("items", ()), "code"))]


def _parts(kind: DocumentKind, data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    if kind is DocumentKind.FORM:
        return _form_parts(data)
    if kind is DocumentKind.RULE_SET:
        return _rule_set_parts(data)
    return _item_parts("code" if kind is DocumentKind.CODELIST else "item", data)


def document_changes(
    kind: DocumentKind, old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> list[Change]:
    """Differences from ``old`` (None: nothing published yet, everything is added) to ``new``."""
    changes: list[Change] = []
    old_parts = dict(_parts(kind, old or {}))
    for part, items in _parts(kind, new):
        before = old_parts.get(part, {}) if old is not None else {}
        changes.extend(_compare(part, before, items))
    return [c for c in changes if not (c.part == "title" and c.what == "added" and old is None)]
