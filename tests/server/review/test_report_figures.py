"""Issue 18 item 1: the report figures of a supervisor's scope over real HTTP, SQLite and
PostgreSQL: coverage per township and school, statuses, flags, levels, modes, rounds of
return, policies explained, and the help desks' days as the stats endpoint counts them.
Scope: another team's supervisor sees none of it; counselors and volunteers get 403."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from synchelp import op, push, visit_payload

from homevisit.protocol.vocabulary import FlagCategory, FlagSource, FlagStatus, LoanType
from homevisit.server.changes import bump
from homevisit.server.models import Flag, HelpDeskCase, Household, Member, Student

FIGURES = "/api/v1/reports/figures"
VISITS = "/api/v1/review/visits"


def _submit(client, household: str, **extra) -> dict:
    visit = visit_payload(household, status="finalized", version=1, **extra)
    [result] = push(client, [op("visit", visit)])
    assert result["status"] == "applied", result
    return visit


def _decide(client, visit_id: str, decision: str, comments=None):
    r = client.post(f"{VISITS}/{visit_id}/decision", json={
        "decision": decision, "version": 1, "comments": comments or []})
    assert r.status_code == 200, r.text


def _school(services, household_id: str, school: str, *, due: dt.date | None = None) -> None:
    with services.sessions.begin() as s:
        member = s.scalars(select(Member).where(Member.household_id == household_id)).first()
        student = Student(id=str(uuid.uuid4()), rev=0, member_id=member.id,
                          household_id=household_id, school=school, grade="高一")
        bump(student)
        s.add(student)
        if due is not None:
            s.get(Household, household_id).due_date = due


def _flag(services, household_id: str, visit_id: str, status: FlagStatus,
          category: FlagCategory = FlagCategory.PUBLIC_EMPLOYEE) -> None:
    with services.sessions.begin() as s:
        flag = Flag(id=str(uuid.uuid4()), rev=0, household_id=household_id, visit_id=visit_id,
                    source=FlagSource.DEVICE, rule_id="employer_type", category=category,
                    status=status)
        bump(flag)
        s.add(flag)


def _case(services, desk_id: str, day: dt.date, outcome: str | None, minutes: int | None):
    with services.sessions.begin() as s:
        case = HelpDeskCase(id=str(uuid.uuid4()), rev=0, desk_id=desk_id, desk_date=day,
                            loan_type=LoanType.FIRST, outcome=outcome, minutes_spent=minutes)
        bump(case)
        s.add(case)


def test_figures_count_the_supervisors_scope_only(actor, make_household, services, world):
    wang, li = actor("counselor", team="a"), actor("counselor", team="b")
    sup_a, sup_b = actor("supervisor", team="a"), actor("supervisor", team="b")
    past = dt.date.today() - dt.timedelta(days=3)
    h1, h2, h3 = (make_household(wang.username, region=r)
                  for r in ("320321101", "320321101", "320321102"))
    hb = make_household(li.username, region="320322")
    _school(services, h1, "丰县中学")
    _school(services, h2, "丰县中学", due=past)  # overdue: due, never visited
    _school(services, h3, "欢口中学", due=past)  # due too, but visited: not overdue
    approved = _submit(wang.client, h1, mode="phone", policies_explained=["student_loan",
                                                                            "grant"])
    returned = _submit(wang.client, h3, policies_explained=["student_loan"],
                       suggested_level="difficult", recommended_level="very_difficult")
    push(wang.client, [op("visit", visit_payload(h2))])  # a draft: not visited
    _submit(li.client, hb)
    _decide(sup_a.client, approved["id"], "approve")
    _decide(sup_a.client, returned["id"], "return",
            [{"id": str(uuid.uuid4()), "field": "income", "text": "请补充工资流水"}])
    _flag(services, h3, returned["id"], FlagStatus.OPEN)
    _flag(services, h1, approved["id"], FlagStatus.DISMISSED,
          FlagCategory.CORPORATE_OFFICER)
    day = dt.date(2026, 7, 15)
    _case(services, world.desk_a, day, "accepted", 20)
    _case(services, world.desk_a, day, None, None)
    _case(services, world.desk_b, day, "accepted", 10)

    r = sup_a.client.get(FIGURES)
    assert r.status_code == 200, r.text
    f = r.json()
    assert dt.datetime.fromisoformat(f["computed_at"]).tzinfo is not None
    assert f["totals"] == {"households": 3, "assigned": 3, "visited": 2, "approved": 1,
                           "overdue": 1}
    assert [(c["township"], c["school"], c["assigned"], c["visited"], c["approved"],
             c["overdue"]) for c in f["coverage"]] == [
        ("320321101", "丰县中学", 2, 1, 1, 1), ("320321102", "欢口中学", 1, 1, 0, 0)]
    assert f["region_names"] == {}  # the test world has no township regions
    assert {(s["township"], s["status"]): s["count"] for s in f["visit_statuses"]} == {
        ("320321101", "approved"): 1, ("320321102", "returned"): 1}
    assert {(x["township"], x["category"], x["status"], x["count"]) for x in f["flags"]} == {
        ("320321102", "public_employee", "open", 1),
        ("320321101", "corporate_officer", "dismissed", 1)}
    assert {(x["suggested"], x["recommended"], x["count"]) for x in f["levels"]} == {
        (None, "比较困难", 1), ("difficult", "very_difficult", 1)}
    assert {x["code"]: x["count"] for x in f["modes"]} == {"home": 1, "phone": 1}
    assert {x["returns"]: x["count"] for x in f["rounds"]} == {0: 1, 1: 1}
    assert {x["code"]: x["count"] for x in f["policies"]} == {"student_loan": 2, "grant": 1}
    assert f["visits_with_policies"] == 2
    # The help-desk figures are the stats endpoint's, desk by desk and day by day.
    [desk_day] = f["helpdesk"]
    stats = sup_a.client.get(f"/api/v1/helpdesk/desks/{world.desk_a}/days/{day}/stats")
    assert stats.status_code == 200 and desk_day == stats.json()
    assert desk_day["cases"] == 2

    other = sup_b.client.get(FIGURES).json()
    assert other["totals"]["households"] == 1 and other["totals"]["visited"] == 1
    assert {c["township"] for c in other["coverage"]} == {"320322"}
    assert other["region_names"] == {"320322": "沛县"}
    assert other["flags"] == [] and other["policies"] == []
    assert [d["desk_id"] for d in other["helpdesk"]] == [world.desk_b]


def test_figures_are_for_supervisors_only(actor, world):
    for role in ("counselor", "volunteer"):
        r = actor(role).client.get(FIGURES)
        assert r.status_code == 403, r.text
    empty = actor("supervisor", team="a").client.get(FIGURES)
    assert empty.status_code == 200
    assert empty.json()["totals"] == {"households": 0, "assigned": 0, "visited": 0,
                                      "approved": 0, "overdue": 0}
