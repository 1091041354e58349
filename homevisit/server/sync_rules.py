"""What a device may push (DESIGN §3, §5): which entities each role authors, which fields
the server owns, and the visit and flag status machines as seen from a device.

Pure functions over plain values; ``sync_push`` applies them. A refusal is an
:class:`OpRefused` carrying a :class:`RejectCode`, turned into that op's result only.
"""

from __future__ import annotations

from homevisit.i18n import Text
from homevisit.protocol.auth import Role
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import RejectCode

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
    Entity.ATTACHMENT: (("visit_id", Entity.VISIT),),
}
"""Referenced records that must already be on the server, in the same household (a field
left empty references nothing)."""

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


DEVICE_SUBMITS = frozenset({"finalized", "submitted", "revised"})


def next_visit_status(
    current: str | None, current_version: int, pushed: str, pushed_version: int
) -> str:
    """The status the server stores for a pushed visit.

    draft → finalized → submitted belong to the device; the server stores a finalized
    visit as ``submitted`` (the server has it). approved/returned are the supervisor's.
    A returned visit accepts edits (status stays ``returned``) and then a new finalized
    version (version above the returned one), which is submitted again. Approved is final.
    """
    if pushed in ("approved", "returned") or current == "approved":
        pass
    elif current in (None, "draft"):
        if pushed == "draft":
            return "draft"
        if pushed in ("finalized", "submitted"):
            return "submitted"
    elif current == "submitted":
        if pushed in DEVICE_SUBMITS and pushed_version == current_version:
            return "submitted"
    elif current == "returned":
        if pushed == "draft" or (pushed in DEVICE_SUBMITS and pushed_version == current_version):
            return "returned"
        if pushed in DEVICE_SUBMITS and pushed_version > current_version:
            return "submitted"
    raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=current or "new", wanted=pushed)


def check_flag_update(current: str | None, pushed: str) -> None:
    """A device raises flags (open) and explains them; only a supervisor decides."""
    allowed = {None: {"open", "explained"}, "open": {"open", "explained"},
               "explained": {"explained"}}.get(current, set())
    if pushed not in allowed:
        raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=current or "new", wanted=pushed)
