"""Aid entries on a device (issue 18, item 5): imported aid reaches the counselor's
encrypted store at the next sync; a student of another counselor's household never does;
a household reassigned away leaves the device with its aid entries (amounts included)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from homevisit.ids import id_check_character
from homevisit.model import AidEntry
from homevisit.protocol.records import Entity
from homevisit.server import models as server
from homevisit.server.aid import import_aid
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change


def _number(first17: str) -> str:
    return first17 + id_check_character(first17)


MINE, THEIRS = _number("32032120080303003"), _number("32032120090404004")


def _student(central, household_id: str, number: str) -> str:
    with central.services.sessions.begin() as s:
        member = server.Member(id=str(uuid.uuid4()), household_id=household_id, name="学生",
                               relation="self", id_number=number, rev=0)
        student = server.Student(id=str(uuid.uuid4()), member_id=member.id,
                                 household_id=household_id, rev=0)
        for row, entity in ((member, Entity.MEMBER), (student, Entity.STUDENT)):
            bump(row)
            s.add(row)
            s.flush()
            record_change(s, entity, row)
        return student.id


def _import(central, tmp_path) -> None:
    path = tmp_path / "aid.csv"
    path.write_text("id_number,kind,school_year,amount,title\n"
                    f"{MINE},grant,2025,2000,国家助学金\n"
                    f"{THEIRS},grant,2025,3300,国家助学金\n", encoding="utf-8")
    with central.services.sessions.begin() as s:
        assert import_aid(s, path).entries == 2


def _aid(d) -> dict[str, int | None]:
    return dict(d.store.run(lambda s: [(e.student_id, e.amount_fen) for e in s.scalars(
        select(AidEntry).where(AidEntry.deleted.is_(False)))]))


def test_aid_reaches_only_its_households_counselor_and_leaves_with_the_household(
        central, device, tmp_path):
    central.user("counselor", "wang")
    central.user("counselor", "li")
    mine, theirs = central.household("wang"), central.household("li")
    my_student = _student(central, mine, MINE)
    their_student = _student(central, theirs, THEIRS)
    wang, li = device(central, "wang"), device(central, "li")
    assert wang.sync().ok and li.sync().ok
    _import(central, tmp_path)
    assert wang.sync().ok and li.sync().ok
    assert _aid(wang) == {my_student: 200000}
    assert _aid(li) == {their_student: 330000}
    with central.services.sessions.begin() as s:
        assign_household(s, mine, "li", None, actor="test")
    assert wang.sync().ok and li.sync().ok
    assert _aid(wang) == {}  # purged with the household
    assert _aid(li) == {my_student: 200000, their_student: 330000}
    assert wang.store.check() == []
