"""The ``homevisit-server`` command: init, users, imports, rosters, policies, devices, demo."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sync.synchelp import authorise_roster_checks

from homevisit.ids import id_check_character, parse_resident_id
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.vocabulary import Role
from homevisit.server import demo
from homevisit.server.cli import main
from homevisit.server.db import current_revision, head_revision, make_engine
from homevisit.server.models import (
    Assignment,
    AuditEvent,
    Change,
    Flag,
    Household,
    Member,
    Policy,
    Student,
    User,
)
from homevisit.server.users import create_user


def valid_id(prefix17: str) -> str:
    return prefix17 + id_check_character(prefix17)


FATHER = valid_id("32032119800101001")
MOTHER = valid_id("32032119820202002")
CHILD = valid_id("32032120100303003")


def count(db, model) -> int:
    return db.execute(select(func.count()).select_from(model)).scalar_one()


def run(url: str, *args: str) -> int:
    return main(["--database-url", url, *args])


def test_init_creates_then_is_idempotent(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert run(url, "init") == 0
    assert run(url, "init") == 0
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def _assignment_rows() -> list[dict[str, str]]:
    base = {
        "household_ref": "H-1",
        "region_code": "320321",
        "address": "丰县某村 1 号",
        "rural": "是",
        "special_categories": "脱贫家庭、残疾人子女",
        "counselor": "teacher",
        "due_date": "2026-09-30",
    }
    return [
        {
            **base,
            "member_name": "甲父",
            "relation": "father",
            "id_number": FATHER,
            "is_guardian": "1",
            "employer": "县教育局",
            "employer_type": "机关",
        },
        {
            **base,
            "member_name": "甲母",
            "relation": "mother",
            "id_number": MOTHER,
            "is_guardian": "1",
        },
        {
            **base,
            "member_name": "甲子",
            "relation": "child",
            "id_number": CHILD,
            "student_school": "丰县中学",
            "student_grade": "高一",
        },
        {**base, "household_ref": "H-2", "member_name": "乙父", "relation": "father"},
    ]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = sorted({k for row in rows for k in row})
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = sorted({k for row in rows for k in row})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    book.save(path)
    return path


@pytest.fixture
def teacher(services, world):
    with services.sessions.begin() as s:
        create_user(
            s,
            services.passwords,
            UserCreate(
                username="teacher", password="teacher-password", role=Role.COUNSELOR, team="team-a"
            ),
        )
    return "teacher"


def test_user_commands(database_url, world, db, monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("first-password\nsecond-password\nthird-password\n")
    )
    assert (
        run(
            database_url,
            "user",
            "add",
            "li",
            "--role",
            "supervisor",
            "--team",
            "team-a",
            "--region",
            "320321",
            "--password-stdin",
        )
        == 0
    )
    old_hash = db.execute(select(User.password_hash).where(User.username == "li")).scalar_one()
    assert run(database_url, "user", "passwd", "li", "--password-stdin") == 0
    assert run(database_url, "user", "disable", "li") == 0
    user = db.execute(select(User).where(User.username == "li")).scalar_one()
    assert user.disabled and user.password_hash != old_hash
    assert user.password_hash.startswith("$argon2id$")
    assert (
        run(
            database_url,
            "user",
            "add",
            "x",
            "--role",
            "counselor",
            "--team",
            "nope",
            "--password-stdin",
        )
        == 1
    )
    assert {"user.add", "user.passwd", "user.disable"} <= set(
        db.execute(select(AuditEvent.action)).scalars()
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_assign_import_creates_households_and_is_idempotent(
    kind, database_url, teacher, db, tmp_path, capsys
):
    writer = _write_csv if kind == "csv" else _write_xlsx
    path = writer(tmp_path / f"assign.{kind}", _assignment_rows())
    assert run(database_url, "assign", "import", str(path)) == 0
    assert "households 2, members 4, students 1, assigned 2" in capsys.readouterr().out
    assert (count(db, Household), count(db, Member), count(db, Student)) == (2, 4, 1)
    father = db.execute(select(Member).where(Member.id_number == FATHER)).scalar_one()
    assert (father.birth_date.isoformat(), father.sex) == ("1980-01-01", "male")
    household = db.get(Household, father.household_id)
    first_rev = household.rev
    assert household.assigned_counselor == "teacher"
    assert household.special_categories == ["脱贫家庭", "残疾人子女"]
    assert household.team_id is not None
    assert run(database_url, "assign", "import", str(path)) == 0
    db.expire_all()
    assert (count(db, Household), count(db, Member), count(db, Student)) == (2, 4, 1)
    assert count(db, Assignment) == 4  # each import is an assignment event
    assert db.get(Household, father.household_id).rev > first_rev


def test_bad_row_imports_nothing_and_never_echoes_the_value(
    database_url, teacher, db, tmp_path, capsys
):
    rows = _assignment_rows()
    wrong = FATHER[:-1] + ("0" if FATHER[-1] != "0" else "1")
    rows[0]["id_number"] = wrong
    rows[3]["region_code"] = ""
    assert run(database_url, "assign", "import", str(_write_csv(tmp_path / "a.csv", rows))) == 1
    err = capsys.readouterr().err
    assert "row 5, column region_code: required" in err
    assert wrong not in err
    assert count(db, Household) == count(db, Member) == count(db, Change) == 0


def test_roster_import_flags_a_guardian_on_assignment_once_consent_authorises_it(
        database_url, teacher, db, tmp_path, capsys):
    roster = _write_csv(
        tmp_path / "payroll-2026.csv",
        [
            {"id_number": FATHER, "employer": "丰县教育局", "position": "科员"},
            {
                "id_number": valid_id("32032119700101009"),
                "employer": "丰县财政局",
                "position": "科长",
            },
        ],
    )
    assert run(database_url, "roster", "import", "payroll", str(roster)) == 0
    path = _write_csv(tmp_path / "assign.csv", _assignment_rows())
    assert run(database_url, "assign", "import", str(path)) == 0
    # No synced consent authorises the check yet: nothing is matched.
    assert "roster flags 0" in capsys.readouterr().out
    assert count(db, Flag) == 0
    household = db.execute(
        select(Member.household_id).where(Member.id_number == FATHER)).scalar_one()
    authorise_roster_checks(db, household)
    db.commit()
    assert run(database_url, "assign", "import", str(path)) == 0
    assert "roster flags 1" in capsys.readouterr().out
    flag = db.execute(select(Flag)).scalar_one()
    assert (flag.source, flag.category, flag.status) == ("roster", "public_employee", "open")
    assert "丰县教育局" in flag.evidence and FATHER not in flag.evidence
    assert FATHER not in str(flag.trigger)
    # importing again does not raise the same flag twice
    assert run(database_url, "assign", "import", str(path)) == 0
    assert count(db, Flag) == 1


def test_policy_and_device_commands(database_url, actor, db, capsys):
    counselor = actor("counselor")
    assert run(database_url, "policy", "set", "idle_lock_minutes", "3") == 0
    assert db.get(Policy, "idle_lock_minutes").value == 3
    assert run(database_url, "policy", "set", "idle_lock_minutes", "999") == 1
    assert run(database_url, "device", "list") == 0
    assert counselor.device_id in capsys.readouterr().out
    assert run(database_url, "device", "revoke", counselor.device_id) == 0
    r = counselor.client.get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["wipe"] is True
    actions = set(db.execute(select(AuditEvent.action)).scalars())
    assert {"policy.set", "device.revoke"} <= actions


def test_demo_seed_is_a_deterministic_county(services, db, tmp_path, secret_file):
    passwords = services.passwords
    logins = demo.seed(db, passwords, seed=7)
    db.commit()
    roles = sorted(login.role.value for login in logins)
    assert roles == [
        "admin",
        "counselor",
        "counselor",
        "counselor",
        "supervisor",
        "volunteer",
        "volunteer",
    ]
    assert count(db, Household) == 200
    townships = db.execute(
        select(Household.region_code, func.count()).group_by(Household.region_code)
    ).all()
    assert len(townships) == 3 and all(n >= 60 for _, n in townships)
    numbers = list(db.execute(select(Member.id_number)).scalars())
    assert len(numbers) == len(set(numbers))
    assert all(parse_resident_id(n).number == n for n in numbers)
    assert (
        db.execute(
            select(func.count())
            .select_from(Household)
            .where(Household.assigned_counselor.is_(None))
        ).scalar_one()
        == 0
    )
    volunteers = db.execute(select(User).where(User.role == "volunteer")).scalars().all()
    assert len({v.desk_id for v in volunteers}) == 2 and all(v.desk_id for v in volunteers)
    # same seed, another database: the same people and numbers
    other = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    from homevisit.server.db import migrate
    from homevisit.server.roster_key import keyed_sessions

    migrate(other)
    with keyed_sessions(other, secret_file)[0].begin() as s2:
        again_logins = demo.seed(s2, passwords, seed=7)
        again = list(s2.execute(select(Member.id_number)).scalars())
    other.dispose()
    assert sorted(again) == sorted(numbers)
    # ... but not the same passwords: they are random per install
    assert {x.password for x in again_logins}.isdisjoint({x.password for x in logins})


def test_demo_seed_from_the_command_line_prints_logins(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run(url, "init") == 0
    assert run(url, "demo", "seed", "--households", "12") == 0
    out = capsys.readouterr().out
    assert "counselor1" in out and "volunteer2" in out and "supervisor" in out
    with pytest.raises(SystemExit):  # a database with users is never seeded again
        run(url, "demo", "seed")
