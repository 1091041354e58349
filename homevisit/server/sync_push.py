"""Applying a push (DESIGN §5): a batch of outbox ops, one result per op.

- Idempotent on (device, op_id): a replayed op gets its stored result and changes nothing.
- Optimistic concurrency: ``base_rev`` must equal the server's rev (0 for a new record),
  else the op is a ``conflict`` carrying the server's copy.
- A refused op (unknown entity, invalid payload, out of scope, illegal transition, …) is
  ``rejected`` alone with a :class:`RejectCode`; the others apply.
- Every applied op bumps the record's rev and appends to the change log in the same
  transaction as its stored result.

Speed: the batch's rows, households and replays are loaded with one query each (new
records, whose ids the device made, are taken to be absent), every check runs in Python
before anything is written, and new records go in with one INSERT (or COPY) per table,
column by column. If the database refuses something — a "new" record that was there after
all, or a constraint nobody checked — the batch is applied again with every record looked
up, and if that fails too, one op per transaction so that only the offending op is
rejected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, get_args

import pydantic
from sqlalchemy import Table, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from homevisit.protocol.errors import field_path
from homevisit.protocol.records import RECORD_TYPES, Entity, Record
from homevisit.protocol.sync import Op, Operation, OpReason, OpResult, OpStatus, RejectCode
from homevisit.protocol.sync_policy import POLICIES, Scope, SyncPolicy
from homevisit.protocol.types import UUID_PATTERN
from homevisit.protocol.vocabulary import Role, VisitStatus
from homevisit.server import consent_gate
from homevisit.server.aid import derive_case_entries
from homevisit.server.bulk import Column, Columns, Same, insert_columns, insert_rows
from homevisit.server.changes import bump, log_table, record_change
from homevisit.server.desks import note_seen_elsewhere, staffed_desks
from homevisit.server.id_sets import id_in
from homevisit.server.models import (
    AppliedBatch,
    Attachment,
    ConsentRecord,
    Device,
    Flag,
    Household,
    utc_now,
)
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal
from homevisit.server.push_body import payload_field
from homevisit.server.pushed_decisions import APPLIED_BY_RULES, check_answer
from homevisit.server.pushed_planning import AFTER_APPLY, CHECKS
from homevisit.server.records import ALWAYS_SERVER_SET, ORM_TYPES, apply_record, wire_or_none
from homevisit.server.roster import match_household, rematch_renumbered
from homevisit.server.scope import household_filter
from homevisit.server.sync_rules import PARENTS, PUSHABLE, OpRefused, next_status
from homevisit.server.uploads import blob_uploaded_for

_Key = tuple[Entity, str]

ENTITIES = {entity.value: entity for entity in Entity}
"""Each kind by its name on the wire (a lookup; calling the enum costs more per op)."""

INSERT_ORDER = tuple(POLICIES)
"""Parents before children when the batch's new records are inserted: the policy table
lists every parent before its children (tests/test_sync_policy.py), so a new kind needs
no change here."""


def _plain_new(role: Role) -> frozenset[Entity]:
    """The kinds a new record of which ``role`` pushes is checked by the policy table alone
    and inserted in bulk: household scope, made by pushes, no check or rule of its own."""
    own_rules = {*CHECKS, *AFTER_APPLY, *APPLIED_BY_RULES, Entity.ATTACHMENT,
                 Entity.COMMENT_ANSWER}
    return frozenset(
        entity for entity in PUSHABLE[role] if entity not in own_rules
        and (policy := POLICIES[entity]).scope is Scope.HOUSEHOLD
        and policy.created_by_push and policy.may_create(role))


PLAIN_NEW = {role: _plain_new(role) for role in Role}

ENTITY_OF_PART: dict[type[ConsentRecord | Attachment | Flag], Entity] = {
    ConsentRecord: Entity.CONSENT, Attachment: Entity.ATTACHMENT, Flag: Entity.FLAG}
"""A visit's records a supervisor receives only once the visit left its draft."""
VISIT_PARTS = tuple(ENTITY_OF_PART)


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT of ``rows`` (see :mod:`homevisit.server.bulk`)."""
    insert_rows(session, table, rows)


def stored_result(result: OpResult) -> dict[str, Any]:
    """The compact form of a result kept for replays: without its op id (the row's key
    holds it), and one shared object for each (status, rev) of applied ops, so a batch
    serialises it once."""
    if result.status is OpStatus.APPLIED and result.rev is not None:
        return _applied_result(result.rev)
    return result.model_dump(mode="json", exclude_none=True, exclude={"op_id"})


@lru_cache(maxsize=64)
def _applied_result(rev: int) -> dict[str, Any]:
    return {"status": OpStatus.APPLIED.value, "rev": rev}


_RECORD_ID = re.compile(UUID_PATTERN)


def _is_record_id(value: Any) -> bool:
    """Whether a payload's (not yet validated) parent id can name a record: anything else
    is refused by the record's schema, and must not reach a lookup first (a lone surrogate
    cannot even be sent to the database)."""
    return isinstance(value, str) and _RECORD_ID.match(value) is not None


@cache
def _not_inserted(entity: Entity) -> set[str]:
    """A new record's fields that are not its row's values as pushed."""
    return set(ALWAYS_SERVER_SET | POLICIES[entity].server_owned | {"deleted"})


class _Queued:
    """What :attr:`PushBatch.rows` holds for a record this batch made that still waits in
    ``pending_new`` for its bulk insert (asking for it inserts the queue first)."""


QUEUED = _Queued()


@cache
def _inserted_fields(entity: Entity) -> tuple[str, ...]:
    """A new record's fields that are its row's values as pushed."""
    excluded = _not_inserted(entity)
    return tuple(f for f in RECORD_TYPES[entity].model_fields if f not in excluded)


def _record_columns(entity: Entity, records: list[Record]) -> dict[str, Column]:
    """New records' column values, column by column, as validated (read off the models, in
    C: ``model_dump`` would copy every list and dict, which are not changed before they are
    inserted), unless a field holds a model of its own."""
    if _holds_models(RECORD_TYPES[entity]):
        rows = [r.model_dump(mode="python", exclude=_not_inserted(entity)) for r in records]
        return {key: [row[key] for row in rows] for key in rows[0]}
    return {field: list(map(attrgetter(field), records)) for field in _inserted_fields(entity)}


@cache
def _holds_models(record_type: type[Record]) -> bool:
    def models_in(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            return True
        return any(models_in(arg) for arg in get_args(annotation))
    return any(models_in(f.annotation) for f in record_type.model_fields.values())


def replayed(op_id: int, stored: dict[str, Any]) -> OpResult:
    """The result of an op handled before (rows stored before results were compact still
    carry their op id; it is the same)."""
    return OpResult.model_validate({**stored, "op_id": op_id})


class PushBatch:
    """One push request being applied for one principal, in the caller's session."""

    def __init__(self, session: Session, principal: Principal, lang: str = "zh") -> None:
        self.session, self.principal, self.lang = session, principal, lang
        self.rows: dict[_Key, Base | _Queued | None] = {}
        self.households: dict[str, Household] = {}
        self.matched_visits: dict[str, str] = {}  # visit id → household id, for roster match
        self.consent_households: set[str] = set()  # roster results may have to go
        self.first_submitted: set[str] = set()  # visits that left their draft in this push
        self.renumbered: dict[str, str] = {}  # member id → household id: match again
        self.pushed_consents: list[Mapping[str, Any]] = []
        self.pending_changes = Columns()
        self.pending_new: dict[Entity, list[tuple[Record, str | None]]] = {}  # record, status
        self.pending_results: dict[str, dict[str, Any]] = {}  # op id (text) → stored result
        self.desks: set[str] | None = None  # where a volunteer may write cases (lazy)
        self.plain_kinds = PLAIN_NEW[principal.role]
        self.assume_new = True  # see _prefetch
        self.now = utc_now()
        self.dialect = session.get_bind().dialect.name

    # --- loading ---------------------------------------------------------------------

    def _prefetch(self, ops: list[Op]) -> None:
        """Load the rows the ops name and their parents and households, one query per
        table. With :attr:`assume_new`, the records of new-record ops (rev 0) are not
        looked up but taken to be absent: their ids are the device's own UUIDs, so they
        nearly always are, and when one is not its INSERT fails on the primary key and
        :meth:`push` applies the batch again with every record looked up."""
        wanted: dict[Entity, set[str]] = {}
        assumed: list[_Key] = []
        household_ids: set[str] = set()
        for op in ops:
            entity = ENTITIES.get(op.entity)
            if entity is None:
                continue
            if self.assume_new and entity in self.plain_kinds and op.base_rev == 0 and \
                    op.operation is Operation.UPSERT:
                assumed.append((entity, op.entity_id))
            else:
                wanted.setdefault(entity, set()).add(op.entity_id)
            for field, parent in PARENTS.get(entity, ()):
                parent_id = payload_field(op, field)
                if _is_record_id(parent_id):
                    wanted.setdefault(parent, set()).add(parent_id)
            if entity is Entity.HOUSEHOLD:
                household_ids.add(op.entity_id)
            elif _is_record_id(household_id := payload_field(op, "household_id")):
                household_ids.add(household_id)
        locking = self.dialect == "postgresql"
        for entity, ids in wanted.items():
            model = ORM_TYPES[entity]
            query = select(model).where(id_in(model.id, ids, self.dialect))  # type: ignore[attr-defined]
            found = {r.id: r for r in self.session.execute(  # type: ignore[attr-defined]
                query.with_for_update() if locking else query).scalars()}
            for id_ in ids:
                self.rows[(entity, id_)] = found.get(id_)
            if entity is Entity.HOUSEHOLD:
                continue
            household_ids.update(
                r.household_id for r in found.values() if hasattr(r, "household_id")
            )
        for entity, id_ in assumed:
            if id_ not in wanted.get(entity, ()):  # else also a parent: looked up
                self.rows[(entity, id_)] = None
        if household_ids:
            self.households = {h.id: h for h in self.session.execute(
                select(Household).where(id_in(Household.id, household_ids, self.dialect),
                                        household_filter(self.principal))).scalars()}

    def _row(self, entity: Entity, id_: str) -> Base | None:
        key = (entity, id_)
        if self.rows.get(key) is QUEUED:
            self._insert_pending()  # an op on a record made earlier in this batch
        if key not in self.rows:
            self.rows[key] = self.session.get(ORM_TYPES[entity], id_)
        return self.rows[key]  # type: ignore[return-value]  # never QUEUED: inserted above

    def _insert_pending(self) -> None:
        """Insert the batch's new records, one statement per table, parents first."""
        for entity in INSERT_ORDER:
            queued = self.pending_new.pop(entity, None)
            if queued:
                self._insert_new(entity, queued)
        assert not self.pending_new, f"new records of {set(self.pending_new)} not inserted"

    def _insert_new(self, entity: Entity, queued: list[tuple[Record, str | None]]) -> None:
        """One kind's new records, column by column, and their change rows: what the ORM
        would have written for each, with no object or dict per record."""
        p, policy, now = self.principal, POLICIES[entity], self.now
        records = [record for record, _ in queued]
        count = len(records)
        ids = [record.id for record in records]
        columns = _record_columns(entity, records)
        columns.update(id=ids, rev=Same(1), updated_at=Same(now), deleted=Same(False),
                       updated_by_device=Same(p.device_id))
        if policy.author_field is not None:  # who made it: the pushing user, never the payload
            columns[policy.author_field] = Same(p.username)
        if policy.created_field is not None:
            columns[policy.created_field] = Same(now)
        statuses = [status for _, status in queued]
        if policy.transition is not None:  # what the policy's status machine stores
            columns["status"] = statuses
        if entity is Entity.VISIT:
            columns["counselor"] = Same(p.username)
            columns["submitted_at"] = [now if status == VisitStatus.SUBMITTED else None
                                       for status in statuses]
        elif entity is Entity.COMMENT_ANSWER:
            columns["author"] = Same(p.username)
        insert_columns(self.session, ORM_TYPES[entity].__table__, count, columns)  # type: ignore[arg-type]  # a mapped class's __table__ is a Table
        for id_ in ids:
            del self.rows[(entity, id_)]  # now a real row, loaded if asked for
        household_ids: list[str] = columns["household_id"]  # type: ignore[assignment]  # a list: read off the records
        households = [self._household(h) for h in household_ids]
        self.pending_changes.add(count, {
            "entity": Same(entity.value), "entity_id": ids, "rev": Same(1),
            "deleted": Same(False), "household_id": household_ids,
            "team_id": [h.team_id for h in households],
            "region_code": [h.region_code for h in households], "desk_id": Same(None),
            "device_id": Same(p.device_id), "changed_at": Same(now)})

    # --- one op --------------------------------------------------------------------------

    def _validate(self, entity: Entity, op: Op) -> Record:
        record_type = RECORD_TYPES[entity]
        if type(op.payload) is record_type:  # validated with the body (server/push_body.py)
            if op.payload.id != op.entity_id:
                raise OpRefused(RejectCode.INVALID_RECORD, fields="id")
            return op.payload
        payload = dict(op.payload or {})
        if payload.get("id", op.entity_id) != op.entity_id:
            raise OpRefused(RejectCode.INVALID_RECORD, fields="id")
        payload["id"] = op.entity_id
        try:
            return record_type.model_validate(payload)
        except pydantic.ValidationError as exc:
            # Field paths only: the values may be names or ID numbers, and a key of a
            # free-form object is input too (it may hold a NUL or a lone surrogate).
            paths = sorted({".".join(map(str, field_path(e["loc"]))) for e in exc.errors()})
            raise OpRefused(RejectCode.INVALID_RECORD, fields=", ".join(paths)[:500]) from None

    def _check_scope(self, entity: Entity, record: Record | None, row: Base | None) -> None:
        p = self.principal
        if record is None and row is None:
            return  # a delete of something never synced: unknown_record, nothing to scope
        if entity in CHECKS:  # delegations and proposals: their own scope and moves
            CHECKS[entity](self.session, p, record, row, self.households)
            return
        if POLICIES[entity].scope is Scope.DESK:
            if self.desks is None:
                self.desks = staffed_desks(self.session, p)
            for desk in {getattr(x, "desk_id", None) for x in (record, row) if x is not None}:
                if desk not in self.desks:
                    raise OpRefused(RejectCode.OUT_OF_SCOPE)
            # A volunteer writes only their own cases (a colleague's is not even seen).
            if row is not None and getattr(row, "volunteer", p.username) != p.username:
                raise OpRefused(RejectCode.OUT_OF_SCOPE)
            return
        field = "id" if entity is Entity.HOUSEHOLD else "household_id"
        ids = {getattr(x, field) for x in (record, row) if x is not None}
        # Two ids = the op moves a record to another household: never allowed.
        if len(ids) != 1 or next(iter(ids)) not in self.households:
            raise OpRefused(RejectCode.OUT_OF_SCOPE)

    def _check_parents(self, entity: Entity, record: Record) -> None:
        for field, parent_entity in PARENTS.get(entity, ()):
            parent_id = getattr(record, field)
            if parent_id is None:
                continue
            parent = self._row(parent_entity, parent_id)
            if parent is None or parent.household_id != record.household_id:  # type: ignore[attr-defined]
                raise OpRefused(RejectCode.MISSING_PARENT, field=field)
            if parent in self.session.new:
                self.session.flush()  # parent rows first: no relationships order the flush

    def apply(self, op: Op) -> OpResult:
        """Check and apply one op; raises :class:`OpRefused` before writing anything."""
        entity = ENTITIES.get(op.entity)
        if entity in self.plain_kinds and op.base_rev == 0 and \
                op.operation is Operation.UPSERT and \
                self.rows.get((entity, op.entity_id), QUEUED) is None:
            return self._create(entity, op)
        if entity is None:
            raise OpRefused(RejectCode.UNKNOWN_ENTITY)
        if entity not in PUSHABLE.get(self.principal.role, ()):
            raise OpRefused(RejectCode.NOT_ALLOWED)
        row = self._row(entity, op.entity_id)
        record = self._validate(entity, op) if op.operation is Operation.UPSERT else None
        self._check_scope(entity, record, row)
        policy = POLICIES[entity]
        if row is not None and not policy.may_edit(self.principal.role):
            raise OpRefused(RejectCode.NOT_ALLOWED)  # e.g. a supervisor explaining a flag
        current_rev = getattr(row, "rev", 0) if row is not None else 0
        if row is not None and current_rev != op.base_rev:
            return OpResult(op_id=op.op_id, status=OpStatus.CONFLICT, rev=current_rev,
                            server_record=wire_or_none(entity, row))
        if op.operation is Operation.DELETE:
            return self._delete(entity, op, row)
        assert record is not None
        if row is None and op.base_rev:
            raise OpRefused(RejectCode.UNKNOWN_RECORD)
        if row is not None and (policy.immutable or getattr(row, "deleted", False)):
            raise OpRefused(RejectCode.IMMUTABLE if policy.immutable
                            else RejectCode.UNKNOWN_RECORD)
        if row is None and not policy.created_by_push:
            raise OpRefused(RejectCode.OUT_OF_SCOPE)  # e.g. households come from assignment
        if row is None and not policy.may_create(self.principal.role):
            raise OpRefused(RejectCode.NOT_ALLOWED)  # e.g. a supervisor proposing
        self._check_parents(entity, record)
        if entity is Entity.ATTACHMENT and not blob_uploaded_for(
                self.session, record.sha256, record.household_id):  # type: ignore[attr-defined]
            # Only bytes uploaded for this household: a hash seen elsewhere opens nothing.
            raise OpRefused(RejectCode.MISSING_PARENT, field="sha256")
        consent_gate.check_push(self.session, self.pushed_consents, entity, record)
        if entity in APPLIED_BY_RULES:
            return self._by_rules(entity, op, record)
        if entity is Entity.COMMENT_ANSWER:
            check_answer(record, self._row)  # type: ignore[arg-type]
        return self._upsert(entity, op, record, row)

    def _create(self, entity: Entity, op: Op) -> OpResult:
        """A new record of a kind the policy table alone governs (what most pushes carry:
        visits, members, consents, flags …), the record not on the server (prefetched): the
        checks :meth:`apply` makes of such an op, in its order, without those that cannot
        fail for it."""
        record = self._validate(entity, op)
        if record.household_id not in self.households:  # type: ignore[attr-defined]
            raise OpRefused(RejectCode.OUT_OF_SCOPE)
        if PARENTS[entity]:
            self._check_parents(entity, record)
        consent_gate.check_push(self.session, self.pushed_consents, entity, record)
        return self._insert(entity, op, record, self._status(POLICIES[entity], record, None))

    def _by_rules(self, entity: Entity, op: Op, record: Record) -> OpResult:
        """A decision: the review rules write it (and what it changes), or refuse it."""
        self._insert_pending()  # records made earlier in this push count (a raised flag)
        row = APPLIED_BY_RULES[entity](self.session, self.principal, record, self._row)
        self.rows[(entity, op.entity_id)] = row
        return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, rev=row.rev)  # type: ignore[attr-defined]

    def _status(self, policy: SyncPolicy, record: Record, row: Base | None) -> str | None:
        """The status the record is stored with (None: a kind without one), or a refusal
        of the move (or of what a new record of this role must carry)."""
        status: str | None = None
        if policy.transition is not None:
            status = next_status(policy, getattr(row, "status", None),
                                 getattr(row, "version", 0), getattr(record, "status", ""),
                                 getattr(record, "version", 0))
        required = policy.created_with.get(self.principal.role) if row is None else None
        if required and any(str(getattr(record, f, None)) != v for f, v in required.items()):
            raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current="new",
                            wanted=",".join(required))
        return status

    def _upsert(self, entity: Entity, op: Op, record: Record, row: Base | None) -> OpResult:
        p, policy = self.principal, POLICIES[entity]
        status = self._status(policy, record, row)
        is_new = row is None
        if row is None and policy.scope is Scope.HOUSEHOLD and entity not in AFTER_APPLY:
            return self._insert(entity, op, record, status)
        if row is None:
            row = ORM_TYPES[entity](id=op.entity_id)
            self.session.add(row)
            self.rows[(entity, op.entity_id)] = row
        if entity is Entity.MEMBER and not is_new and \
                row.id_number != record.id_number:  # type: ignore[attr-defined]
            self.renumbered[row.id] = row.household_id  # type: ignore[attr-defined]
        if policy.editable is not None and not is_new:
            for field in policy.editable:
                setattr(row, field, getattr(record, field))
        else:
            apply_record(row, record, exclude=policy.server_owned | {"deleted"},
                         update=not is_new)
        submitted = status == VisitStatus.SUBMITTED
        if entity is Entity.VISIT and submitted and row.status != VisitStatus.SUBMITTED:  # type: ignore[attr-defined]
            row.submitted_at = utc_now()  # type: ignore[attr-defined]
            if row.status == VisitStatus.DRAFT:  # type: ignore[attr-defined]
                self.first_submitted.add(row.id)  # type: ignore[attr-defined]
        if status is not None:  # what the policy's status machine stores
            row.status = status  # type: ignore[attr-defined]
        if entity is Entity.VISIT:
            row.counselor = row.counselor or p.username  # type: ignore[attr-defined]
            self.matched_visits[row.id] = row.household_id  # type: ignore[attr-defined]
        elif entity is Entity.CONSENT:
            self.matched_visits[record.visit_id] = record.household_id  # type: ignore[attr-defined]
            self.consent_households.add(record.household_id)  # type: ignore[attr-defined]
        elif entity is Entity.HELPDESK_CASE:
            if is_new:
                row.volunteer = p.username  # type: ignore[attr-defined]
            with self.session.no_autoflush:  # a new case is flushed with its first rev
                note_seen_elsewhere(self.session, [row], device_id=p.device_id)  # type: ignore[list-item]
                derive_case_entries(self.session, [row], device_id=p.device_id)  # type: ignore[list-item]
        row.deleted = False  # type: ignore[attr-defined]
        row.updated_by_device = p.device_id  # type: ignore[attr-defined]
        result = self._logged(entity, op, row)
        if entity in AFTER_APPLY:  # what a delegation or a proposal's decision sets going
            AFTER_APPLY[entity](self.session, p, row, is_new)
        return result

    def _insert(self, entity: Entity, op: Op, record: Record, status: str | None) -> OpResult:
        """A new record: queued and inserted in bulk with the batch's other new records of
        its table (:meth:`_insert_new`; pushes are mostly new records). A new visit is not
        queued for the roster match: a consent that authorises it can only be one in this
        push (a stored consent needs its visit), and that consent queues it."""
        self.pending_new.setdefault(entity, []).append((record, status))
        self.rows[(entity, op.entity_id)] = QUEUED
        if entity is Entity.CONSENT:
            self.matched_visits[record.visit_id] = record.household_id  # type: ignore[attr-defined]
            self.consent_households.add(record.household_id)  # type: ignore[attr-defined]
        return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, rev=1)

    def _delete(self, entity: Entity, op: Op, row: Base | None) -> OpResult:
        if row is None:
            raise OpRefused(RejectCode.UNKNOWN_RECORD)
        policy = POLICIES[entity]
        if policy.deletable_when is None:
            raise OpRefused(RejectCode.IMMUTABLE)
        if not policy.may_delete(row):
            raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=getattr(row, "status", ""),
                            wanted="deleted")
        row.deleted = True  # type: ignore[attr-defined]
        row.updated_by_device = self.principal.device_id  # type: ignore[attr-defined]
        if entity is Entity.HELPDESK_CASE:  # its summaries leave the growth records
            derive_case_entries(self.session, [row], device_id=self.principal.device_id)  # type: ignore[list-item]
        return self._logged(entity, op, row)

    def _logged(self, entity: Entity, op: Op, row: Base) -> OpResult:
        rev = bump(row, self.now)
        if POLICIES[entity].scope is not Scope.HOUSEHOLD:
            record_change(self.session, entity, row, device_id=self.principal.device_id)
        else:
            household_id = row.id if entity is Entity.HOUSEHOLD else row.household_id  # type: ignore[attr-defined]
            self._log_change(entity, row.id, household_id, rev, bool(row.deleted))  # type: ignore[attr-defined]
        return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, rev=rev)

    def _log_change(self, entity: Entity, entity_id: str, household_id: str, rev: int,
                    deleted: bool) -> None:
        """The row ``record_change`` writes, queued to be inserted in bulk with the batch's
        other changes (one statement instead of one ORM object per op)."""
        household = self._household(household_id)
        self.pending_changes.add_row({
            "entity": entity.value, "entity_id": entity_id, "rev": rev, "deleted": deleted,
            "household_id": household_id, "team_id": household.team_id,
            "region_code": household.region_code, "desk_id": None,
            "device_id": self.principal.device_id, "changed_at": self.now,
        })

    def _household(self, household_id: str) -> Household:
        # A delegation's delegate answers before the household is theirs to see.
        household = self.households.get(household_id) or self.session.get(
            Household, household_id)
        assert household is not None
        return household

    def _relog_first_submitted(self) -> None:
        """Log again the consent, attachments and flags of visits that just left their
        draft: a supervisor's pull skipped them while the visit was a draft, and its cursor
        has moved past them."""
        for model in VISIT_PARTS:
            found = self.session.execute(select(
                model.id, model.household_id, model.rev, model.deleted,
            ).where(id_in(model.visit_id, self.first_submitted, self.dialect))).all()
            for id_, household_id, rev, deleted in found:
                self._log_change(ENTITY_OF_PART[model], id_, household_id, rev, bool(deleted))
        self.first_submitted = set()

    def _write_log(self) -> None:
        """Insert the batch's change rows and op results (after the records they name)."""
        self._insert_pending()
        self.session.flush()
        if self.first_submitted:
            self._relog_first_submitted()
        if self.pending_changes:
            insert_columns(self.session, log_table(self.session),
                           *self.pending_changes.joined())
        if self.pending_results:  # the push's results: one row (models.AppliedBatch)
            op_ids = [int(op_id) for op_id in self.pending_results]
            bulk_insert(self.session, AppliedBatch.__table__, [{  # type: ignore[arg-type]
                "device_id": self.principal.device_id, "first_op_id": min(op_ids),
                "last_op_id": max(op_ids), "results": self.pending_results,
                "applied_at": self.now}])
        self.pending_changes, self.pending_results = Columns(), {}

    def rejected(self, op: Op, refusal: OpRefused) -> OpResult:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED,
                        reason=OpReason(code=refusal.code.value,
                                        message=refusal.text.in_language(self.lang)))

    # --- the batch -----------------------------------------------------------------------

    def _hold_device(self) -> None:
        """Apply this device's pushes one at a time: a push sent again while the first is
        still being applied (a retry after a timeout) then finds the first one's results
        and replays them, instead of applying its ops a second time.

        PostgreSQL: a lock on the device's row until commit (FOR NO KEY UPDATE: rows that
        merely reference the device, such as its tokens, are not held up). SQLite: the
        database's write lock from here on (it has one writer anyway), so what this push
        reads next is what it writes on."""
        if self.dialect == "postgresql":
            self.session.execute(select(Device.id).where(
                Device.id == self.principal.device_id).with_for_update(key_share=True))
            return
        connection = self.session.connection()
        driver: Any = connection.connection.driver_connection  # the sqlite3 connection
        if not driver.in_transaction:  # authenticate() may have begun one with a write
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    def _replays(self, ops: list[Op]) -> dict[int, dict[str, Any]]:
        """The stored results of ops handled before, from the rows whose op-id ranges
        meet this push's: one index range scan, which finds nothing for a push of new ops
        (a device's op ids only grow) — nearly every push."""
        ids = {op.op_id for op in ops}
        if not ids:
            return {}
        rows = self.session.execute(select(AppliedBatch.results).where(
            AppliedBatch.device_id == self.principal.device_id,
            AppliedBatch.last_op_id >= min(ids), AppliedBatch.first_op_id <= max(ids)))
        return {int(op_id): result for (results,) in rows
                for op_id, result in results.items() if int(op_id) in ids}

    def _forget(self) -> None:
        """Roll back, and drop what this batch held of the rolled-back work."""
        self.session.rollback()
        self.rows.clear()
        self.matched_visits.clear()
        self.consent_households.clear()
        self.first_submitted.clear()
        self.renumbered.clear()
        self.pending_changes, self.pending_results, self.pending_new = Columns(), {}, {}

    def _run(self, ops: list[Op], *, commit_each: bool) -> list[OpResult]:
        self._hold_device()
        stored = self._replays(ops)
        self._prefetch([op for op in ops if op.op_id not in stored])
        results: list[OpResult] = []
        for i, op in enumerate(ops):
            if op.op_id in stored:
                results.append(replayed(op.op_id, stored[op.op_id]))
                continue
            try:
                result = self.apply(op)
                if commit_each:
                    self._insert_pending()
                    self.session.flush()
            except OpRefused as refusal:
                result = self.rejected(op, refusal)
            except (IntegrityError, DataError, OverflowError):
                if not commit_each:
                    raise  # the ops before it are not written yet: push() redoes them all
                self._forget()
                self._hold_device()
                result = self.rejected(op, OpRefused(RejectCode.INTEGRITY))
            dumped = stored_result(result)
            stored[op.op_id] = dumped
            self.pending_results[str(op.op_id)] = dumped
            results.append(result)
            if commit_each:
                self._write_log()
                self._match_rosters()
                self.session.commit()
                # Held again after the commit: the same push sent again may have applied
                # the rest meanwhile, and its results are what this one must answer.
                self._hold_device()
                later = self._replays(ops[i + 1:])
                if later.keys() - stored.keys():
                    stored.update(later)
                    self.rows.clear()
        self._write_log()
        self._match_rosters()
        self.session.flush()
        return results

    def _match_rosters(self) -> None:
        """Roster match for each synced visit whose consent authorises it (one query to
        find them, then the lead's matcher per visit); flags reach devices through pull."""
        if self.consent_households:  # a consent changed: withdrawn authorisation drops results
            consent_gate.drop_roster_results(self.session, self.consent_households,
                                             self.principal.device_id)
            self.consent_households.clear()
        # A changed ID number: the old number's results go, the new one is matched where
        # the household's consent allows.
        rematch_renumbered(self.session, self.renumbered, self.principal.device_id)
        self.renumbered.clear()
        if not self.matched_visits:
            return
        authorised = set(self.session.execute(select(ConsentRecord.visit_id).where(
            id_in(ConsentRecord.visit_id, self.matched_visits, self.dialect),
            ConsentRecord.roster_check_authorised.is_(True),
            ConsentRecord.deleted.is_(False))).scalars())
        for visit_id in sorted(authorised):
            match_household(self.session, self.matched_visits[visit_id], visit_id=visit_id,
                            device_id=self.principal.device_id)
        self.matched_visits.clear()

    def push(self, ops: list[Op]) -> list[OpResult]:
        """Apply ``ops`` in order; the caller commits. Results are in the ops' order."""
        # A device folds edits into unsent ops, so a visit's op may carry health answers the
        # consent op after it in this same push authorises: the gate reads the whole push.
        self.pushed_consents = consent_gate.consents_in(ops)
        try:
            return self._run(ops, commit_each=False)
        except (IntegrityError, DataError, OverflowError):
            self._forget()
        self.assume_new = False  # a "new" record may have been on the server after all
        try:
            return self._run(ops, commit_each=False)
        except (IntegrityError, DataError, OverflowError):
            # Something no check foresaw (a constraint, a number too big for its column):
            # redo one op per transaction so that only the offending op is rejected.
            self._forget()
            return self._run(ops, commit_each=True)


def push(session: Session, principal: Principal, ops: list[Op], lang: str = "zh") -> list[OpResult]:
    """Apply a device's push for ``principal``; see :class:`PushBatch`. A role that pushes
    nothing (supervisor, admin) still gets one ``not_allowed`` result per op."""
    return PushBatch(session, principal, lang).push(ops)
