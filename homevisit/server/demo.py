"""``homevisit-server demo seed``: a realistic made-up county for demos and tests.

About 200 households in 3 townships of 丰县 (320321), made-up names and checksum-valid
made-up resident IDs, 3 counselors (one per township), 2 help desks with 2 volunteers and
a day of walk-in cases (``demo_desks``),
1 supervisor and 1 admin, plus a few roster lines so some households get flags, and the
first counselor's visits in every review state with photos and signatures
(:mod:`homevisit.server.demo_reviews`), a visit delegated to a colleague and a proposed
family waiting for the supervisor (:mod:`homevisit.server.demo_planning`), two school years
of aid on each student's growth record (:mod:`homevisit.server.demo_aid`), and each
counselor's appointments this week with one hand-back waiting for the supervisor
(:mod:`homevisit.server.demo_appointments`).
Deterministic: the same seed gives the same ids, names and numbers; passwords are random per
install (printed once by `homevisit-server demo seed`).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from homevisit.ids import id_check_character
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import Role
from homevisit.server import demo_desks
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.demo_aid import seed_aid
from homevisit.server.demo_appointments import seed_appointments
from homevisit.server.demo_planning import seed_planning
from homevisit.server.demo_reviews import seed_reviews
from homevisit.server.models import (
    ConsentRecord,
    Household,
    Member,
    Student,
    Visit,
)
from homevisit.server.roster import RosterRow, import_roster
from homevisit.server.security import Passwords
from homevisit.server.storage import FileStorage
from homevisit.server.users import add_region, add_team, create_user

COUNTY = ("320321", "丰县")
TOWNSHIPS = (("320321101", "欢口镇"), ("320321102", "师寨镇"), ("320321103", "华山镇"))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅文斌晨宇浩然思雨欣怡子涵"
VILLAGES = ("东村", "西村", "南庄", "北湖村", "王庄", "李楼", "张集", "新河村")
CATEGORIES = ("脱贫家庭", "最低生活保障家庭", "低保边缘家庭", "残疾人子女", "支出型困难家庭")
# Each school with grades it really has (four each: the demo's random stream stays the same).
GRADES = {
    "丰县中学": ("高一", "高二", "高三", "高一"),
    "欢口中学": ("初一", "初二", "初三", "高一"),
    "师寨初级中学": ("初一", "初二", "初三", "初一"),
    "华山小学": ("一年级", "三年级", "五年级", "六年级"),
    "徐州工程学院": ("大一", "大二", "大三", "大四"),
}
SCHOOLS = tuple(GRADES)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    note: str


def _name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return (surname or rng.choice(SURNAMES)) + given


def _resident_id(rng: random.Random, born: dt.date, male: bool, used: set[str]) -> str:
    while True:
        seq = rng.randrange(0, 1000)
        if (seq % 2 == 1) != male:
            seq = (seq + 1) % 1000
        first17 = f"{COUNTY[0]}{born:%Y%m%d}{seq:03d}"
        number = first17 + id_check_character(first17)
        if number not in used:
            used.add(number)
            return number


def _born(rng: random.Random, min_age: int, max_age: int) -> dt.date:
    today = dt.date(2026, 6, 1)
    return today - dt.timedelta(days=rng.randrange(min_age * 365, max_age * 365))


def seed(session: Session, passwords: Passwords, *, seed: int = 1, households: int = 200,
         fixed_passwords: bool = False, today: dt.date | None = None,
         storage: FileStorage | None = None) -> list[DemoLogin]:
    """Fill an empty database with the demo county; return the logins to print. With
    ``storage``, the review stories' photos and signatures are stored there too.

    Passwords are random for every install (a demo server reachable from a network must not
    open with passwords anyone can read here); ``fixed_passwords`` derives them from the
    seed instead — for tests only, the command line has no such switch."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not security
    ids = random.Random(seed + 1)  # noqa: S311
    add_region(session, "320000", "江苏省", None)
    add_region(session, "320300", "徐州市", "320000")
    add_region(session, *COUNTY, "320300")
    for code, name in TOWNSHIPS:
        add_region(session, code, name, COUNTY[0])
    team_row = add_team(session, "丰县学生资助管理中心", COUNTY[0])
    today = today or dt.date.today()
    desks = demo_desks.add_desks(session, ids, team_row.id, today)
    team = "丰县学生资助管理中心"
    people = [
        ("admin", Role.ADMIN, None, None, None, "管理员"),
        ("supervisor", Role.SUPERVISOR, team, COUNTY[0], None, "县资助中心审核"),
        ("counselor1", Role.COUNSELOR, team, None, None, TOWNSHIPS[0][1]),
        ("counselor2", Role.COUNSELOR, team, None, None, TOWNSHIPS[1][1]),
        ("counselor3", Role.COUNSELOR, team, None, None, TOWNSHIPS[2][1]),
        ("volunteer1", Role.VOLUNTEER, team, None, desks[0].id, "办理点志愿者"),
        ("volunteer2", Role.VOLUNTEER, team, None, desks[1].id, "办理点志愿者"),
    ]
    logins: list[DemoLogin] = []
    for username, role, team_name, region, desk_id, note in people:
        fixed = f"demo-{username}-{rng.randrange(1000, 10000)}"  # drawn either way: same county
        password = fixed if fixed_passwords else f"demo-{secrets.token_urlsafe(12)}"
        create_user(session, passwords, UserCreate(
            username=username, display_name=_name(rng), password=password, role=role,
            team=team_name, region_code=region, desk_id=desk_id))
        logins.append(DemoLogin(username, password, role, note))

    used: set[str] = set()
    roster: list[tuple[str, RosterRow]] = []
    authorised: set[str] = set()  # households with last year's consent to roster checks
    for i in range(households):
        township = i % len(TOWNSHIPS)
        hid = str(uuid.UUID(int=ids.getrandbits(128), version=4))
        village = f"{rng.choice(VILLAGES)}{rng.randrange(1, 99)}号"
        household = Household(
            id=hid, rev=0, region_code=TOWNSHIPS[township][0],
            address=f"{COUNTY[1]}{TOWNSHIPS[township][1]}{village}",
            rural=rng.random() < 0.8,
            special_categories=rng.sample(CATEGORIES, k=rng.choice((0, 1, 1, 2))),
        )
        bump(household)
        session.add(household)
        record_change(session, Entity.HOUSEHOLD, household)
        surname = rng.choice(SURNAMES)
        father = (_name(rng, surname), "father", _born(rng, 35, 55), True)
        mother = (_name(rng), "mother", _born(rng, 33, 52), False)
        # Relations are the form's code list (resources/codelists/relations.yaml), relative
        # to the student ("self").
        child = (_name(rng, surname), "self", _born(rng, 7, 21), rng.random() < 0.5)
        guardians = [father, mother] if rng.random() < 0.85 else [father]
        members = [*guardians, child]
        if rng.random() < 0.3:
            members.append((_name(rng, surname), "grandfather", _born(rng, 60, 85), True))
        for name, relation, born, male in members:
            number = _resident_id(rng, born, male, used)
            member = Member(
                id=str(uuid.UUID(int=ids.getrandbits(128), version=4)), rev=0,
                household_id=hid, name=name, relation=relation, id_number=number,
                birth_date=born, sex="male" if male else "female",
                is_guardian=relation in ("father", "mother"),
                health=rng.choice(("healthy", "healthy", "healthy", "minor_illness",
                                   "serious_illness")),
                occupation=None if relation == "self" else rng.choice(
                    ("farmer", "migrant_worker", "self_employed", "unemployed", None)),
            )
            bump(member)
            session.add(member)
            record_change(session, Entity.MEMBER, member, household=household)
            if relation == "self":
                student = Student(id=str(uuid.UUID(int=ids.getrandbits(128), version=4)),
                                  rev=0, member_id=member.id, household_id=hid,
                                  school=(school := rng.choice(SCHOOLS)),
                                  grade=rng.choice(GRADES[school]))
                bump(student)
                session.add(student)
                record_change(session, Entity.STUDENT, student, household=household)
            elif member.is_guardian and rng.random() < 0.04:
                kind = rng.choice(("payroll", "market_register"))
                employer = "丰县某镇人民政府" if kind == "payroll" else "丰县某农业科技有限公司"
                position = "科员" if kind == "payroll" else "法定代表人"
                roster.append((kind, RosterRow(number, employer, position, evidence="demo")))
                authorised.add(hid)
    demo_desks.seed_day(
        session, desks, ["volunteer1", "volunteer2"],
        lambda r: _resident_id(r, _born(r, 18, 24), r.random() < 0.5, used),
        _name, seed, today)
    for kind in ("payroll", "market_register"):
        import_roster(session, kind, [r for k, r in roster if k == kind], batch="demo-2026-06")
    session.flush()
    counselors = ("counselor1", "counselor2", "counselor3")
    rows = session.query(Household.id, Household.region_code).order_by(Household.region_code,
                                                                       Household.id)
    for hid, code in rows.all():
        township = [t[0] for t in TOWNSHIPS].index(code)
        if hid in authorised:  # roster checks run only with a synced written authorisation
            _last_years_consent(session, hid, counselors[township], ids)
        # Due from two weeks ago to seven weeks on, so the schedule has overdue work and
        # coming work whenever the demo runs (the same random stream as fixed dates had).
        due = today + dt.timedelta(days=rng.randrange(0, 60) - 14)
        assign_household(session, hid, counselors[township], due, actor="demo-seed",
                         replay=False)
    seed_reviews(session, storage, random.Random(seed + 2))  # noqa: S311 - made-up data
    seed_planning(session, random.Random(seed + 3))  # noqa: S311 - made-up data
    session.flush()
    seed_aid(session, random.Random(seed + 4))  # noqa: S311 - made-up data
    seed_appointments(session, random.Random(seed + 5), today)  # noqa: S311 - made-up data
    return logins


def _last_years_consent(session: Session, household_id: str, counselor: str,
                        ids: random.Random) -> None:
    """Last year's approved visit whose guardian signed the roster-check authorisation, so
    the demo's roster lines can raise flags (never without one, DESIGN §3)."""
    visit = Visit(id=str(uuid.UUID(int=ids.getrandbits(128), version=4)), rev=0,
                  household_id=household_id, status="approved", version=1, mode="home",
                  counselor=counselor,
                  started_at=dt.datetime(2025, 9, 10, 9, 0, tzinfo=dt.UTC))
    bump(visit)
    session.add(visit)
    session.flush()
    record_change(session, Entity.VISIT, visit)
    consent = ConsentRecord(
        id=str(uuid.UUID(int=ids.getrandbits(128), version=4)), rev=0, visit_id=visit.id,
        household_id=household_id, notice_version="notice-2025-1",
        choices={"basic_information": True}, roster_check_authorised=True,
        signed_at=dt.datetime(2025, 9, 10, 9, 5, tzinfo=dt.UTC))
    bump(consent)
    session.add(consent)
    session.flush()
    record_change(session, Entity.CONSENT, consent)
