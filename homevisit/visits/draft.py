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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.errors import StoreError, VisitIncomplete, VisitNotEditable
from homevisit.i18n import Text
from homevisit.model import (
    Attachment,
    ConsentRecord,
    Household,
    Member,
    Visit,
    VisitStatus,
    VisitVersion,
)
from homevisit.model.review import Review, ReviewDecision
from homevisit.model.visit import CONTENT_COLUMNS, VisitMode
from homevisit.vault import ImportedFile
from homevisit.visits.flag_rows import (  # noqa: F401 - part of this module's API
    FlagView,
    explain_flag,
    flag_view,
    sync_device_flags,
    visit_flags,
)
from homevisit.visits.forms import FormDefinition, evaluate, latest_definition, submitted_answers
from homevisit.visits.scoring import load_shipped_rule_set, score

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
        tuple(flag_view(f) for f in visit_flags(session, visit)),
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
    return tuple(flag_view(f) for f in visit_flags(session, visit))


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
        _save_consent(session, visit, actor, row.id)
    return AttachmentView(row.id, doc_type, row.mime, row.vault_file_id, row.file_key)


def remove_attachment(session: Session, attachment_id: str) -> None:
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted:
        return
    if row.visit_id:
        _editable_visit(session, row.visit_id)
    outbox.delete(session, row)


def _save_consent(session: Session, visit: Visit, actor: str,
                  signature_id: str | None = None) -> None:
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
    # A consent change is audited (DESIGN §4); the detail says what, never who.
    audit.append(session, actor=actor, action="consent", entity="consent", entity_id=row.id,
                 detail={"choices": sorted(row.choices), "signed": signature_id is not None,
                         "roster_check_authorised": row.roster_check_authorised})


def missing_signatures(session: Session, visit_id: str) -> list[str]:
    have = {a.doc_type for a in _attachments(session, visit_id)}
    return [kind for kind in SIGNATURES if kind not in have]


def finalize(session: Session, visit_id: str, definition: FormDefinition,
             *, actor: str, today: dt.date | None = None) -> DraftSnapshot:
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
    _save_consent(session, visit, actor)
    household.visit_status = visit.status.value
    session.flush()
    return snapshot(session, visit)
