"""The visit being recorded, as store operations (no Qt): open or start the draft, save
answers and the wizard's place, keep device flags in step with the answers, record
attachments and signatures, finalize.

Every function takes the store worker's ``Session`` and writes each change together with its
outbox row (:mod:`homevisit.outbox`), so everything the wizard saves also syncs. The GUI calls
them through :func:`homevisit.gui.tasks.run_in_store`; tests call them through ``store.run``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.errors import StoreError, VisitIncomplete, VisitNotEditable
from homevisit.flags import FlagFinding, FlagSource, evaluate_flags
from homevisit.flags import FlagStatus as FindingStatus
from homevisit.forms import FormDefinition, evaluate, latest_definition, submitted_answers
from homevisit.i18n import Text
from homevisit.model import (
    Attachment,
    ConsentRecord,
    Flag,
    Household,
    Member,
    Visit,
    VisitStatus,
    VisitVersion,
)
from homevisit.model.review import FlagCategory as FlagCategoryColumn
from homevisit.model.review import FlagSource as FlagSourceColumn
from homevisit.model.review import FlagStatus, Review, ReviewDecision
from homevisit.model.visit import CONTENT_COLUMNS, VisitMode
from homevisit.scoring import load_shipped_rule_set, score
from homevisit.vault import ImportedFile

FORM_ID = "home-visit"
WIZARD_KEY = "_wizard"  # the wizard's place, kept with the answers so a restart resumes there
EDITABLE = frozenset({VisitStatus.DRAFT, VisitStatus.RETURNED})

SIGNATURE_CONSENT = "signature_consent"
SIGNATURE_GUARDIAN = "signature_guardian"
SIGNATURE_VISITOR = "signature_visitor"
SIGNATURES = (SIGNATURE_CONSENT, SIGNATURE_GUARDIAN, SIGNATURE_VISITOR)

VISIT_NOT_FOUND = Text("找不到这次家访。", "This visit was not found.")
_MODES = {"in_person": VisitMode.HOME, "phone": VisitMode.PHONE, "video": VisitMode.VIDEO}


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


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: str
    doc_type: str
    mime: str
    vault_file_id: str
    file_key: bytes


@dataclass(frozen=True, slots=True)
class DraftSnapshot:
    """Everything the wizard needs to show a visit, read in one transaction."""

    visit_id: str
    household_id: str
    status: VisitStatus
    version: int
    form_id: str
    form_version: int
    answers: dict[str, Any]
    step: str | None
    household_context: dict[str, Any]
    flags: tuple[FlagView, ...]
    attachments: tuple[AttachmentView, ...]
    # The supervisor's (answer path, comment) pairs, when the latest version was returned.
    review_comments: tuple[tuple[str, str], ...] = ()

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _prefill(household: Household) -> dict[str, Any]:
    """Answers known from the household record, so the counselor checks instead of retyping."""
    people = []
    consent: dict[str, Any] = {}
    # The student first, then the guardian: the order a counselor goes through them.
    members = sorted((m for m in household.members if not m.deleted),
                     key=lambda m: (m.relation != "self", not m.is_guardian))
    for member in members:
        item: dict[str, Any] = {"_id": member.id, "name": member.name,
                                "relation": member.relation}
        if member.id_number:
            item["id_number"] = member.id_number
        people.append(item)
        if member.relation == "self" and member.id_number:
            consent["student_id_number"] = member.id_number
        if member.is_guardian:
            consent["guardian_name"] = member.name
            consent["guardian_relation"] = member.relation
            if member.phone:
                consent["guardian_phone"] = member.phone
    return {"consent": consent, "members": {"people": people}}


def household_context(household: Household) -> dict[str, Any]:
    """What scoring needs from the household (never names or ID numbers)."""
    return {"region_code": household.region_code, "rural": household.rural}


def _flag_view(row: Flag) -> FlagView:
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


def _flags(session: Session, visit: Visit) -> list[Flag]:
    return list(session.scalars(
        select(Flag).where(Flag.household_id == visit.household_id, Flag.deleted.is_(False),
                           (Flag.visit_id == visit.id) | Flag.visit_id.is_(None))
        .order_by(Flag.updated_at)))


def _attachments(session: Session, visit_id: str) -> list[Attachment]:
    return list(session.scalars(
        select(Attachment).where(Attachment.visit_id == visit_id, Attachment.deleted.is_(False))
        .order_by(Attachment.updated_at)))


def snapshot(session: Session, visit: Visit) -> DraftSnapshot:
    household = session.get(Household, visit.household_id)
    assert household is not None
    answers = dict(visit.answers or {})
    place = answers.get(WIZARD_KEY)
    step = place.get("step") if isinstance(place, Mapping) else None
    return DraftSnapshot(
        visit.id, visit.household_id, visit.status, visit.version, visit.form_id or FORM_ID,
        visit.form_version or 1, answers, step if isinstance(step, str) else None,
        household_context(household),
        tuple(_flag_view(f) for f in _flags(session, visit)),
        tuple(AttachmentView(a.id, a.doc_type, a.mime, a.vault_file_id, a.file_key)
              for a in _attachments(session, visit.id)),
        _return_comments(session, visit))


def _return_comments(session: Session, visit: Visit) -> tuple[tuple[str, str], ...]:
    """The comments of the review that returned the latest version, if it was returned."""
    review = session.scalars(
        select(Review).where(Review.visit_id == visit.id, Review.deleted.is_(False))
        .order_by(Review.visit_version.desc(), Review.created_at.desc()).limit(1)).first()
    if review is None or review.decision is not ReviewDecision.RETURN \
            or review.visit_version != visit.version:
        return ()
    return tuple((str(c.get("field", "")), str(c.get("text", "")))
                 for c in review.comments or [] if isinstance(c, dict))


def open_visit(session: Session, household_id: str) -> DraftSnapshot:
    """The household's current visit (the latest one), started as a new draft if there is none."""
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    visit = session.scalars(
        select(Visit).where(Visit.household_id == household_id, Visit.deleted.is_(False))
        .order_by(Visit.updated_at.desc()).limit(1)).first()
    if visit is None:
        definition = latest_definition(FORM_ID)
        visit = Visit(household_id=household_id, status=VisitStatus.DRAFT, version=0,
                      form_id=definition.form_id, form_version=definition.version,
                      answers=_prefill(household), started_at=_now())
        outbox.save(session, visit)
        household.visit_status = VisitStatus.DRAFT.value
        session.flush()
    return snapshot(session, visit)


def _editable_visit(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    if visit.status not in EDITABLE:
        raise VisitNotEditable()
    return visit


def save_answers(session: Session, visit_id: str, answers: Mapping[str, Any],
                 step: str | None, submitted: Mapping[str, Any] | None = None,
                 ) -> tuple[FlagView, ...]:
    """Store the answers (all of them, hidden ones too: the user may toggle back) and the
    wizard's step. With ``submitted`` (the visible answers), device flags are brought in step.
    Returns the visit's flags as they now stand."""
    visit = _editable_visit(session, visit_id)
    if visit.status is VisitStatus.RETURNED:
        # Revising: the device's copy is a draft again (the server keeps "returned" until
        # the new finalized version arrives, which then goes to review as submitted).
        visit.status = VisitStatus.DRAFT
    stored = {k: v for k, v in answers.items() if k != WIZARD_KEY}
    stored[WIZARD_KEY] = {"step": step}
    visit.answers = stored
    outbox.save(session, visit)
    if submitted is not None:
        sync_device_flags(session, visit, submitted)
    session.flush()
    return tuple(_flag_view(f) for f in _flags(session, visit))


def _finding(row: Flag) -> FlagFinding | None:
    if row.source is not FlagSourceColumn.DEVICE or not row.trigger:
        return None
    try:
        found = FlagFinding.from_record(row.trigger)
    except (KeyError, ValueError, TypeError):
        return None
    return replace(found, status=FindingStatus(row.status.value))


def sync_device_flags(session: Session, visit: Visit, submitted: Mapping[str, Any]) -> None:
    """Raise, keep or drop this visit's device flags as the answers now say
    (:func:`homevisit.flags.evaluate_flags`: recorded statuses and decisions survive)."""
    rows = [r for r in _flags(session, visit) if r.source is FlagSourceColumn.DEVICE
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
        row = by_key.get(finding.key)
        if row is None:
            row = Flag(household_id=visit.household_id, visit_id=visit.id,
                       member_id=None, source=FlagSourceColumn.DEVICE,
                       rule_id=finding.rule_id[:40],
                       category=FlagCategoryColumn(finding.category.value),
                       evidence=finding.evidence.zh, trigger=finding.as_record(),
                       suggested_question=finding.question.zh, status=FlagStatus.OPEN)
            outbox.save(session, row)
        kept.add(row.id)
    for row in rows:
        if row.id not in kept:
            outbox.delete(session, row)


def explain_flag(session: Session, flag_id: str, explanation: str) -> FlagView:
    """The counselor's explanation of a flag (status → explained); an empty one reopens it."""
    row = session.get(Flag, flag_id)
    if row is None or row.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    text = explanation.strip()
    row.explanation = text or None
    if row.status in (FlagStatus.OPEN, FlagStatus.EXPLAINED):
        row.status = FlagStatus.EXPLAINED if text else FlagStatus.OPEN
    outbox.save(session, row)
    return _flag_view(row)


def record_attachment(session: Session, visit_id: str, stored: ImportedFile, doc_type: str,
                      *, actor: str) -> AttachmentView:
    """Record a file already encrypted into the vault as one of the visit's attachments.
    A signature replaces the earlier signature of the same kind."""
    visit = _editable_visit(session, visit_id)
    if doc_type in SIGNATURES:
        for old in _attachments(session, visit_id):
            if old.doc_type == doc_type:
                outbox.delete(session, old)
    row = Attachment(household_id=visit.household_id, visit_id=visit_id, doc_type=doc_type,
                     mime=stored.mime, size=stored.size, sha256=stored.sha256,
                     vault_file_id=stored.file_id, file_key=stored.key,
                     original_name=stored.original_name)
    outbox.save(session, row)
    audit.append(session, actor=actor, action="import", entity="attachment", entity_id=row.id,
                 detail={"mime": stored.mime, "size": stored.size, "doc_type": doc_type})
    if doc_type == SIGNATURE_CONSENT:
        _save_consent(session, visit, row.id)
    return AttachmentView(row.id, doc_type, row.mime, row.vault_file_id, row.file_key)


def remove_attachment(session: Session, attachment_id: str) -> None:
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted:
        return
    if row.visit_id:
        _editable_visit(session, row.visit_id)
    outbox.delete(session, row)


def _save_consent(session: Session, visit: Visit, signature_id: str | None = None) -> None:
    answers = (visit.answers or {}).get("consent") or {}
    row = session.scalars(select(ConsentRecord).where(
        ConsentRecord.visit_id == visit.id, ConsentRecord.deleted.is_(False))).first()
    if row is None:
        row = ConsentRecord(visit_id=visit.id, household_id=visit.household_id)
    guardian = session.scalars(select(Member).where(
        Member.household_id == visit.household_id, Member.is_guardian.is_(True),
        Member.deleted.is_(False))).first()
    row.guardian_member_id = guardian.id if guardian else None
    row.guardian_relation = answers.get("guardian_relation")
    row.notice_version = str(answers.get("notice_version") or "unknown")
    row.choices = {code: True for code in answers.get("consent_choices") or []}
    row.roster_check_authorised = bool(answers.get("roster_check_authorised"))
    if signature_id is not None:
        row.signature_attachment_id = signature_id
        row.signed_at = _now()
    outbox.save(session, row)


def missing_signatures(session: Session, visit_id: str) -> list[str]:
    have = {a.doc_type for a in _attachments(session, visit_id)}
    return [kind for kind in SIGNATURES if kind not in have]


def finalize(session: Session, visit_id: str, definition: FormDefinition,
             *, today: dt.date | None = None) -> DraftSnapshot:
    """Freeze the visit: a new :class:`VisitVersion` with the visible answers, the score and
    the recommendation; the visit becomes read-only (finalized, or revised after a return)."""
    visit = _editable_visit(session, visit_id)
    household = session.get(Household, visit.household_id)
    assert household is not None
    context = household_context(household)
    state = evaluate(definition, visit.answers or {}, today=today, household=context)
    missing = [s.title.zh for s in state.steps if not s.progress.complete]
    if missing_signatures(session, visit_id):
        missing.append("签名")
    if missing:
        raise VisitIncomplete(missing="、".join(missing))
    submitted = submitted_answers(state)
    result = score(load_shipped_rule_set("jiangsu-2020"), submitted, context)
    recommendation = submitted.get("recommendation", {})
    visit.mode = _MODES.get(submitted.get("consent", {}).get("visit_mode", ""))
    visit.answers = {**submitted, WIZARD_KEY: (visit.answers or {}).get(WIZARD_KEY)}
    visit.observations = submitted.get("observations", {}).get("observations", "")
    visit.traits = ",".join(submitted.get("observations", {}).get("student_traits", []))
    visit.policies_explained = list(submitted.get("policies", {}).get("explained", []))
    visit.score = float(result.total)
    visit.score_detail = [line._asdict() for line in result.lines]
    visit.suggested_level = result.suggested_level
    visit.recommended_level = recommendation.get("level")
    visit.recommendation_reason = recommendation.get("reason")
    visit.ended_at = _now()
    visit.version = (visit.version or 0) + 1
    visit.status = VisitStatus.REVISED if visit.version > 1 else VisitStatus.FINALIZED
    content = {name: getattr(visit, name) for name in CONTENT_COLUMNS}
    content["answers"] = submitted
    outbox.save(session, visit)
    outbox.save(session, VisitVersion(visit_id=visit.id, household_id=visit.household_id,
                                      version=visit.version, finalized_at=_now(), **content))
    _save_consent(session, visit)
    household.visit_status = visit.status.value
    session.flush()
    return snapshot(session, visit)
