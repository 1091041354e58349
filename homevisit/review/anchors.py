"""Where a review comment points (no Qt): a form field, and for a member's field the
member's id, never the member's position (DESIGN §3: a comment survives reordering).

A positional path is what the form engine and the wizard use (``members.people.2.income``:
step, roster, item index, field). An anchor drops the index and keeps the item's ``_id``:
``CommentAnchor("members.people.income", "<member id>")``. :func:`anchor_of_path` goes one
way, :func:`path_of_anchor` the other, on the answers of any version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ITEM_ID = "_id"  # a roster item's member id (homevisit.visits.forms.engine.ITEM_ID)


@dataclass(frozen=True, slots=True)
class CommentAnchor:
    """``field`` None: the whole visit. ``member_id`` only with a member's field."""

    field: str | None = None
    member_id: str | None = None

    @property
    def whole_visit(self) -> bool:
        return self.field is None


WHOLE_VISIT = CommentAnchor()


def _node(answers: Mapping[str, Any], parts: list[str]) -> Any:
    node: Any = answers
    for key in parts:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def anchor_of_path(answers: Mapping[str, Any], path: str | None) -> CommentAnchor:
    """The anchor of a positional field path in ``answers`` (a member's field: by the
    member's id; a roster item without an id keeps its position, the best there is)."""
    if not path:
        return WHOLE_VISIT
    parts = path.split(".")
    for cut, part in enumerate(parts):
        if cut == 0 or not part.isdigit():
            continue
        items = _node(answers, parts[:cut])
        if not isinstance(items, list) or int(part) >= len(items):
            break
        item = items[int(part)]
        member = item.get(ITEM_ID) if isinstance(item, Mapping) else None
        if isinstance(member, str):
            return CommentAnchor(".".join(parts[:cut] + parts[cut + 1:]), member)
        break
    return CommentAnchor(path, None)


def path_of_anchor(answers: Mapping[str, Any], anchor: CommentAnchor) -> str | None:
    """The positional path of ``anchor`` in ``answers``, or None when it points nowhere
    there (the whole visit, or a member no longer listed)."""
    if anchor.field is None:
        return None
    if anchor.member_id is None:
        return anchor.field
    parts = anchor.field.split(".")
    # The roster is the longest prefix of the field that holds a list of items.
    for cut in range(len(parts) - 1, 0, -1):
        items = _node(answers, parts[:cut])
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, Mapping) and item.get(ITEM_ID) == anchor.member_id:
                    return ".".join([*parts[:cut], str(index), *parts[cut:]])
            return None
    return None
