"""The visit being recorded, as store operations (no Qt): open or start the draft, save
answers and the wizard's place, keep device flags in step with the answers, record
attachments and signatures, finalize.

Every function takes the store worker's ``Session`` and writes each change together with its
outbox row (:mod:`homevisit.outbox`), so everything the wizard saves also syncs. Status
changes go through :mod:`homevisit.visits.lifecycle`, their one writer. The GUI calls these
through :func:`homevisit.gui.tasks.run_in_store`; tests call them through ``store.run``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.errors import StoreError
from homevisit.model import Attachment, Household, Visit, VisitStatus
from homevisit.model.review import Review
from homevisit.planning import delegation
from homevisit.protocol.consent import (
    ConsentChoice,
    choices_in_answers,
    has_health_answers,
    without_health_answers,
)
from homevisit.protocol.vocabulary import ReviewDecision, VisitMode
from homevisit.vault import ImportedFile
from homevisit.visits import lifecycle, published
from homevisit.visits.capture_consent import check_capture, ensure_consent_record
from homevisit.visits.codelists import codelist_tags
from homevisit.visits.consent import save_consent
from homevisit.visits.documents import (  # noqa: F401 - part of this module's API
    SIGNATURE_CONSENT,
    SIGNATURE_GUARDIAN,
    SIGNATURE_VISITOR,
    SIGNATURES,
    missing_signatures,
    visit_attachments,
)
from homevisit.visits.flag_rows import (
    FlagView,
    explain_flag,
    flag_view,
    sync_device_flags,
    visit_flags,
)
from homevisit.visits.forms import FormDefinition
from homevisit.visits.lifecycle import (
    EDITABLE,
    FORM_ID,
    VISIT_NOT_FOUND,
    WIZARD_KEY,
    household_context,
)
from homevisit.visits.roster_writeback import write_back_roster

__all__ = [  # the wizard's operations, and the names it reads from the packages behind them
    "SIGNATURES", "SIGNATURE_CONSENT", "SIGNATURE_GUARDIAN", "SIGNATURE_VISITOR", "WIZARD_KEY",
    "AttachmentView", "DraftSnapshot", "FlagView", "explain_flag", "finalize", "open_visit",
    "record_attachment", "remove_attachment", "save_answers", "snapshot", "visit_definition",
]


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


def _prefill(household: Household, definition: FormDefinition | None = None) -> dict[str, Any]:
    """Answers known from the household record, so the counselor checks instead of retyping
    (every one stays an editable answer): members with their health, occupation, employer
    and income, the household's income by source, the rural registration, and the usual
    visit (in person, the current privacy notice when the form offers just one)."""
    people = []
    # A home visit is in person unless the counselor says otherwise (电话 / 视频).
    consent: dict[str, Any] = {"visit_mode": VisitMode.HOME.value}
    if definition is not None:
        for step in definition.steps[:1]:
            for field in step.fields:
                if field.type == "choice" and field.choices and len(field.choices) == 1:
                    consent[field.id] = field.choices[0].code
    income: dict[str, int | float] = {}  # the members' incomes by source, summed (editable)
    # The student first, then the guardian: the order a counselor goes through them.
    # A member a finalized visit found moved out is not asked about again (the counselor
    # adds them back if they returned, which marks them present at finalize).
    members = sorted((m for m in household.members if not m.deleted and m.moved_out_on is None),
                     key=lambda m: (m.relation != "self", not m.is_guardian))
    for member in members:
        # Members on the household record are its living members; a parent who is the
        # student's guardian lives with and supports them (each editable, like every answer).
        item: dict[str, Any] = {"_id": member.id, "name": member.name,
                                "relation": member.relation, "life_status": "living"}
        if member.is_guardian and member.relation in codelist_tags("relations", "parent"):
            item["custody"] = "custodial"
        if member.id_number:
            item["id_number"] = member.id_number
        # What the household record already knows is carried over; the counselor checks it.
        for known in ("health", "occupation", "employer", "employer_type", "position",
                      "employer_credit_code"):
            value = getattr(member, known, None)
            if value and not (known != "health" and member.relation == "self"):
                item[known] = value
        amounts = {source: value for source, value in (member.income or {}).items()
                   if isinstance(value, int | float) and not isinstance(value, bool)}
        if amounts:
            item["yearly_income"] = _number(sum(amounts.values()))
            for source, value in amounts.items():
                income[source] = _number(income.get(source, 0) + value)
        people.append(item)
        if member.relation == "self" and member.id_number:
            consent["student_id_number"] = member.id_number
        if member.is_guardian and "guardian_name" not in consent:  # the first guardian
            consent["guardian_name"] = member.name
            consent["guardian_relation"] = member.relation
            if member.phone:
                consent["guardian_phone"] = member.phone
    prefilled: dict[str, Any] = {"consent": consent, "members": {"people": people}}
    if household.rural:
        prefilled["household"] = {"residence_type": "rural"}
    if income:
        prefilled["income"] = income
    return prefilled


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def snapshot(session: Session, visit: Visit) -> DraftSnapshot:
    household = session.get(Household, visit.household_id)
    assert household is not None
    answers = dict(visit.answers or {})
    place = answers.get(WIZARD_KEY)
    step = place.get("step") if isinstance(place, Mapping) else None
    return DraftSnapshot(
        visit.id, visit.household_id, visit.status, visit.version, visit.form_id or FORM_ID,
        published.form_version_of(session, visit), answers, step if isinstance(step, str) else None,
        household_context(household),
        tuple(flag_view(f) for f in visit_flags(session, visit)),
        tuple(AttachmentView(a.id, a.doc_type, a.mime, a.vault_file_id, a.file_key)
              for a in visit_attachments(session, visit.id)),
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
    """The household's current visit, started as a new draft if there is none."""
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    visit = lifecycle.current_visit(session, household_id)
    if visit is None:
        definition = published.newest_usable_form(session, FORM_ID)
        visit = lifecycle.start_visit(session, household, definition,
                                      _prefill(household, definition),
                                      **delegation.new_visit_fields(session, household_id))
        session.flush()
    return snapshot(session, visit)


def visit_definition(session: Session, visit_id: str) -> FormDefinition:
    """The form version the visit started with, bound to its rule-set version (a returned
    visit reopens on them, whatever was published since)."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    return published.visit_definition(session, visit)


def save_answers(session: Session, visit_id: str, answers: Mapping[str, Any],
                 place: str | Mapping[str, Any] | None,
                 submitted: Mapping[str, Any] | None = None,
                 *, actor: str = "device") -> tuple[FlagView, ...]:
    """Store the answers (all of them, hidden ones too: the user may toggle back, except
    health answers without the guardian's 采集健康状况信息 consent, which are never kept) and
    the wizard's place (:meth:`homevisit.visits.session.VisitSession.place`, or just a step
    id). With ``submitted`` (the visible answers), device flags are brought in step.
    Returns the visit's flags as they now stand."""
    visit = lifecycle.editable_visit(session, visit_id)
    lifecycle.begin_revision(session, visit)
    stored = {k: v for k, v in answers.items() if k != WIZARD_KEY}
    if ConsentChoice.HEALTH_INFORMATION.value not in choices_in_answers(stored):
        stored = without_health_answers(stored)
    stored[WIZARD_KEY] = dict(place) if isinstance(place, Mapping) else {"step": place}
    visit.answers = stored
    if has_health_answers(stored):
        ensure_consent_record(session, visit, actor)  # synced ahead of the health answers
    outbox.save(session, visit)
    if submitted is not None:
        sync_device_flags(session, visit, submitted)
    session.flush()
    return tuple(flag_view(f) for f in visit_flags(session, visit))


def record_attachment(session: Session, visit_id: str, stored: ImportedFile, doc_type: str,
                      *, actor: str) -> AttachmentView:
    """Record a file already encrypted into the vault as one of the visit's attachments.
    A signature replaces the earlier signature of the same kind."""
    visit = lifecycle.editable_visit(session, visit_id)
    check_capture(session, visit, doc_type, actor)
    if doc_type in SIGNATURES:
        for old in visit_attachments(session, visit_id):
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
        save_consent(session, visit, actor, row.id)
    return AttachmentView(row.id, doc_type, row.mime, row.vault_file_id, row.file_key)


def remove_attachment(session: Session, attachment_id: str) -> None:
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted:
        return
    if row.visit_id:
        lifecycle.editable_visit(session, row.visit_id)
    outbox.delete(session, row)


def finalize(session: Session, visit_id: str, definition: FormDefinition,
             *, actor: str, today: dt.date | None = None) -> DraftSnapshot:
    """Freeze the visit (:func:`homevisit.visits.lifecycle.finalize`) and write its roster
    back to the household's member rows (:mod:`homevisit.visits.roster_writeback`); the
    snapshot after."""
    visit = lifecycle.finalize(session, visit_id, definition, actor=actor, today=today)
    write_back_roster(session, visit.household_id, visit.answers or {}, today=today)
    return snapshot(session, visit)
