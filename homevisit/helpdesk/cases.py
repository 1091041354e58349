"""A walk-in's case, from the call of their ticket to its close (DESIGN §3, issue 17).

Every edit is one short transaction (the change and its outbox row together), so the
case screen saves each keystroke and a crash loses at most the field being edited. A value
that does not pass its check (an ID number with a wrong check character, a 校验码 of the
wrong shape) is still kept, as typed, in the local-only ``unsaved_input`` column and never
sent: the screen shows it back with the message, and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.helpdesk.documents import (
    Checklist,
    PolicyCard,
    current_checklist,
    current_policy_card,
)
from homevisit.i18n import Text
from homevisit.ids import InvalidResidentId, normalise_mobile, parse_resident_id
from homevisit.model import DeskShift, HelpDeskCase
from homevisit.protocol.vocabulary import CaseOutcome, LoanType, StudentStatus

TEXT_FIELDS = ("student_name", "school", "co_borrower_name", "problems", "follow_up")
CHOICE_FIELDS = {"stage": None, "co_borrower_relation": None,
                 "student_status": StudentStatus, "outcome": CaseOutcome}
CHECKED_FIELDS = ("student_id_number", "co_borrower_id_number", "student_phone")

PHONE_WRONG = Text("手机号应为 11 位数字，以 1 开头，请核对。",
                   "A mobile number has 11 digits starting with 1; check it.")
CO_BORROWER_NEEDED = Text(
    "首次贷款必须有共同借款人（一般为父母或其他法定监护人）。请填写共同借款人姓名和关系。",
    "A first loan needs a co-borrower (usually a parent or legal guardian). Enter their "
    "name and relation.")
OUTCOME_NEEDED = Text("请先选择办理结果，再结束本次办理。",
                      "Choose the outcome before closing the case.")
SEEN_TODAY = Text("该学生今天已在本机办理过（第 {numbers} 号），请核对是否重复排号。",
                  "This student was already handled on this laptop today (ticket {numbers}); "
                  "check this is not a duplicate walk-in.")
SEEN_ELSEWHERE = Text(
    "服务器发现该学生今天在其他办理点或由其他志愿者办理过 {count} 次，请核对，避免重复申请。",
    "The server found this student handled {count} more time(s) today at another desk or "
    "by another volunteer; check to avoid a duplicate application.")


class FieldProblem(ValueError):
    """A value refused at its field; ``text`` says what to do (never echoing the value)."""

    def __init__(self, field: str, text: Text) -> None:
        super().__init__(text.en)
        self.field, self.text = field, text


@dataclass(frozen=True, slots=True)
class Saved:
    """What an edit did: ``problem`` (the value was refused and kept as typed) or a
    ``warning`` to show at the field (the same student already handled today)."""

    field: str
    problem: Text | None = None
    warning: Text | None = None


@dataclass(frozen=True, slots=True)
class CaseView:
    """What the case screen shows: the record's values, with any refused input as typed."""

    id: str
    ticket_number: int | None
    loan_type: LoanType
    values: dict[str, Any]
    checklist: dict[str, bool]
    steps: dict[str, Any]
    unsaved: dict[str, str]
    called_at: dt.datetime | None
    closed_at: dt.datetime | None
    seen_today: list[int]
    seen_elsewhere: int
    checklist_document: Checklist
    policy_card: PolicyCard


def open_case(session: Session, shift: DeskShift, *, volunteer: str, ticket_number: int,
              loan_type: LoanType, now: dt.datetime | None = None) -> str:
    """A called ticket becomes a case at the shift's desk and day; the clock starts."""
    case = HelpDeskCase(
        id=str(uuid.uuid4()), desk_id=shift.desk_id, desk_site=shift.site,
        desk_date=shift.day, volunteer=volunteer, loan_type=LoanType(loan_type),
        ticket_number=ticket_number, called_at=now or dt.datetime.now(dt.UTC),
        checklist={}, steps={}, missing_documents=[], unsaved_input={})
    outbox.save(session, case)
    return case.id


def _case(session: Session, case_id: str) -> HelpDeskCase:
    case = session.get(HelpDeskCase, case_id)
    if case is None:
        raise KeyError(case_id)
    return case


def same_student_today(session: Session, case: HelpDeskCase) -> list[int]:
    """Ticket numbers of this store's other cases of the same student on the same day."""
    if not case.student_id_number:
        return []
    rows = session.scalars(select(HelpDeskCase.ticket_number).where(
        HelpDeskCase.student_id_number == case.student_id_number,
        HelpDeskCase.desk_date == case.desk_date, HelpDeskCase.id != case.id,
        HelpDeskCase.deleted.is_(False)))
    return sorted(n or 0 for n in rows)


def view(session: Session, case_id: str) -> CaseView:
    case = _case(session, case_id)
    fields = (*TEXT_FIELDS, *CHOICE_FIELDS, *CHECKED_FIELDS)
    return CaseView(
        id=case.id, ticket_number=case.ticket_number, loan_type=case.loan_type,
        values={f: getattr(case, f) for f in fields},
        checklist=dict(case.checklist or {}), steps=dict(case.steps or {}),
        unsaved=dict(case.unsaved_input or {}), called_at=case.called_at,
        closed_at=case.closed_at, seen_today=same_student_today(session, case),
        seen_elsewhere=case.seen_elsewhere or 0,
        checklist_document=current_checklist(session),
        policy_card=current_policy_card(session))


def _checked(field: str, raw: str) -> str | None:
    """The stored form of a checked field's input, or :class:`FieldProblem`."""
    text = raw.strip()
    if not text:
        return None
    if field == "student_phone":
        phone = normalise_mobile(text)
        if phone is None:
            raise FieldProblem(field, PHONE_WRONG)
        return phone
    try:
        return parse_resident_id(text).number
    except InvalidResidentId as bad:
        raise FieldProblem(field, bad.text) from None


def _keep_input(case: HelpDeskCase, field: str, raw: str | None) -> None:
    unsaved = dict(case.unsaved_input or {})
    if raw is None:
        unsaved.pop(field, None)
    else:
        unsaved[field] = raw
    case.unsaved_input = unsaved


def set_field(session: Session, case_id: str, field: str, raw: Any) -> Saved:
    """Store one field as typed. A refused value is kept in ``unsaved_input`` (committed,
    never sent: nothing typed is lost) and its message returned as ``problem``."""
    case = _case(session, case_id)
    if field in TEXT_FIELDS:
        setattr(case, field, str(raw)[:4000 if field in ("problems", "follow_up") else 100])
    elif field in CHOICE_FIELDS:
        kind = CHOICE_FIELDS[field]
        setattr(case, field, (kind(raw) if kind else str(raw)) if raw else None)
    elif field in CHECKED_FIELDS:
        try:
            value = _checked(field, str(raw))
        except FieldProblem as refused:
            _keep_input(case, field, str(raw))
            session.add(case)  # local-only column: no outbox row for it
            return Saved(field, problem=refused.text)
        _keep_input(case, field, None)
        setattr(case, field, value)
    else:
        raise KeyError(field)
    outbox.save(session, case)
    if field == "student_id_number":
        return Saved(field, warning=duplicate_warning(session, case))
    return Saved(field)


def duplicate_warning(session: Session, case: HelpDeskCase) -> Text | None:
    """The same student handled today here (at once) or elsewhere (after a sync)."""
    numbers = same_student_today(session, case)
    if numbers:
        return SEEN_TODAY.format(numbers="、".join(map(str, numbers)))
    if case.seen_elsewhere:
        return SEEN_ELSEWHERE.format(count=case.seen_elsewhere)
    return None


def tick(session: Session, case_id: str, code: str, done: bool) -> None:
    """A checklist item brought (or not)."""
    case = _case(session, case_id)
    if current_checklist(session).item(code) is None:
        raise KeyError(code)
    case.checklist = {**(case.checklist or {}), code: bool(done)}
    outbox.save(session, case)


def set_step(session: Session, case_id: str, code: str, value: bool | str) -> Saved:
    """A step done (``True``), undone, or for a step that records a value (the 受理证明's
    校验码) that value; a value of the wrong shape is kept as typed and refused."""
    case = _case(session, case_id)
    step = current_checklist(session).step(code)
    if step is None:
        raise KeyError(code)
    steps = dict(case.steps or {})
    if step.pattern is not None and isinstance(value, str):
        text = value.strip().upper()
        if text and not step.pattern.fullmatch(text):
            _keep_input(case, f"step:{code}", value)
            session.add(case)
            return Saved(f"step:{code}", problem=step.hint)
        _keep_input(case, f"step:{code}", None)
        if text:
            steps[code] = text
        else:
            steps.pop(code, None)
    else:
        steps[code] = bool(value)
    case.steps = steps
    outbox.save(session, case)
    return Saved(f"step:{code}")


def missing_documents(case: HelpDeskCase, checklist: Checklist) -> list[str]:
    """The checklist items this applicant should bring and did not."""
    return [i.code for i in checklist.items_for(case.loan_type, case.student_status)
            if not (case.checklist or {}).get(i.code)]


def close_case(session: Session, case_id: str, now: dt.datetime | None = None) -> int:
    """Close the case: outcome checked, missing documents recorded, minutes from call to
    close. Returns the minutes; :class:`FieldProblem` names the field to fix."""
    case = _case(session, case_id)
    if case.outcome is None:
        raise FieldProblem("outcome", OUTCOME_NEEDED)
    if case.loan_type is LoanType.FIRST and not (
            case.co_borrower_name.strip() and case.co_borrower_relation):
        raise FieldProblem("co_borrower_name", CO_BORROWER_NEEDED)
    closed = now or dt.datetime.now(dt.UTC)
    called = case.called_at or closed
    if called.tzinfo is None:
        called = called.replace(tzinfo=dt.UTC)
    case.closed_at = closed
    case.minutes_spent = max(1, math.ceil((closed - called).total_seconds() / 60))
    case.missing_documents = (missing_documents(case, current_checklist(session))
                              if case.outcome == CaseOutcome.DOCUMENTS_MISSING else [])
    outbox.save(session, case)
    return case.minutes_spent


def unfinished_case(session: Session, desk_id: str, day: dt.date) -> str | None:
    """The case this volunteer left open at the desk that day (locked or switched away in
    the middle of it): the page goes back to it."""
    return session.scalars(select(HelpDeskCase.id).where(
        HelpDeskCase.desk_id == desk_id, HelpDeskCase.desk_date == day,
        HelpDeskCase.closed_at.is_(None), HelpDeskCase.called_at.is_not(None),
        HelpDeskCase.deleted.is_(False)).order_by(HelpDeskCase.called_at.desc())).first()


def today_shifts(session: Session, day: dt.date) -> list[DeskShift]:
    """The desks this volunteer may staff on ``day`` (pulled from the server)."""
    return list(session.scalars(select(DeskShift).where(DeskShift.day == day)
                                .order_by(DeskShift.site)))


def shift(session: Session, desk_id: str, day: dt.date) -> DeskShift | None:
    return session.get(DeskShift, (desk_id, day))

