"""Help desks on the server (issue 17): desks and volunteer shifts through the admin API and
the command line, audited; a volunteer writes cases only at desks they staff and receives
only their own cases; the same student on one day is found across desks; a supervisor's
per desk per day figures match the cases."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from synchelp import op, pull_all, push

from homevisit.ids import id_check_character
from homevisit.server import demo
from homevisit.server.cli import main
from homevisit.server.demo_desks import CASE_DAY
from homevisit.server.models import AuditEvent, DeskShift, HelpDesk, HelpDeskCase

DAY = "2026-07-20"


def student_id(seq: int) -> str:
    first17 = f"32032120060101{seq:03d}"
    return first17 + id_check_character(first17)


def case(desk_id: str, number: str, **extra) -> dict:
    return {"id": str(uuid.uuid4()), "desk_id": desk_id, "desk_date": DAY,
            "loan_type": "first", "student_name": "某学生", "student_id_number": number,
            "co_borrower_name": "某家长", "co_borrower_relation": "father", **extra}


def staff(admin, desk_id: str, username: str, day: str = DAY):
    return admin.client.post(f"/api/v1/admin/desks/{desk_id}/shifts",
                             json={"username": username, "day": day})


def test_desks_and_shifts_through_the_admin_api_are_audited_and_checked(actor, services, world):
    admin = actor("admin", team=None)
    volunteer = actor("volunteer", team="a")
    r = admin.client.post("/api/v1/admin/desks", json={
        "site": "赵庄镇办理点", "township": "赵庄镇", "region_code": "320321", "team": "team-a",
        "opens_on": "2026-07-15", "closes_on": "2026-08-31", "hours": "08:30-17:00"})
    assert r.status_code == 201, r.text
    desk = r.json()
    assert desk["hours"] == "08:30-17:00" and desk["township"] == "赵庄镇"
    assert staff(admin, desk["id"], volunteer.username).status_code == 201
    assert staff(admin, desk["id"], volunteer.username).status_code == 201  # idempotent
    closed = staff(admin, desk["id"], volunteer.username, "2026-09-01")
    assert closed.status_code == 422 and closed.json()["error"]["code"] == "shift_refused"
    assert "不开放" in closed.json()["error"]["message"]
    counselor = actor("counselor", team="a")
    assert staff(admin, desk["id"], counselor.username).json()["error"]["code"] == "shift_refused"
    bad_hours = admin.client.post("/api/v1/admin/desks", json={"site": "x", "hours": "8-5"})
    assert bad_hours.status_code == 422
    mine = volunteer.client.get("/api/v1/helpdesk/shifts").json()
    assert [(s["desk"]["site"], s["day"]) for s in mine] == [("赵庄镇办理点", DAY)]
    assert mine[0]["desk"]["hours"] == "08:30-17:00"
    removed = admin.client.post(f"/api/v1/admin/desks/{desk['id']}/shifts/remove",
                                json={"username": volunteer.username, "day": DAY})
    assert removed.status_code == 204
    assert volunteer.client.get("/api/v1/helpdesk/shifts").json() == []
    with services.sessions() as s:
        actions = [e.action for e in s.execute(select(AuditEvent).order_by(AuditEvent.id))
                   .scalars() if e.action.startswith("desk.")]
    assert actions == ["desk.add", "desk.shift_add", "desk.shift_add", "desk.shift_remove"]


def test_desk_commands_add_staff_and_list(database_url, world, people, capsys):
    volunteer, _ = people.user("volunteer", team="a")
    assert main(["--database-url", database_url, "desk", "add", "梁寨镇办理点", "--township",
                 "梁寨镇", "--region", "320321", "--team", "team-a", "--opens", "2026-07-15",
                 "--closes", "2026-08-31", "--hours", "09:00-16:00"]) == 0
    listed = capsys.readouterr().out
    line = next(x for x in listed.splitlines() if "梁寨镇办理点" in x)
    desk_id = line.split("\t")[0]
    assert "2026-07-15..2026-08-31" in line and "09:00-16:00" in line
    assert main(["--database-url", database_url, "desk", "staff", desk_id, volunteer,
                 "2026-07-20", "2026-07-21"]) == 0
    assert capsys.readouterr().out.count(volunteer) == 2
    assert main(["--database-url", database_url, "desk", "staff", desk_id, volunteer,
                 "2026-10-01"]) == 1  # closed that day: refused, nothing stored
    assert main(["--database-url", database_url, "desk", "unstaff", desk_id, volunteer,
                 "2026-07-21"]) == 0
    capsys.readouterr()
    assert main(["--database-url", database_url, "desk", "shifts", "--user", volunteer]) == 0
    out = capsys.readouterr().out
    assert "2026-07-20\t梁寨镇办理点" in out and "2026-07-21" not in out
    with people.services.sessions() as s:
        days = sorted(d.isoformat() for d in s.execute(select(DeskShift.day).where(
            DeskShift.username == volunteer)).scalars())
        audited = [e.action for e in s.execute(select(AuditEvent)).scalars()]
    assert days == ["2026-07-20"]
    assert audited.count("desk.shift_add") == 2 and "desk.shift_remove" in audited


def test_a_volunteer_writes_at_staffed_desks_and_receives_only_own_cases(actor, world):
    admin = actor("admin", team=None)
    first = actor("volunteer", team="a")
    second = actor("volunteer", team="a")
    mine = case(world.desk_a, student_id(1))
    theirs = case(world.desk_a, student_id(2))
    assert push(first.client, [op("helpdesk_case", mine)])[0]["status"] == "applied"
    assert push(second.client, [op("helpdesk_case", theirs)])[0]["status"] == "applied"
    # desk b: not this volunteer's until an admin gives them a shift there
    elsewhere = case(world.desk_b, student_id(3))
    refused = push(first.client, [op("helpdesk_case", elsewhere)])[0]
    assert refused["status"] == "rejected" and refused["reason"]["code"] == "out_of_scope"
    assert staff(admin, world.desk_b, first.username).status_code == 201
    assert push(first.client, [op("helpdesk_case", elsewhere)])[0]["status"] == "applied"
    # a colleague's case can be neither read nor written
    changes, _ = pull_all(first.client)
    assert {c["entity_id"] for c in changes} == {mine["id"], elsewhere["id"]}
    overwrite = push(first.client, [op("helpdesk_case", {**theirs, "student_name": "改"},
                                       base_rev=1)])[0]
    assert overwrite["status"] == "rejected" and overwrite["reason"]["code"] == "out_of_scope"


def test_the_same_student_on_one_day_is_found_across_desks_and_volunteers(actor, world):
    admin = actor("admin", team=None)
    first = actor("volunteer", team="a")
    other = actor("volunteer", team="b")
    assert staff(admin, world.desk_b, other.username).status_code == 201
    here = case(world.desk_a, student_id(7))
    assert push(first.client, [op("helpdesk_case", here)])[0]["rev"] == 1
    there = case(world.desk_b, student_id(7))
    assert push(other.client, [op("helpdesk_case", there)])[0]["status"] == "applied"
    theirs, _ = pull_all(other.client)
    assert [c["record"]["seen_elsewhere"] for c in theirs] == [1]
    ours, _ = pull_all(first.client)
    latest = max(ours, key=lambda c: c["rev"])
    assert latest["entity_id"] == here["id"] and latest["record"]["seen_elsewhere"] == 1
    # the first volunteer's edit, based on the rev they pushed, merges with the count:
    # a conflict names the server copy, whose count the laptop keeps (server-owned)
    edit = push(first.client, [op("helpdesk_case", {**here, "problems": "户口簿未带"},
                                  base_rev=1)])[0]
    assert edit["status"] == "conflict" and edit["server_record"]["seen_elsewhere"] == 1


def test_a_supervisor_reads_desk_figures_that_match_the_cases(actor, world):
    volunteer = actor("volunteer", team="a")
    cases = [
        case(world.desk_a, student_id(10), outcome="accepted", minutes_spent=10,
             closed_at="2026-07-20T02:10:00Z"),
        case(world.desk_a, student_id(11), outcome="documents_missing", minutes_spent=14,
             missing_documents=["hukou_book_original", "application_form"]),
        case(world.desk_a, student_id(12), loan_type="renewal", outcome="documents_missing",
             minutes_spent=6, missing_documents=["hukou_book_original"]),
        case(world.desk_a, student_id(13), loan_type="renewal"),  # still open
    ]
    assert all(r["status"] == "applied"
               for r in push(volunteer.client, [op("helpdesk_case", c) for c in cases]))
    supervisor = actor("supervisor", team="a")
    r = supervisor.client.get(f"/api/v1/helpdesk/desks/{world.desk_a}/days/{DAY}/stats")
    assert r.status_code == 200, r.text
    stats = r.json()
    assert stats["cases"] == 4
    assert stats["outcomes"] == {"accepted": 1, "documents_missing": 2, "open": 1}
    assert stats["minutes_per_case"] == 10.0
    assert stats["missing_documents"] == {"application_form": 1, "hukou_book_original": 2}
    assert stats["loan_types"] == {"first": 2, "renewal": 2}
    assert "某学生" not in r.text and student_id(10) not in r.text
    # the volunteer who staffs the desk reads the same totals; another team's supervisor
    # and a volunteer of no shift there see nothing
    mine = volunteer.client.get(f"/api/v1/helpdesk/desks/{world.desk_a}/days/{DAY}/stats")
    assert mine.json() == stats
    foreign = actor("supervisor", team="b").client.get(
        f"/api/v1/helpdesk/desks/{world.desk_a}/days/{DAY}/stats")
    assert foreign.status_code == 404
    stranger = actor("volunteer", team="b").client.get(
        f"/api/v1/helpdesk/desks/{world.desk_a}/days/{DAY}/stats")
    assert stranger.status_code == 404


def test_the_demo_county_has_two_desks_with_a_day_of_cases(services, db):
    demo.seed(db, services.passwords, seed=3, households=6)
    db.commit()
    desks = db.execute(select(HelpDesk).order_by(HelpDesk.site)).scalars().all()
    assert len(desks) == 2 and all(d.hours and d.township for d in desks)
    cases = db.execute(select(HelpDeskCase)).scalars().all()
    assert {c.desk_id for c in cases} == {d.id for d in desks}
    assert {c.desk_date for c in cases} == {CASE_DAY}
    assert sum(c.seen_elsewhere for c in cases) == 2  # one student came to both desks
    shifts = db.execute(select(DeskShift)).scalars().all()
    assert {s.username for s in shifts} == {"volunteer1", "volunteer2"}
