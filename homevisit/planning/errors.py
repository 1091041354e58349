"""Typed errors of delegations and proposals (bilingual, never carrying personal data)."""

from __future__ import annotations

from homevisit.errors import HomevisitError
from homevisit.i18n import Text


class PlanningError(HomevisitError):
    code = "planning"
    text = Text("无法保存这项安排。", "This cannot be saved.")


class ConsentNotConfirmed(PlanningError):
    code = "proposal_consent_missing"
    text = Text(
        "请先向家庭说明隐私告知书，并确认家庭同意被提议，再填写家庭信息。",
        "First explain the privacy notice to the family and confirm that they agree to be "
        "proposed; then fill in their details.",
    )


class FieldRequired(PlanningError):
    code = "field_required"
    text = Text("请填写“{field_zh}”。", "Fill in “{field_en}”.")


class RegionCodeInvalid(PlanningError):
    code = "region_code_invalid"
    text = Text(
        "乡镇或县区代码应为 6 位或 9 位数字（GB/T 2260，例如 320321）。请检查后再保存。",
        "The township or county code is 6 or 9 digits (GB/T 2260, e.g. 320321). Check it "
        "and save again.",
    )


class DelegateInvalid(PlanningError):
    code = "delegate_invalid"
    text = Text(
        "请填写被委托人的用户名（不能是您自己）。",
        "Enter the username of the person you ask (not yourself).",
    )


class DelegationNotOpen(PlanningError):
    code = "delegation_not_open"
    text = Text(
        "这项委托已结束或已答复，不能再更改。请先同步查看最新状态。",
        "This delegation has ended or was answered; it cannot change. Sync to see its state.",
    )


class ReasonNeeded(PlanningError):
    code = "reason_needed"
    text = Text(
        "请写明原因，对方同步后会看到。",
        "Give a reason; the other side sees it after the next sync.",
    )


class AlreadyDecided(PlanningError):
    code = "proposal_decided"
    text = Text(
        "这条提议已经处理过（或处理待同步），不能再次处理。",
        "This proposal is already decided (or its decision is waiting to sync).",
    )
