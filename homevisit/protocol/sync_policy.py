"""The sync policy table: one row per synced record kind (DESIGN §5).

Each row says who may push the record, which fields only the server sets, which parents
must already be on the server, how its status may move, whether a device may delete it,
which scope a pull finds it by, and when a device purges its local copy. The server's push
(``server/sync_push``), its pull scope (``server/scope``, ``server/changes``) and the
client's purge (``sync/policies``) all read these rows; none of them branches on the entity
to decide a rule.

Adding a synced record kind: see "Adding a synced record" in ``homevisit/server/README.md``
(``tests/test_sync_policy.py`` fails until every step is done).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from homevisit.protocol.records import RECORD_TYPES, Entity, Record
from homevisit.protocol.vocabulary import (
    DelegationStatus,
    FlagSource,
    FlagStatus,
    ProposalStatus,
    Role,
    VisitStatus,
)


class Scope(StrEnum):
    """How a pull finds who may see a record (the change log's scope columns)."""

    HOUSEHOLD = "household"  # the household's counselor, its team's or region's supervisors
    DESK = "desk"  # the help desk's volunteers, its team's or region's supervisors
    PROPOSER = "proposer"  # the proposing counselor, their team's or region's supervisors


class Purge(StrEnum):
    """When a device removes its local copy (the retention policy, DESIGN §4)."""

    KEEP = "keep"  # kept while the household is the device's
    APPROVED_VISIT = "approved_visit"  # the visit, N days after the server approved it
    WITH_VISIT = "with_visit"  # goes with its visit (a ``visit_id`` column)


Transition = Callable[[str | None, int, str, int], str | None]
"""``(current status, current version, pushed status, pushed version)`` → the status the
server stores, or None when a device may not make that move."""


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    entity: Entity
    pushed_by: frozenset[Role]
    """Roles whose devices push it; empty: made on the server only (assignment)."""
    scope: Scope
    purge: Purge
    server_owned: frozenset[str] = frozenset()
    """Fields a push never sets (besides id, rev, updated_at and deleted)."""
    parents: tuple[tuple[str, Entity], ...] = ()
    """(field, entity) of records that must already be on the server, same household (a
    field left empty references nothing)."""
    transition: Transition | None = None
    """The status machine a push goes through; None: any status (or no status)."""
    created_by_push: bool = True
    """False: a push may change it but never create it (households come from assignment)."""
    created_with: Mapping[Role, Mapping[str, str]] = field(default_factory=dict)
    """Per pushing role, values a pushed new record must carry (a counselor's device raises
    only device flags, a supervisor only supervisor flags)."""
    created_by: frozenset[Role] | None = None
    """Roles whose pushes may create it; None: every pushing role (a supervisor decides a
    proposal but never proposes one)."""
    edited_by: frozenset[Role] | None = None
    """Roles whose pushes may change or delete a stored record; None: every pushing role (a
    supervisor raises flags but never explains or deletes one)."""
    editable: frozenset[str] | None = None
    """Once stored, the only fields a push changes; None: every field not server-owned."""
    immutable: bool = False
    """Written once: a new version is a new record, never an edit."""
    deletable_when: Mapping[str, str] | None = None
    """A device may delete it when its stored fields have these values ({}: always);
    None: never."""
    author_field: str | None = None
    """A server-owned field a new pushed record gets the pushing user's name in."""
    created_field: str | None = None
    """A server-owned field a new pushed record gets the server's time in."""

    @property
    def record(self) -> type[Record]:
        """The wire schema that validates a pushed payload."""
        return RECORD_TYPES[self.entity]

    def may_create(self, role: Role) -> bool:
        return role in (self.pushed_by if self.created_by is None else self.created_by)

    def may_edit(self, role: Role) -> bool:
        return role in (self.pushed_by if self.edited_by is None else self.edited_by)

    def may_delete(self, row: object) -> bool:
        return self.deletable_when is not None and all(
            str(getattr(row, field, None)) == value for field, value in
            self.deletable_when.items())


DEVICE_SUBMITS = frozenset({VisitStatus.FINALIZED, VisitStatus.SUBMITTED, VisitStatus.REVISED})


def visit_transition(current: str | None, current_version: int, pushed: str,
                     pushed_version: int) -> str | None:
    """draft → finalized → submitted belong to the device; the server stores a finalized
    visit as ``submitted`` (the server has it). approved/returned are the supervisor's. A
    returned visit accepts edits (status stays ``returned``) and then a new finalized version
    (version above the returned one), which is submitted again. Approved is final."""
    s = VisitStatus
    if pushed in (s.APPROVED, s.RETURNED) or current == s.APPROVED:
        return None
    if current in (None, s.DRAFT):
        if pushed == s.DRAFT:
            return s.DRAFT
        return s.SUBMITTED if pushed in (s.FINALIZED, s.SUBMITTED) else None
    if current == s.SUBMITTED:
        same = pushed in DEVICE_SUBMITS and pushed_version == current_version
        return s.SUBMITTED if same else None
    if current == s.RETURNED:
        if pushed == s.DRAFT or (pushed in DEVICE_SUBMITS and pushed_version == current_version):
            return s.RETURNED
        if pushed in DEVICE_SUBMITS and pushed_version > current_version:
            return s.SUBMITTED
    return None


_DEVICE_FLAG_STEPS: dict[str | None, frozenset[str]] = {
    None: frozenset({FlagStatus.OPEN, FlagStatus.EXPLAINED}),
    FlagStatus.OPEN: frozenset({FlagStatus.OPEN, FlagStatus.EXPLAINED}),
    FlagStatus.EXPLAINED: frozenset({FlagStatus.EXPLAINED}),
}


def flag_transition(current: str | None, _current_version: int, pushed: str,
                    _pushed_version: int) -> str | None:
    """A device raises flags (open) and explains them; only a supervisor decides."""
    return pushed if pushed in _DEVICE_FLAG_STEPS.get(current, frozenset()) else None


_DELEGATION_STEPS: dict[str | None, frozenset[str]] = {
    None: frozenset({DelegationStatus.REQUESTED}),
    DelegationStatus.REQUESTED: frozenset(DelegationStatus),
    DelegationStatus.ACCEPTED: frozenset({DelegationStatus.ACCEPTED, DelegationStatus.ENDED}),
}


def delegation_transition(current: str | None, _current_version: int, pushed: str,
                          _pushed_version: int) -> str | None:
    """requested → accepted | declined | ended (withdrawn); accepted → ended. Declined and
    ended are final. Who may make which move is the server's check (``server/delegations``):
    the delegate answers, the requester withdraws."""
    return pushed if pushed in _DELEGATION_STEPS.get(current, frozenset()) else None


def proposal_transition(current: str | None, _current_version: int, pushed: str,
                        _pushed_version: int) -> str | None:
    """A counselor proposes; a supervisor accepts or declines once."""
    if current is None:
        return pushed if pushed == ProposalStatus.PROPOSED else None
    if current == ProposalStatus.PROPOSED and pushed in (ProposalStatus.ACCEPTED,
                                                         ProposalStatus.DECLINED):
        return pushed
    return None


_COUNSELOR = frozenset({Role.COUNSELOR})
_SUPERVISOR = frozenset({Role.SUPERVISOR})

_ROWS = (
    SyncPolicy(Entity.HOUSEHOLD, _COUNSELOR, Scope.HOUSEHOLD, Purge.KEEP,
               # region_code moves a household between scopes: only an import or admin does.
               server_owned=frozenset({"assigned_counselor", "due_date", "region_code"}),
               created_by_push=False),
    SyncPolicy(Entity.MEMBER, _COUNSELOR, Scope.HOUSEHOLD, Purge.KEEP, deletable_when={}),
    # aid_history: unused since the aid_entry record (protocol 9); the server keeps it empty.
    SyncPolicy(Entity.STUDENT, _COUNSELOR, Scope.HOUSEHOLD, Purge.KEEP,
               server_owned=frozenset({"aid_history"}),
               parents=(("member_id", Entity.MEMBER),), deletable_when={}),
    SyncPolicy(Entity.ASSIGNMENT, frozenset(), Scope.HOUSEHOLD, Purge.KEEP),
    SyncPolicy(Entity.VISIT, _COUNSELOR, Scope.HOUSEHOLD, Purge.APPROVED_VISIT,
               server_owned=frozenset({"counselor", "status"}), transition=visit_transition,
               deletable_when={"status": VisitStatus.DRAFT}),
    SyncPolicy(Entity.VISIT_VERSION, _COUNSELOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               parents=(("visit_id", Entity.VISIT),), immutable=True),
    SyncPolicy(Entity.CONSENT, _COUNSELOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               parents=(("visit_id", Entity.VISIT),), deletable_when={}),
    SyncPolicy(Entity.ATTACHMENT, _COUNSELOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               parents=(("visit_id", Entity.VISIT),), deletable_when={}),
    # Counselors' devices raise device flags and explain flags; supervisors raise flags by
    # hand (and decide them through flag decisions, never by editing the flag).
    SyncPolicy(Entity.FLAG, _COUNSELOR | _SUPERVISOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               server_owned=frozenset({"decision_reason", "decided_by", "decided_at"}),
               transition=flag_transition,
               created_with={Role.COUNSELOR: {"source": FlagSource.DEVICE},
                             Role.SUPERVISOR: {"source": FlagSource.SUPERVISOR,
                                               "status": FlagStatus.OPEN}},
               # Explaining a flag: only the explanation and open → explained.
               editable=frozenset({"explanation", "status"}), edited_by=_COUNSELOR,
               deletable_when={"source": FlagSource.DEVICE, "status": FlagStatus.OPEN}),
    # A supervisor's decisions are records written once; the server applies the review
    # rules to each (``server/review_flow``): a newer version or undecided flags reject it.
    SyncPolicy(Entity.REVIEW, _SUPERVISOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               server_owned=frozenset({"reviewer", "created_at"}),
               parents=(("visit_id", Entity.VISIT),), immutable=True),
    SyncPolicy(Entity.FLAG_DECISION, _SUPERVISOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               server_owned=frozenset({"decided_by", "decided_at"}),
               parents=(("flag_id", Entity.FLAG), ("visit_id", Entity.VISIT)),
               immutable=True),
    # The counselor's answer to a comment; edited until the supervisor's next review.
    SyncPolicy(Entity.COMMENT_ANSWER, _COUNSELOR, Scope.HOUSEHOLD, Purge.WITH_VISIT,
               server_owned=frozenset({"author"}),
               parents=(("review_id", Entity.REVIEW), ("visit_id", Entity.VISIT)),
               editable=frozenset({"text", "answered_at"})),
    SyncPolicy(Entity.HELPDESK_CASE, frozenset({Role.VOLUNTEER}), Scope.DESK, Purge.KEEP,
               server_owned=frozenset({"volunteer", "seen_elsewhere"}), deletable_when={}),
    # A counselor's appointment with a household; cancelled, never deleted, so the team's
    # week shows what was called off. Kept while the household is the device's (an
    # appointment names a visit rarely, and a supervisor's pull hides a draft's records).
    SyncPolicy(Entity.APPOINTMENT, _COUNSELOR, Scope.HOUSEHOLD, Purge.KEEP,
               server_owned=frozenset({"counselor"}), parents=(("visit_id", Entity.VISIT),),
               author_field="counselor"),
    # A hand-back is written once by the counselor; its status and the answer are the
    # server's, set when a supervisor's ``handback_decision`` is applied (server/handbacks).
    SyncPolicy(Entity.HANDBACK, _COUNSELOR, Scope.HOUSEHOLD, Purge.KEEP,
               server_owned=frozenset({"requested_by", "requested_at", "status",
                                       "decision_note", "decided_by", "decided_at"}),
               immutable=True, author_field="requested_by", created_field="requested_at"),
    SyncPolicy(Entity.HANDBACK_DECISION, _SUPERVISOR, Scope.HOUSEHOLD, Purge.KEEP,
               server_owned=frozenset({"decided_by", "decided_at"}),
               parents=(("handback_id", Entity.HANDBACK),), immutable=True),
    # A counselor asks a colleague (joint or instead), a supervisor another office (委托家访).
    # While requested or accepted the delegate sees the household (``server/scope``).
    SyncPolicy(Entity.DELEGATION, _COUNSELOR | _SUPERVISOR, Scope.HOUSEHOLD, Purge.KEEP,
               server_owned=frozenset({"requested_by", "delegating_office", "ended_at"}),
               parents=(("visit_id", Entity.VISIT),), transition=delegation_transition,
               created_with={Role.COUNSELOR: {"status": DelegationStatus.REQUESTED},
                             Role.SUPERVISOR: {"status": DelegationStatus.REQUESTED}},
               editable=frozenset({"status", "assignee", "decline_reason"})),
    # A family on no list, proposed by a counselor; the supervisor's acceptance makes the
    # household and assigns it (``server/proposals``).
    SyncPolicy(Entity.PROPOSAL, _COUNSELOR | _SUPERVISOR, Scope.PROPOSER, Purge.KEEP,
               server_owned=frozenset({"proposed_by", "decided_by", "decided_at",
                                       "household_id"}),
               transition=proposal_transition,
               created_with={Role.COUNSELOR: {"status": ProposalStatus.PROPOSED}},
               created_by=_COUNSELOR, edited_by=_SUPERVISOR,
               editable=frozenset({"status", "decision_reason"})),
    # The growth record's entries: imported aid, levels on approval, help-desk summaries.
    # Written by the server only (``server/aid``); a device never pushes one.
    SyncPolicy(Entity.AID_ENTRY, frozenset(), Scope.HOUSEHOLD, Purge.KEEP,
               created_by_push=False),
)

POLICIES: Mapping[Entity, SyncPolicy] = MappingProxyType({row.entity: row for row in _ROWS})
"""The policy of every synced record kind, by entity."""


def policy_of(entity: Entity) -> SyncPolicy:
    return POLICIES[entity]
