"""Field-level merge of a record changed on both sides (DESIGN §5).

The outbox remembers, for each field the user changed, its value on the server copy the
change was based on (``base``). Against the server's current copy:
- a field only the user changed keeps the user's value;
- a field only the server changed takes the server's value;
- a field both changed to different values is an overlap, listed in a conflict.
Nothing is dropped: the conflict keeps the local and the server copy whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_IGNORED = frozenset({"id", "rev", "updated_at"})


@dataclass(frozen=True, slots=True)
class Merge:
    merged: dict[str, Any]
    overlap: list[str]
    to_push: dict[str, Any] = field(default_factory=dict)
    """Fields (with their values in ``merged``) that still differ from the server copy."""


def merge(local: dict[str, Any], base: dict[str, Any], server: dict[str, Any]) -> Merge:
    """Merge ``local`` (the device's current record) into ``server`` (the server's copy).

    ``base`` maps each field the user changed to its value at the time; when it is empty
    (the change history is unknown) every field that differs counts as changed on both
    sides, which is safe: it can only produce a conflict, never a silent overwrite.
    """
    if not base:
        changed = {k for k in local if k not in _IGNORED and local.get(k) != server.get(k)}
        base = {k: object() for k in changed}  # "unknown": never equal to the server's
    merged = dict(server)
    overlap: list[str] = []
    to_push: dict[str, Any] = {}
    for name, before in base.items():
        if name in _IGNORED or name not in local:
            continue
        mine, theirs = local[name], server.get(name)
        if mine == theirs:
            continue
        if theirs == before:  # only the device changed it
            merged[name] = mine
            to_push[name] = mine
        else:
            overlap.append(name)
            merged[name] = mine  # the user's work stays visible until they resolve
    if server.get("deleted") and not local.get("deleted") and (to_push or overlap):
        # Edited here, deleted there: neither wins silently.
        overlap.append("deleted")
        merged["deleted"] = False
    return Merge(merged, sorted(set(overlap)), to_push)
