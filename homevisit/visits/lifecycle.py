"""The visit's life on the device (DESIGN §3): draft → finalized → (server: submitted →
approved | returned) → revising (draft again) → revised → …

This module is the one writer of a visit's status on the device and of its household's
``visit_status`` (what the households list shows and filters by). Everyone who changes
either — the wizard's store operations (:mod:`homevisit.visits.draft`), the sync pull once
the server's copy of a visit arrives — calls here, and "the household's visit" is chosen
here only (:func:`current_visit`). The server's own copy of a status (submitted, approved,
returned) is replicated as the record it is; the household's status then follows from it.

Every function takes the store worker's ``Session`` and writes each change together with
its outbox row (:mod:`homevisit.outbox`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.errors import RuleSetInvalid, StoreError, VisitIncomplete, VisitNotEditable
from homevisit.i18n import Text
from homevisit.model import Household, Visit, VisitStatus, VisitVersion
from homevisit.model.visit import CONTENT_COLUMNS
from homevisit.protocol.vocabulary import VisitMode
from homevisit.visits import published
from homevisit.visits.consent import save_consent
from homevisit.visits.documents import missing_signatures
from homevisit.visits.forms import FormDefinition, evaluate, submitted_answers
from homevisit.visits.published import FORM_ID as FORM_ID  # the wizard's operations use it
from homevisit.visits.scoring import RuleSet, load_shipped_rule_set, score

WIZARD_KEY = "_wizard"  # the wizard's place and step times, kept with the answers
EDITABLE = frozenset({VisitStatus.DRAFT, VisitStatus.RETURNED})
SIGNATURES_LABEL = "签名"  # named among the missing steps (the wizard's signatures page)

VISIT_NOT_FOUND = Text("找不到这次家访。", "This visit was not found.")


def _visit_mode(answer: object) -> VisitMode | None:
    # The form's code list holds exactly the vocabulary's values (tests/visitlogic pins it).
    return VisitMode(answer) if isinstance(answer, str) and answer in set(VisitMode) else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def household_context(household: Household) -> dict[str, Any]:
    """What scoring needs from the household (never names or ID numbers)."""
    return {"region_code": household.region_code, "rural": household.rural}


def current_visit(session: Session, household_id: str) -> Visit | None:
    """The household's visit: the one started last (a visit without a start time counts as
    oldest), the most recently changed among equals. Deleted visits never count."""
    return session.scalars(
        select(Visit).where(Visit.household_id == household_id, Visit.deleted.is_(False))
        .order_by(Visit.started_at.desc().nulls_last(), Visit.updated_at.desc(), Visit.id)
        .limit(1)).first()


def household_status(visit: Visit | None) -> str | None:
    """What the households list shows for a household whose current visit is ``visit``: its
    status, except that a returned visit being revised (a draft of a finalized version)
    still shows as returned until the new version is finalized."""
    if visit is None:
        return None
    status = VisitStatus(visit.status)  # a record just pulled holds the plain string
    if status is VisitStatus.DRAFT and (visit.version or 0) > 0:
        return VisitStatus.RETURNED.value
    return status.value


def settle_households(session: Session, household_ids: Iterable[str]) -> None:
    """Set each household's ``visit_status`` to its current visit's status (``None``
    without one). Unchanged households are not touched."""
    session.flush()
    for household_id in set(household_ids):
        household = session.get(Household, household_id)
        if household is None:
            continue
        visit = current_visit(session, household_id)
        status = household_status(visit)
        if household.visit_status != status:
            household.visit_status = status


def visits_arrived(session: Session, visit_ids: Iterable[str]) -> None:
    """The sync pull wrote these visits as the server has them (a supervisor may have
    returned or approved one): their households' statuses follow."""
    ids = list(visit_ids)
    if ids:
        session.flush()
        settle_households(session, session.scalars(
            select(Visit.household_id).where(Visit.id.in_(ids))))


def start_visit(session: Session, household: Household, definition: FormDefinition,
                answers: Mapping[str, Any], *, visitors: list[str] | None = None,
                delegated_by_office: str | None = None) -> Visit:
    """A new draft visit of ``household`` on ``definition``, with ``answers`` prefilled; it
    keeps that form version and the rule-set version the definition scores with. A visit
    made for another office records that office and its visitors (委托家访)."""
    scoring = definition.scoring
    visit = Visit(household_id=household.id, status=VisitStatus.DRAFT, version=0,
                  form_id=definition.form_id, form_version=definition.version,
                  rule_set_id=scoring.id if scoring else None,
                  rule_set_version=scoring.version if scoring else None,
                  answers=dict(answers), started_at=_now(), visitors=visitors or [],
                  delegated_by_office=delegated_by_office)
    outbox.save(session, visit)
    settle_households(session, [household.id])
    return visit


def editable_visit(session: Session, visit_id: str) -> Visit:
    """The visit, if the device may still change it (draft, or returned for revision)."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    if visit.status not in EDITABLE:
        raise VisitNotEditable()
    return visit


def begin_revision(session: Session, visit: Visit) -> None:
    """The counselor starts changing a returned visit: the device's copy is a draft again
    (the server keeps "returned" until the new finalized version arrives)."""
    if visit.status == VisitStatus.RETURNED:
        visit.status = VisitStatus.DRAFT
        outbox.save(session, visit)
        settle_households(session, [visit.household_id])


def missing_for_finalize(session: Session, visit: Visit, definition: FormDefinition,
                         *, today: dt.date | None = None) -> list[str]:
    """Titles (Chinese) of the visible steps with work left, then 签名 if a signature is
    missing; finalizing is possible exactly when this is empty."""
    household = session.get(Household, visit.household_id)
    assert household is not None
    state = evaluate(definition, visit.answers or {}, today=today,
                     household=household_context(household))
    missing = [s.title.zh for s in state.steps if not s.progress.complete]
    if missing_signatures(session, visit.id):
        missing.append(SIGNATURES_LABEL)
    return missing


def _visit_rules(session: Session, visit: Visit, definition: FormDefinition) -> RuleSet | None:
    """The rule-set version the visit started with, whatever ``definition`` carries: a newer
    rule set never rescores a visit (issue 16). A visit that recorded none (made before
    versions were recorded) takes the definition's, else the shipped one its form names."""
    scoring = definition.scoring
    if visit.rule_set_id and visit.rule_set_version is not None:
        if scoring is None or (scoring.id, scoring.version) != (visit.rule_set_id,
                                                                visit.rule_set_version):
            scoring = published.rule_set(session, visit.rule_set_id, visit.rule_set_version)
        if scoring is None:
            raise RuleSetInvalid(source=visit.rule_set_id, where="version",
                                 reason=f"v{visit.rule_set_version} is not on this device")
        return scoring
    if scoring is None and definition.scoring_id:
        return load_shipped_rule_set(definition.scoring_id)
    return scoring


def finalize(session: Session, visit_id: str, definition: FormDefinition,
             *, actor: str, today: dt.date | None = None) -> Visit:
    """Freeze the visit: a new :class:`VisitVersion` with the visible answers, the score and
    the recommendation; the visit becomes read-only (finalized, or revised after a return).
    Raises :class:`VisitIncomplete` naming what is missing."""
    visit = editable_visit(session, visit_id)
    household = session.get(Household, visit.household_id)
    assert household is not None
    missing = missing_for_finalize(session, visit, definition, today=today)
    if missing:
        raise VisitIncomplete(missing="、".join(missing))
    context = household_context(household)
    rules = _visit_rules(session, visit, definition)
    state = evaluate(replace(definition, scoring=rules), visit.answers or {}, today=today,
                     household=context)
    submitted = submitted_answers(state)
    result = score(rules, submitted, context) if rules else None
    recommendation = submitted.get("recommendation", {})
    visit.mode = _visit_mode(submitted.get("consent", {}).get("visit_mode"))
    visit.answers = {**submitted, WIZARD_KEY: (visit.answers or {}).get(WIZARD_KEY)}
    visit.observations = submitted.get("observations", {}).get("observations", "")
    visit.traits = ",".join(submitted.get("observations", {}).get("student_traits", []))
    visit.policies_explained = list(submitted.get("policies", {}).get("explained", []))
    visit.score = float(result.total) if result else None
    visit.score_detail = [line._asdict() for line in result.lines] if result else []
    visit.suggested_level = result.suggested_level if result else None
    if rules is not None and visit.rule_set_version is None:
        visit.rule_set_id, visit.rule_set_version = rules.id, rules.version
    visit.recommended_level = recommendation.get("level")
    visit.recommendation_reason = recommendation.get("reason")
    visit.ended_at = _now()
    visit.version = (visit.version or 0) + 1
    visit.status = VisitStatus.REVISED if visit.version > 1 else VisitStatus.FINALIZED
    content = {name: getattr(visit, name) for name in CONTENT_COLUMNS}
    content["answers"] = submitted
    # The consent first: the server checks each pushed capture against it (DESIGN §4).
    save_consent(session, visit, actor)
    outbox.save(session, visit)
    outbox.save(session, VisitVersion(visit_id=visit.id, household_id=visit.household_id,
                                      version=visit.version, finalized_at=_now(), **content))
    settle_households(session, [visit.household_id])
    return visit
