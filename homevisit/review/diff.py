"""A field-level diff between two versions of a visit's answers (no Qt).

Fields are compared in the form definition's order. A roster's items (the household's
members) are matched by their id (the ``_id`` every item carries), not by their position:
a member moved up the list is the same member, and only what changed in that member is a
change. Items without an id (older answers) fall back to their position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homevisit.i18n import Text
from homevisit.visits.forms import FormDefinition
from homevisit.visits.forms.definition import FieldDef
from homevisit.visits.forms.engine import ITEM_ID


class ChangeKind(StrEnum):
    CHANGED = "changed"
    ADDED = "added"  # answered (or a member added) in the newer version only
    REMOVED = "removed"  # answered (or a member present) in the older version only


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed answer. ``path`` is the definition's path (``members.people.name`` for a
    member's field) and ``member_id`` the member it belongs to, so the anchor survives a
    reordering; a whole member added or removed has ``field`` None."""

    path: str
    member_id: str | None
    kind: ChangeKind
    old: Any
    new: Any
    label: Text

    @property
    def anchor(self) -> tuple[str, str | None]:
        return self.path, self.member_id


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _kind(old: Any, new: Any) -> ChangeKind | None:
    if _empty(old) and _empty(new):
        return None
    if _empty(old):
        return ChangeKind.ADDED
    if _empty(new):
        return ChangeKind.REMOVED
    if isinstance(old, list) and isinstance(new, list) and sorted(map(str, old)) == \
            sorted(map(str, new)):
        return None  # the same choices ticked in another order
    return None if old == new else ChangeKind.CHANGED


def _items(value: Any) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """A roster's items by member id (by position for items without one)."""
    out: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for index, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, Mapping):
            key = item.get(ITEM_ID)
            out[key if isinstance(key, str) and key else f"#{index}"] = (index, item)
    return out


def _member_label(roster: FieldDef, item: Mapping[str, Any], index: int) -> Text:
    base = roster.item_label or Text("成员", "Member")
    name = str(item.get("name") or "")
    return Text(f"{base.zh} {index + 1} {name}".strip(), f"{base.en} {index + 1} {name}".strip())


def _roster_changes(roster: FieldDef, old: Any, new: Any) -> list[FieldChange]:
    before, after = _items(old), _items(new)
    changes: list[FieldChange] = []
    order = list(after) + [key for key in before if key not in after]
    for key in order:
        member_id = None if key.startswith("#") else key
        if key not in before:
            index, item = after[key]
            changes.append(FieldChange(roster.path, member_id, ChangeKind.ADDED, None,
                                       dict(item), _member_label(roster, item, index)))
            continue
        if key not in after:
            index, item = before[key]
            changes.append(FieldChange(roster.path, member_id, ChangeKind.REMOVED, dict(item),
                                       None, _member_label(roster, item, index)))
            continue
        (_, was), (index, now) = before[key], after[key]
        who = _member_label(roster, now, index)
        for item_field in roster.fields:
            kind = _kind(was.get(item_field.id), now.get(item_field.id))
            if kind is not None:
                changes.append(FieldChange(
                    item_field.path, member_id, kind, was.get(item_field.id),
                    now.get(item_field.id),
                    Text(f"{who.zh} · {item_field.label.zh}", f"{who.en} · {item_field.label.en}")))
    return changes


def diff_answers(definition: FormDefinition, old: Mapping[str, Any],
                 new: Mapping[str, Any]) -> list[FieldChange]:
    """Every answer that differs between ``old`` and ``new`` (``{step: {field: value}}``),
    in the form's order. Keys the definition does not know (such as the wizard's place,
    ``_wizard``) are not answers and never differ."""
    changes: list[FieldChange] = []
    for step in definition.steps:
        was: Mapping[str, Any] = old.get(step.id) or {}
        now: Mapping[str, Any] = new.get(step.id) or {}
        if not isinstance(was, Mapping) or not isinstance(now, Mapping):
            was, now = (was if isinstance(was, Mapping) else {}), (
                now if isinstance(now, Mapping) else {})
        for field in step.fields:
            if field.is_roster:
                changes += _roster_changes(field, was.get(field.id), now.get(field.id))
                continue
            kind = _kind(was.get(field.id), now.get(field.id))
            if kind is not None:
                changes.append(FieldChange(
                    field.path, None, kind, was.get(field.id), now.get(field.id),
                    Text(f"{step.title.zh} · {field.label.zh}",
                         f"{step.title.en} · {field.label.en}")))
    return changes


def changed_anchors(changes: list[FieldChange]) -> frozenset[tuple[str, str | None]]:
    """The (path, member id) of every change: what the review view highlights."""
    return frozenset(change.anchor for change in changes)
