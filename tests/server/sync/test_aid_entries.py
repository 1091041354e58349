"""Aid history on the server (issue 18, item 5): approving a visit writes the recognised
level for each student of the household; a help-desk case of a student's ID number becomes
a minimal summary entry (no phone, no co-borrower) in the desk's scope only; no device may
push an aid entry; another scope's aid never reaches a device."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from synchelp import new_id, op, pull_all, push, visit_payload

from homevisit.ids import id_check_character
from homevisit.protocol.records import Entity
from homevisit.server.aid import school_year_of
from homevisit.server.changes import bump, record_change
from homevisit.server.models import AidEntry, Member, Student

VISITS = "/api/v1/review/visits"


def resident_id(first17: str) -> str:
    return first17 + id_check_character(first17)


CHILD = resident_id("32032120080303003")
OTHER_CHILD = resident_id("32032220090404004")


def add_student(services, household_id: str, number: str, name: str = "王小明") -> str:
    with services.sessions.begin() as s:
        member = Member(id=new_id(), household_id=household_id, name=name, relation="child",
                        id_number=number, birth_date=dt.date(2008, 3, 3), rev=0)
        bump(member)
        s.add(member)
        s.flush()
        record_change(s, Entity.MEMBER, member)
        student = Student(id=new_id(), member_id=member.id, household_id=household_id,
                          school="丰县中学", grade="高二", rev=0)
        bump(student)
        s.add(student)
        s.flush()
        record_change(s, Entity.STUDENT, student)
        return student.id


def entries(services, **where) -> list[AidEntry]:
    with services.sessions() as s:
        query = select(AidEntry).where(AidEntry.deleted.is_(False))
        for name, value in where.items():
            query = query.where(getattr(AidEntry, name) == value)
        rows = list(s.scalars(query))
        s.expunge_all()
        return rows


def test_approving_a_visit_writes_the_recognised_level_for_each_student(
        actor, make_household, services):
    me, sup = actor("counselor", team="a"), actor("supervisor", team="a")
    household = make_household(me.username)
    first = add_student(services, household, CHILD)
    second = add_student(services, household, resident_id("32032120100505005"), "王小红")
    visit = visit_payload(household, status="finalized", version=1,
                          recommended_level="especially_difficult")
    assert push(me.client, [op("visit", visit)])[0]["status"] == "applied"
    assert entries(services) == []  # submitted is not recognised
    r = sup.client.post(f"{VISITS}/{visit['id']}/decision",
                        json={"decision": "approve", "version": 1, "comments": []})
    assert r.status_code == 200, r.text
    written = entries(services, household_id=household)
    assert sorted(e.student_id for e in written) == sorted([first, second])
    this_year = school_year_of(dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date())
    assert {(e.kind, e.source, e.level, e.school_year, e.visit_id, e.amount_fen)
            for e in written} == {("level", "approval", "especially_difficult", this_year,
                                   visit["id"], None)}
    # The counselor's device receives them with the approval.
    changes, _ = pull_all(me.client)
    pulled = [c["record"] for c in changes if c["entity"] == "aid_entry"]
    assert sorted(p["student_id"] for p in pulled) == sorted([first, second])
    assert {p["level"] for p in pulled} == {"especially_difficult"}


def test_a_returned_visit_writes_no_level(actor, make_household, services):
    me, sup = actor("counselor", team="a"), actor("supervisor", team="a")
    household = make_household(me.username)
    add_student(services, household, CHILD)
    visit = visit_payload(household, status="finalized", version=1)
    push(me.client, [op("visit", visit)])
    r = sup.client.post(f"{VISITS}/{visit['id']}/decision", json={
        "decision": "return", "version": 1, "comments": [{"text": "请补充收入证明"}]})
    assert r.status_code == 200
    assert entries(services) == []


def test_no_device_may_push_an_aid_entry(actor, make_household, services, world):
    me = actor("counselor", team="a")
    household = make_household(me.username)
    student = add_student(services, household, CHILD)
    forged = {"id": new_id(), "student_id": student, "household_id": household,
              "kind": "grant", "school_year": 2026, "amount_fen": 99_999_900,
              "source": "import", "title": "国家助学金"}
    for role, kw in (("counselor", {}), ("supervisor", {}),
                     ("volunteer", {"desk": world.desk_a})):
        who = me if role == "counselor" else actor(role, team="a", **kw)
        [result] = push(who.client, [op("aid_entry", {**forged, "id": new_id()})])
        assert result["status"] == "rejected", (role, result)
    assert entries(services) == []


def test_another_scopes_students_aid_never_reaches_a_device(
        actor, make_household, services, world):
    a, b = actor("counselor", team="a"), actor("counselor", team="b")
    sup_b = actor("supervisor", team="b")
    sup_a = actor("supervisor", team="a")
    household_a = make_household(a.username)
    household_b = make_household(b.username, region="320322")
    add_student(services, household_a, CHILD)
    add_student(services, household_b, OTHER_CHILD)
    for household, who in ((household_a, a), (household_b, b)):
        visit = visit_payload(household, status="finalized", version=1,
                              recommended_level="difficult")
        push(who.client, [op("visit", visit)])
        sup = sup_a if who is a else sup_b
        assert sup.client.post(f"{VISITS}/{visit['id']}/decision", json={
            "decision": "approve", "version": 1, "comments": []}).status_code == 200

    def aid_households(client) -> set[str]:
        changes, _ = pull_all(client)
        return {c["record"]["household_id"] for c in changes if c["entity"] == "aid_entry"}

    assert aid_households(a.client) == {household_a}
    assert aid_households(b.client) == {household_b}
    assert aid_households(sup_a.client) == {household_a}
    assert aid_households(sup_b.client) == {household_b}
    volunteer = actor("volunteer", team="a", desk=world.desk_a)
    assert aid_households(volunteer.client) == set()  # amounts: counselor and supervisor only


def test_a_help_desk_case_becomes_a_minimal_entry_in_the_desks_scope_only(
        actor, make_household, services, world):
    me = actor("counselor", team="a")
    household = make_household(me.username)
    student = add_student(services, household, CHILD)
    far = make_household(actor("counselor", team="b").username, region="320322")
    add_student(services, far, OTHER_CHILD)
    volunteer = actor("volunteer", team="a", desk=world.desk_a)
    case = {"id": new_id(), "desk_id": world.desk_a, "desk_date": "2026-07-20",
            "loan_type": "renewal", "student_name": "王小明", "student_id_number": CHILD,
            "co_borrower_name": "王伟", "co_borrower_relation": "father",
            "student_phone": "13812345678", "outcome": "accepted"}
    # The same desk sees an applicant from another county's household: no entry there.
    stranger = {**case, "id": new_id(), "student_id_number": OTHER_CHILD}
    assert [r["status"] for r in push(volunteer.client, [op("helpdesk_case", case),
                                                         op("helpdesk_case", stranger)])] \
        == ["applied", "applied"]
    [entry] = entries(services)
    assert (entry.student_id, entry.household_id, entry.kind, entry.source) == (
        student, household, "helpdesk_case", "helpdesk")
    assert (entry.loan_type, entry.outcome, entry.school_year) == ("renewal", "accepted", 2026)
    assert entry.title == "欢口镇办理点"  # the desk's township (or its site when unnamed)
    changes, _ = pull_all(me.client)
    [pulled] = [c["record"] for c in changes if c["entity"] == "aid_entry"]
    text = repr(pulled)
    for secret in ("13812345678", "王伟", "father", CHILD):
        assert secret not in text
    # The case's outcome changes: the entry follows; the case is deleted: the entry goes.
    with services.sessions() as s:
        rev = s.scalar(select(Student.rev).where(Student.id == student))  # unchanged below
    [result] = push(volunteer.client, [op("helpdesk_case", {**case, "outcome": "referred"},
                                          base_rev=1)])
    assert result["status"] == "applied", result
    assert [e.outcome for e in entries(services)] == ["referred"]
    [result] = push(volunteer.client, [op("helpdesk_case", None, operation="delete",
                                          entity_id=case["id"], base_rev=result["rev"])])
    assert result["status"] == "applied", result
    assert entries(services) == []
    with services.sessions() as s:
        assert s.scalar(select(Student.rev).where(Student.id == student)) == rev
