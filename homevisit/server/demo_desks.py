"""The demo county's two township help desks (issue 17): desks with their opening dates and
hours, the volunteers' shifts, and one day of made-up walk-in cases at each desk (one
student came to both desks that day, so the duplicate shows)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import CaseOutcome, LoanType, StudentStatus
from homevisit.server.changes import bump, record_change
from homevisit.server.desks import add_shift, note_seen_elsewhere
from homevisit.server.models import HelpDesk, HelpDeskCase

Maker = Callable[[random.Random], str]
"""Draws a made-up resident ID or name."""
CASE_DAY = dt.date(2026, 7, 20)
"""The day of the demo's cases."""
DESKS = (("欢口镇生源地信用助学贷款办理点", "欢口镇", "320321101", "08:30-17:00"),
         ("师寨镇生源地信用助学贷款办理点", "师寨镇", "320321102", "09:00-16:30"))
SCHOOLS = ("南京大学", "中国矿业大学", "江苏师范大学", "徐州工程学院", "苏州大学", "东南大学")
MISSING = ("hukou_book_original", "admission_letter", "co_borrower_id_card_original",
           "application_form")


def add_desks(session: Session, ids: random.Random, team_id: int | None,
              today: dt.date) -> list[HelpDesk]:
    """Two desks open through the summer (and through ``today``, so the demo's volunteers
    can pick today's shift)."""
    made = []
    for site, township, region, hours in DESKS:
        desk = HelpDesk(id=str(uuid.UUID(int=ids.getrandbits(128), version=4)), site=site,
                        township=township, region_code=region, team_id=team_id, hours=hours,
                        opens_on=dt.date(2026, 7, 15),
                        closes_on=max(dt.date(2026, 8, 31), today))
        session.add(desk)
        made.append(desk)
    session.flush()
    return made


def seed_day(session: Session, desks: list[HelpDesk], volunteers: list[str],
             make_id: Maker, names: Maker, seed: int, today: dt.date) -> None:
    """Shifts (each volunteer at their own desk on the case day, both at the first desk
    today) and a day of cases at each desk."""
    rng = random.Random(seed + 17)  # noqa: S311 - made-up demo data
    for desk, volunteer in zip(desks, volunteers, strict=True):
        add_shift(session, desk.id, volunteer, CASE_DAY)
        add_shift(session, desks[0].id, volunteer, today)
    both = make_id(rng)  # the student who tried both desks that day
    for number in range(1, 13):
        for desk, volunteer in zip(desks, volunteers, strict=True):
            student_id = both if number == 5 else make_id(rng)
            _case(session, rng, desk, volunteer, number, student_id, names)


def _case(session: Session, rng: random.Random, desk: HelpDesk, volunteer: str, number: int,
          student_id: str, names: Maker) -> None:
    called = dt.datetime.combine(CASE_DAY, dt.time(1, 0), tzinfo=dt.UTC) + dt.timedelta(
        minutes=number * 14 + rng.randrange(0, 10))
    minutes = rng.randrange(6, 18)
    outcome = rng.choice((CaseOutcome.ACCEPTED,) * 3 + (CaseOutcome.DOCUMENTS_MISSING,
                                                        CaseOutcome.REFERRED))
    loan = rng.choice((LoanType.FIRST, LoanType.RENEWAL, LoanType.RENEWAL))
    status = StudentStatus.NEW if loan is LoanType.FIRST and rng.random() < 0.7 else (
        StudentStatus.CURRENT)
    surname = names(rng)[0]
    case = HelpDeskCase(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), rev=0, desk_id=desk.id,
        desk_site=desk.site, desk_date=CASE_DAY, volunteer=volunteer, loan_type=loan,
        ticket_number=number, student_name=surname + names(rng)[1:],
        student_id_number=student_id,
        student_phone=f"1{rng.randrange(3, 9)}{rng.randrange(10**8, 10**9)}",
        school=rng.choice(SCHOOLS), stage=rng.choice(("undergraduate",) * 4 + ("postgraduate",)),
        student_status=status, co_borrower_name=surname + names(rng)[1:],
        co_borrower_relation=rng.choice(("father", "mother")),
        checklist={}, steps={}, problems="", outcome=outcome,
        missing_documents=[rng.choice(MISSING)] if outcome is CaseOutcome.DOCUMENTS_MISSING
        else [],
        called_at=called, closed_at=called + dt.timedelta(minutes=minutes),
        minutes_spent=minutes, follow_up=None)
    bump(case)
    session.add(case)
    session.flush()
    note_seen_elsewhere(session, [case], device_id=None)
    record_change(session, Entity.HELPDESK_CASE, case)
