"""The demo county's growth records: a couple of school years of aid for its students —
the level recognised each year, grants, fee waivers, scholarships, student loans and last
summer's visit to a loan help desk — so the growth-record tab shows a real timeline.

Its own random stream: the county's households, people and cases stay as they were.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import AidKind, AidSource, CaseOutcome, LoanType
from homevisit.server.changes import bump, record_change
from homevisit.server.models import AidEntry, Household, Student

CHINA = dt.timezone(dt.timedelta(hours=8))
LEVELS = ("especially_difficult", "difficult", "difficult", "generally_difficult")
GRANTS = {  # what a student of each school gets a year, in yuan
    "丰县中学": ("国家助学金", 2000), "欢口中学": ("国家助学金", 2000),
    "师寨初级中学": ("生活补助", 1250), "华山小学": ("生活补助", 1000),
    "徐州工程学院": ("国家助学金", 3300),
}


def seed_aid(session: Session, rng: random.Random) -> int:
    """Aid entries for the county's students; returns how many were written."""
    written = 0
    townships = {hid: address for hid, address in session.execute(
        select(Household.id, Household.address))}
    for student in session.scalars(select(Student).order_by(Student.id)):
        title, grant = GRANTS.get(student.school, ("助学金", 1500))
        for year in (2024, 2025):
            if rng.random() < 0.15:
                continue  # not every student was recognised every year
            level = rng.choice(LEVELS)
            written += _entry(session, rng, student, AidKind.LEVEL, year, AidSource.APPROVAL,
                              dt.date(year, 10, 15), level=level)
            if level != "generally_difficult" or rng.random() < 0.5:
                written += _entry(session, rng, student, AidKind.GRANT, year, AidSource.IMPORT,
                                  dt.date(year, 11, 20), title=title, amount_fen=grant * 100)
            if rng.random() < 0.3:
                written += _entry(session, rng, student, AidKind.FEE_WAIVER, year,
                                  AidSource.IMPORT, dt.date(year, 9, 10), title="学费减免",
                                  amount_fen=rng.choice((800, 1200, 1500)) * 100)
        if rng.random() < 0.2:
            written += _entry(session, rng, student, AidKind.REWARD, 2025, AidSource.IMPORT,
                              dt.date(2025, 12, 18), title="励志奖学金", amount_fen=500000,
                              note="学习成绩优秀")
        if student.school == "徐州工程学院" or rng.random() < 0.1:
            address = townships.get(student.household_id, "")
            township = next((t for t in ("欢口镇", "师寨镇", "华山镇") if t in address), "丰县")
            written += _entry(session, rng, student, AidKind.HELPDESK_CASE, 2025,
                              AidSource.HELPDESK, dt.date(2025, 7, 22),
                              title=f"{township}办理点", loan_type=LoanType.FIRST,
                              outcome=CaseOutcome.ACCEPTED)
            written += _entry(session, rng, student, AidKind.LOAN, 2025, AidSource.IMPORT,
                              dt.date(2025, 10, 8), title="生源地信用助学贷款",
                              amount_fen=1200000)
    return written


def _entry(session: Session, rng: random.Random, student: Student, kind: AidKind, year: int,
           source: AidSource, day: dt.date, **fields: object) -> int:
    row = AidEntry(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), rev=0,
                   student_id=student.id, household_id=student.household_id, kind=kind,
                   school_year=year, source=source,
                   recorded_at=dt.datetime.combine(day, dt.time(10), CHINA), **fields)
    bump(row)
    session.add(row)
    record_change(session, Entity.AID_ENTRY, row)
    return 1
