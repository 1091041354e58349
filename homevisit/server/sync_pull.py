"""Serving a pull (DESIGN §5): pages over the server-wide change sequence, in scope.

``since`` is the cursor of the previous page (0 at first). A page holds the changes with
``seq > since`` that the caller may see, in seq order; a record changed several times in
one page is sent once, as it is now. ``cursor`` is the last seq looked at: the page's last
when there is more, else the newest seq of the whole log.

``reset`` is answered when the cursor cannot be continued from:
- it is ahead of the newest change (the server was restored from an older backup, or the
  cursor came from another server): the client's copy may hold changes the server lost;
- it is older than the oldest change still kept (the change log was pruned past the
  retention horizon): changes in between are gone.
The client then drops its synced copy of its scope and pulls from 0, keeping unsent work.

Scope is decided on the records as they are now (``scope.change_filter``), for every role.
Whoever loses a household — a counselor when it is assigned to someone else, a supervisor
when it moves to another team or region — gets, at the seq of that move, a tombstone for
the household (``deleted: true``, no record): "gone from your scope" — the client drops
the household and everything under it. A tombstone rather than ``reset`` because a reset
would fire again on every page of the re-download.

Supervisors see a counselor's visit once it is finalized (submitted and on): a draft is
the counselor's own work in progress, and so are its consent, attachments and flags (they
are logged again when the visit is first submitted, ``sync_push``). A returned visit being
revised reaches supervisors with the content of the version they returned, never the
revision in progress: the next version arrives when it is finalized.

A stored record that fails its schema (stored before the protocol refused it) is left out
and logged by id, so it cannot fail every pull that covers it.

A page — the reset check, its change rows and its records of every kind — is read in one
statement, the records as JSON the database builds (``pull_query``).
"""

from __future__ import annotations

import logging
from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.errors import field_path
from homevisit.protocol.records import RECORD_TYPES, Entity, VisitContent
from homevisit.protocol.sync import Change as WireChange
from homevisit.protocol.sync import PullPage
from homevisit.protocol.vocabulary import Role
from homevisit.server.models import Household
from homevisit.server.principal import Principal
from homevisit.server.pull_query import PageRow, read_page
from homevisit.server.scope import household_filter

log = logging.getLogger("homevisit.server")

_CONTENT = tuple(VisitContent.model_fields)


def _record(entity: Entity, entity_id: str, record: str) -> dict[str, Any] | None:
    """The wire record of a row (validated from the JSON the database built, JSON-ready),
    or None for a stored row that fails its schema (logged by id, see
    ``records.record_or_none``)."""
    try:
        valid = RECORD_TYPES[entity].model_validate_json(record)
    except pydantic.ValidationError as exc:
        fields = sorted({".".join(map(str, field_path(e["loc"]))) for e in exc.errors()})
        # No field path when the text is not even JSON (a lone surrogate stored in a JSON
        # column on SQLite): ``homevisit-server check records`` names the field.
        log.warning("stored %s %s fails its record schema (%s); left out",
                    entity.value, entity_id, ", ".join(f for f in fields if f)[:200]
                    or "text JSON cannot carry")
        return None
    return valid.model_dump(mode="json")


def _supervisor_copy(row: PageRow, record: dict[str, Any]) -> dict[str, Any]:
    """A returned visit as a supervisor sees it: the content of its current finalized
    version (the counselor's revision in progress is theirs until finalized)."""
    if row.returned_version is None:
        return record
    copied = _record(Entity.VISIT_VERSION, row.entity_id, row.returned_version)
    if copied is None:
        return record
    return {**record, **{name: copied[name] for name in _CONTENT}}


def _wire_change(principal: Principal, row: PageRow) -> WireChange | None:
    """The change as ``principal`` receives it, or None when it is not for them."""
    if row.gone:
        return WireChange.model_construct(seq=row.seq, entity=row.entity.value,
                                          entity_id=row.entity_id, rev=row.rev,
                                          deleted=True, record=None)
    if row.of_draft:
        return None
    record = _record(row.entity, row.entity_id, row.record)
    if record is None:
        return None
    if principal.role is Role.SUPERVISOR and row.entity is Entity.VISIT:
        record = _supervisor_copy(row, record)
    # Built without validating again: every value was validated just above (a page of
    # 1,000 changes went through pydantic twice).
    return WireChange.model_construct(seq=row.seq, entity=row.entity.value,
                                      entity_id=row.entity_id, rev=row.rev,
                                      deleted=record["deleted"], record=record)


def pull_page(session: Session, principal: Principal, since: int, limit: int) -> PullPage:
    """One page of changes after ``since`` for ``principal`` (see the module docstring):
    the reset check, the page and its records of every kind are one statement
    (``pull_query``)."""
    page = read_page(session, principal, since, limit)
    # Ahead of the log (a restored backup, another server's cursor), or behind what it still
    # keeps (pruned past the retention horizon): the client starts over.
    if since != 0 and (page.newest is None or page.oldest is None or since > page.newest
                       or since < page.oldest - 1):
        return PullPage(changes=[], cursor=0, has_more=False, reset=True)
    changes = [change for row in page.rows
               if (change := _wire_change(principal, row)) is not None]
    changes.sort(key=lambda c: c.seq)  # a UNION keeps no order
    has_more = page.probed > limit
    return PullPage.model_construct(
        changes=changes, cursor=_cursor(since, page.last_seq, page.newest, has_more),
        has_more=has_more, reset=False)


def _cursor(since: int, last_seq: int | None, newest: int | None, has_more: bool) -> int:
    """Where the next page starts. A page that holds the rest of the caller's changes
    looked at the whole log up to its newest seq, read in the same statement: the cursor
    moves there, past everyone else's changes, or every later pull — nearly all of them
    find nothing — would look through those again (a counselor idle for a week, in a
    county making 100,000 changes). No change can appear below it later: seq order is
    commit order (``server.changes``)."""
    if has_more:
        assert last_seq is not None
        return last_seq
    return max(since, last_seq or 0, newest or 0)


def out_of_scope(session: Session, principal: Principal, household_ids: list[str]) -> list[str]:
    """Those of ``household_ids`` that ``principal`` may not see now (unknown ids too)."""
    asked = set(household_ids)
    if not asked:
        return []
    visible = set(session.scalars(select(Household.id).where(
        Household.id.in_(asked), household_filter(principal))))
    return sorted(asked - visible)
