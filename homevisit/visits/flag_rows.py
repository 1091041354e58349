"""The visit's flags in the store (no Qt): device flags kept in step with the answers, and
the counselor's explanations. Rows go out through the outbox like every other change."""

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
from homevisit.visits.flags import FlagFinding, evaluate_flags

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


def flag_view(row: Flag) -> FlagView:
    trigger = row.trigger or {}
    evidence, question = Text(row.evidence, row.evidence), None
    if isinstance(trigger.get("evidence"), Mapping):
        evidence = Text(trigger["evidence"]["zh"], trigger["evidence"]["en"])
    if isinstance(trigger.get("question"), Mapping):
        question = Text(trigger["question"]["zh"], trigger["question"]["en"])
    elif row.suggested_question:
        question = Text(row.suggested_question, row.suggested_question)
    return FlagView(row.id, row.rule_id, row.source.value, row.status.value, evidence, question,
                    row.explanation, trigger.get("trigger_field"))


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
    """Raise, keep or drop this visit's device flags as the answers now say
    (:func:`homevisit.visits.flags.evaluate_flags`: recorded statuses and decisions survive)."""
    rows = [r for r in visit_flags(session, visit) if r.source is FlagSource.DEVICE
            and r.visit_id == visit.id]
    by_key: dict[tuple[str, str, str, str], Flag] = {}
    previous = []
    for row in rows:
        finding = _finding(row)
        if finding is not None:
            by_key[finding.key] = row
            previous.append(finding)
    kept: set[str] = set()
    for finding in evaluate_flags(submitted, previous):
        if finding.source is not FlagSource.DEVICE:
            continue
        known = by_key.get(finding.key)
        if known is None:
            row = Flag(household_id=visit.household_id, visit_id=visit.id,
                       member_id=None, source=FlagSource.DEVICE,
                       rule_id=finding.rule_id[:40],
                       category=finding.category,
                       evidence=finding.evidence.zh, trigger=finding.as_record(),
                       suggested_question=finding.question.zh, status=FlagStatus.OPEN)
            outbox.save(session, row)
        else:
            row = known
        kept.add(row.id)
    for row in rows:
        if row.id not in kept:
            outbox.delete(session, row)


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
