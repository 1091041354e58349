"""What a device may push (DESIGN §3, §5): which entities each role authors, which fields
the server owns, and the visit and flag status machines as seen from a device.

Pure functions over plain values; ``sync_push`` applies them. A refusal is an
:class:`OpRefused` carrying a :class:`RejectCode`, turned into that op's result only.
"""

from __future__ import annotations

from homevisit.i18n import Text
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import FlagStatus, Role, VisitStatus

HOUSEHOLD_SCOPED = frozenset({
    Entity.HOUSEHOLD, Entity.MEMBER, Entity.STUDENT, Entity.VISIT, Entity.VISIT_VERSION,
    Entity.CONSENT, Entity.ATTACHMENT, Entity.FLAG,
})

PUSHABLE: dict[Role, frozenset[Entity]] = {
    Role.COUNSELOR: HOUSEHOLD_SCOPED,
    Role.VOLUNTEER: frozenset({Entity.HELPDESK_CASE}),
}
"""Assignments and reviews are made on the server only; supervisors act through the review
endpoints, never by pushing records."""

SERVER_OWNED: dict[Entity, frozenset[str]] = {
    # region_code moves a household between scopes: only an import or admin does that.
    Entity.HOUSEHOLD: frozenset({"assigned_counselor", "due_date", "region_code"}),
    Entity.VISIT: frozenset({"counselor", "status"}),
    Entity.FLAG: frozenset({"decision_reason", "decided_by", "decided_at"}),
    Entity.HELPDESK_CASE: frozenset({"volunteer"}),
}
"""Fields a push never sets (besides id, rev, updated_at and deleted)."""

IMMUTABLE = frozenset({Entity.VISIT_VERSION})
"""Written once: a revision is a new version, never an edit of a stored one."""

DELETABLE = frozenset({
    Entity.MEMBER, Entity.STUDENT, Entity.ATTACHMENT, Entity.CONSENT, Entity.VISIT,
    Entity.FLAG, Entity.HELPDESK_CASE,
})

PARENTS: dict[Entity, tuple[tuple[str, Entity], ...]] = {
    Entity.STUDENT: (("member_id", Entity.MEMBER),),
    Entity.VISIT_VERSION: (("visit_id", Entity.VISIT),),
    Entity.CONSENT: (("visit_id", Entity.VISIT),),
}
"""Referenced records that must already be on the server, in the same household."""

_MESSAGES: dict[RejectCode, Text] = {
    RejectCode.UNKNOWN_ENTITY: Text("未知的记录类型。", "Unknown record type."),
    RejectCode.NOT_ALLOWED: Text("该角色不能提交此类记录。", "Your role cannot send this record."),
    RejectCode.INVALID_RECORD: Text("记录字段有误：{fields}", "Invalid record fields: {fields}"),
    RejectCode.OUT_OF_SCOPE: Text("不在您负责的范围内。", "Outside your assigned scope."),
    RejectCode.MISSING_PARENT: Text(
        "所属的记录（{field}）尚未同步到服务器。",
        "The referenced record ({field}) is not on the server.",
    ),
    RejectCode.ILLEGAL_TRANSITION: Text(
        "状态不能从 {current} 变为 {wanted}。", "Status cannot change from {current} to {wanted}."
    ),
    RejectCode.IMMUTABLE: Text("该记录提交后不能修改。", "This record cannot change once stored."),
    RejectCode.UNKNOWN_RECORD: Text("服务器上没有该记录。", "The server lacks this record."),
    RejectCode.INTEGRITY: Text("数据不一致，服务器拒绝保存。", "Refused by a data constraint."),
}


class OpRefused(Exception):
    """One op is refused; the rest of the batch goes on."""

    def __init__(self, code: RejectCode, **values: object) -> None:
        super().__init__(code.value)
        self.code = code
        self.text = _MESSAGES[code].format(**values) if values else _MESSAGES[code]


DEVICE_SUBMITS = frozenset({VisitStatus.FINALIZED, VisitStatus.SUBMITTED, VisitStatus.REVISED})


def next_visit_status(
    current: VisitStatus | None, current_version: int, pushed: VisitStatus, pushed_version: int
) -> VisitStatus:
    """The status the server stores for a pushed visit.

    draft → finalized → submitted belong to the device; the server stores a finalized
    visit as ``submitted`` (the server has it). approved/returned are the supervisor's.
    A returned visit accepts edits (status stays ``returned``) and then a new finalized
    version (version above the returned one), which is submitted again. Approved is final.
    """
    s = VisitStatus
    if pushed in (s.APPROVED, s.RETURNED) or current == s.APPROVED:
        pass
    elif current in (None, s.DRAFT):
        if pushed == s.DRAFT:
            return s.DRAFT
        if pushed in (s.FINALIZED, s.SUBMITTED):
            return s.SUBMITTED
    elif current == s.SUBMITTED:
        if pushed in DEVICE_SUBMITS and pushed_version == current_version:
            return s.SUBMITTED
    elif current == s.RETURNED:
        if pushed == s.DRAFT or (pushed in DEVICE_SUBMITS and pushed_version == current_version):
            return s.RETURNED
        if pushed in DEVICE_SUBMITS and pushed_version > current_version:
            return s.SUBMITTED
    raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=current or "new", wanted=pushed)


_DEVICE_FLAG_STEPS: dict[FlagStatus | None, frozenset[FlagStatus]] = {
    None: frozenset({FlagStatus.OPEN, FlagStatus.EXPLAINED}),
    FlagStatus.OPEN: frozenset({FlagStatus.OPEN, FlagStatus.EXPLAINED}),
    FlagStatus.EXPLAINED: frozenset({FlagStatus.EXPLAINED}),
}


def check_flag_update(current: FlagStatus | None, pushed: FlagStatus) -> None:
    """A device raises flags (open) and explains them; only a supervisor decides."""
    if pushed not in _DEVICE_FLAG_STEPS.get(current, frozenset()):
        raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=current or "new", wanted=pushed)
