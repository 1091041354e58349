"""How the server applies the sync policy table (``homevisit.protocol.sync_policy``) to a
push: views of the table by role and entity, and refusals. A refusal is an
:class:`OpRefused` carrying a :class:`RejectCode`, turned into that op's result only.
"""

from __future__ import annotations

from homevisit.i18n import Text
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.sync_policy import POLICIES, SyncPolicy
from homevisit.protocol.vocabulary import Role

PUSHABLE: dict[Role, frozenset[Entity]] = {
    role: frozenset(e for e, p in POLICIES.items() if role in p.pushed_by) for role in Role
}
"""What each role's devices may push (from the policy table)."""

SERVER_OWNED: dict[Entity, frozenset[str]] = {e: p.server_owned for e, p in POLICIES.items()}
PARENTS: dict[Entity, tuple[tuple[str, Entity], ...]] = {
    e: p.parents for e, p in POLICIES.items()}


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
    RejectCode.CONSENT_REQUIRED: Text(
        "监护人未同意“{choice}”，服务器不接收这项内容。请在知情同意步骤补充后再同步。",
        "The guardian did not agree to “{choice}”; the server does not accept this. Add the "
        "consent in the consent step and sync again."),
    RejectCode.STALE_VERSION: Text(
        "家访已有更新的版本，此决定针对旧版本，未生效。请审核新版本。",
        "The visit has a newer version; this decision was on the old one and did not take "
        "effect. Review the new version."),
    RejectCode.OPEN_FLAGS: Text(
        "该家访还有未处理的核查提示，处理后才能审核通过。",
        "This visit has undecided flags; decide them before approving."),
    RejectCode.NOT_REVIEWABLE: Text(
        "该家访不在待审核状态，此决定未生效。",
        "This visit is not awaiting review; the decision did not take effect."),
    RejectCode.COMMENTS_REQUIRED: Text(
        "退回时请至少写一条意见。", "Returning a visit needs at least one comment."),
}


class OpRefused(Exception):
    """One op is refused; the rest of the batch goes on."""

    def __init__(self, code: RejectCode, text: Text | None = None, **values: object) -> None:
        super().__init__(code.value)
        self.code = code
        base = text or _MESSAGES[code]
        self.text = base.format(**values) if values else base


def next_status(policy: SyncPolicy, current: str | None, current_version: int, pushed: str,
                pushed_version: int) -> str:
    """The status the server stores for a pushed record, by its policy's status machine."""
    if policy.transition is None:
        return pushed
    stored = policy.transition(current, current_version, pushed, pushed_version)
    if stored is None:
        raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=current or "new", wanted=pushed)
    return stored
