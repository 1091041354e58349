"""The visit's flags in the store (no Qt): device flags kept in step with the answers, one
row per family member and category, and the counselor's explanations. Rows go out through
the outbox like every other change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.errors import StoreError
from homevisit.i18n import Text
from homevisit.model import Flag, Visit
from homevisit.protocol.vocabulary import FlagSource, FlagStatus
from homevisit.visits.flags import STATUS_RANK, FlagFinding, evaluate_flags

FLAG_NOT_FOUND = Text("找不到这条核查提示。", "This flag was not found.")


@dataclass(frozen=True, slots=True)
class FlagView:
    """A flag as the wizard shows it (evidence and question in both languages)."""

    id: str
    rule_id: str
    source: str
    status: str
    evidence: Text
    question: Text | None
    explanation: str | None
    trigger_field: str | None
    category: str = ""
    member_id: str | None = None
    member_index: int | None = None
    rules: tuple[Text, ...] = ()  # the evidence of every rule that fired, one line each


def flag_view(row: Flag) -> FlagView:
    trigger = row.trigger or {}
    evidence, question = Text(row.evidence, row.evidence), None
    if isinstance(trigger.get("evidence"), Mapping):
        evidence = Text(trigger["evidence"]["zh"], trigger["evidence"]["en"])
    if isinstance(trigger.get("question"), Mapping):
        question = Text(trigger["question"]["zh"], trigger["question"]["en"])
    elif row.suggested_question:
        question = Text(row.suggested_question, row.suggested_question)
    rules = tuple(Text(r["evidence"]["zh"], r["evidence"]["en"])
                  for r in trigger.get("rules") or ()
                  if isinstance(r, Mapping) and isinstance(r.get("evidence"), Mapping))
    index = trigger.get("member_index")
    return FlagView(row.id, row.rule_id, row.source.value, row.status.value, evidence, question,
                    row.explanation, trigger.get("trigger_field"), row.category.value,
                    row.member_id or trigger.get("member_id"),
                    index if isinstance(index, int) else None, rules)


def visit_flags(session: Session, visit: Visit) -> list[Flag]:
    return list(session.scalars(
        select(Flag).where(Flag.household_id == visit.household_id, Flag.deleted.is_(False),
                           (Flag.visit_id == visit.id) | Flag.visit_id.is_(None))
        .order_by(Flag.updated_at)))


def _finding(row: Flag) -> FlagFinding | None:
    if row.source is not FlagSource.DEVICE or not row.trigger:
        return None
    try:
        found = FlagFinding.from_record(row.trigger)
    except (KeyError, ValueError, TypeError):
        return None
    return replace(found, status=row.status)


def sync_device_flags(session: Session, visit: Visit, submitted: Mapping[str, Any]) -> None:
    """Raise, update or drop this visit's device flags as the answers now say, one row per
    member and category (:func:`homevisit.visits.flags.evaluate_flags`: recorded statuses and
    decisions survive). Rows stored one per rule before are folded into their person's row
    (the most advanced one carries on; a decided row is never dropped)."""
    rows = [r for r in visit_flags(session, visit) if r.source is FlagSource.DEVICE
            and r.visit_id == visit.id]
    by_key: dict[tuple[str, str], list[Flag]] = {}
    previous = []
    for row in rows:
        finding = _finding(row)
        if finding is not None:
            by_key.setdefault(finding.key, []).append(row)
            previous.append(finding)
    kept: set[str] = set()
    for finding in evaluate_flags(submitted, previous):
        if finding.source is not FlagSource.DEVICE:
            continue
        candidates = sorted(by_key.get(finding.key, []),
                            key=lambda r: -STATUS_RANK[FlagStatus(r.status)])
        row = candidates[0] if candidates else Flag(
            household_id=visit.household_id, visit_id=visit.id, member_id=finding.member_id,
            source=FlagSource.DEVICE, status=FlagStatus.OPEN)
        if row.status in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED):
            kept.update(r.id for r in candidates if r.status is row.status or r is row)
            continue
        changed = _fill(row, finding) or not candidates
        folded = next((r.explanation for r in candidates if r.explanation), None)
        if row.explanation is None and folded:  # an explanation on a folded row is kept
            row.explanation, changed = folded, True
        if changed:
            outbox.save(session, row)
        kept.add(row.id)
        kept.update(r.id for r in candidates
                    if r.status in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED))
    for row in rows:
        if row.id not in kept:
            outbox.delete(session, row)


def _fill(row: Flag, finding: FlagFinding) -> bool:
    """Bring a device flag row in step with its finding; whether anything changed."""
    values = {"rule_id": finding.rule_id[:40],
              "category": finding.category,
              "evidence": finding.evidence.zh, "trigger": finding.as_record(),
              "suggested_question": finding.question.zh,
              "status": finding.status,
              "member_id": finding.member_id}
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def explain_flag(session: Session, flag_id: str, explanation: str) -> FlagView:
    """The counselor's explanation of a flag (status → explained); an empty one reopens it."""
    row = session.get(Flag, flag_id)
    if row is None or row.deleted:
        raise StoreError(FLAG_NOT_FOUND)
    text = explanation.strip()
    row.explanation = text or None
    if row.status in (FlagStatus.OPEN, FlagStatus.EXPLAINED):
        row.status = FlagStatus.EXPLAINED if text else FlagStatus.OPEN
    outbox.save(session, row)
    return flag_view(row)
