"""Consent gates each capture (DESIGN §4): a document photo, a home photo or a health answer
is kept only when the guardian ticked its choice in the consent step, and the consent record
is written (and queued for sync) before the capture, so the server sees the consent first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import ConsentRequired
from homevisit.model import ConsentRecord, Visit
from homevisit.protocol.consent import ConsentChoice, choices_in_answers, required_for_doc_type
from homevisit.visits.codelists import load_codelist
from homevisit.visits.consent import save_consent


def consent_refusal(choice: ConsentChoice) -> ConsentRequired:
    """The typed error naming ``choice`` in both languages (as the consent step shows it)."""
    label = load_codelist("consent-categories").label(choice.value)
    return ConsentRequired(choice_zh=label.zh, choice_en=label.en)


def missing_choice(visit: Visit, doc_type: str) -> ConsentChoice | None:
    """The consent choice an attachment of ``doc_type`` needs and the visit lacks, or None."""
    needed = required_for_doc_type(doc_type)
    if needed is None or needed.value in choices_in_answers(visit.answers):
        return None
    return needed


def ensure_consent_record(session: Session, visit: Visit, actor: str) -> None:
    """Write the visit's consent record from its consent answers unless it already says
    the same (so a capture never reaches the outbox ahead of the consent behind it)."""
    row = session.scalars(select(ConsentRecord).where(
        ConsentRecord.visit_id == visit.id, ConsentRecord.deleted.is_(False))).first()
    answers = (visit.answers or {}).get("consent") or {}
    wanted = {code: True for code in choices_in_answers(visit.answers)}
    if row is not None and row.choices == wanted and \
            row.roster_check_authorised == bool(answers.get("roster_check_authorised")):
        return
    save_consent(session, visit, actor)


def check_capture(session: Session, visit: Visit, doc_type: str, actor: str) -> None:
    """Refuse (:class:`ConsentRequired`) an attachment whose consent choice is not ticked;
    otherwise make sure the consent record precedes it."""
    missing = missing_choice(visit, doc_type)
    if missing is not None:
        raise consent_refusal(missing)
    if required_for_doc_type(doc_type) is not None:
        ensure_consent_record(session, visit, actor)
