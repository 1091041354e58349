"""One valid push payload per synced record kind (the sync policy checklist's last step).

``EXAMPLES[entity](ctx)`` builds the payload inside a household assigned to the pushing
counselor (or at the volunteer's desk); tests/server/sync/test_push_every_entity.py pushes
each as every device role and checks the answer against the policy table. ``visit_id`` is a
submitted visit with an undecided flag ``flag_id``; ``returned_visit_id`` was returned by
review ``review_id`` with comment ``comment_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from synchelp import new_id, op, push, sha, upload, visit_payload

from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.models import AidEntry, Member, Student


@dataclass
class Context:
    household_id: str
    member_id: str
    visit_id: str
    desk_id: str
    blob_sha256: str  # bytes already uploaded for this household (attachments need them)
    blob_size: int
    role: str = "counselor"  # who pushes
    flag_id: str = ""
    returned_visit_id: str = ""
    review_id: str = ""
    comment_id: str = ""
    handback_id: str = ""  # a hand-back the counselor requested, awaiting an answer
    colleague: str = ""  # another counselor (a joint visit)
    other_office: str = ""  # another office's supervisor (委托家访)


Example = Callable[[Context], dict[str, Any]]

EXAMPLES: dict[Entity, Example] = {
    Entity.HOUSEHOLD: lambda c: {"id": c.household_id, "region_code": "320321",
                                 "address": "东村 2 号"},
    Entity.MEMBER: lambda c: {"id": new_id(), "household_id": c.household_id, "name": "王芳",
                              "relation": "mother"},
    Entity.STUDENT: lambda c: {"id": new_id(), "member_id": c.member_id,
                               "household_id": c.household_id, "school": "丰县中学"},
    Entity.ASSIGNMENT: lambda c: {"id": new_id(), "household_id": c.household_id,
                                  "counselor": "someone", "assigned_at":
                                  "2026-07-01T08:00:00+00:00"},
    Entity.VISIT: lambda c: {"id": new_id(), "household_id": c.household_id,
                             "status": "draft", "mode": "home"},
    Entity.VISIT_VERSION: lambda c: {"id": new_id(), "visit_id": c.visit_id,
                                     "household_id": c.household_id, "version": 1,
                                     "mode": "home"},
    # The guardian agreed to home photos: the attachment example below needs it.
    Entity.CONSENT: lambda c: {"id": new_id(), "visit_id": c.visit_id,
                               "household_id": c.household_id, "notice_version": "2026-1",
                               "choices": {"home_photos": True}},
    Entity.ATTACHMENT: lambda c: {"id": new_id(), "household_id": c.household_id,
                                  "visit_id": c.visit_id, "doc_type": "home_photo",
                                  "mime": "image/jpeg", "size": c.blob_size,
                                  "sha256": c.blob_sha256},
    Entity.FLAG: lambda c: {"id": new_id(), "household_id": c.household_id,
                            "visit_id": c.visit_id,
                            "source": "supervisor" if c.role == "supervisor" else "device",
                            "rule_id": "employer_type", "category": "public_employee"},
    Entity.REVIEW: lambda c: {"id": new_id(), "visit_id": c.visit_id,
                              "household_id": c.household_id, "visit_version": 1,
                              "reviewer": "sup", "decision": "return",
                              "comments": [{"id": new_id(), "field": "answers.income",
                                            "text": "请核实收入"}]},
    Entity.FLAG_DECISION: lambda c: {"id": new_id(), "flag_id": c.flag_id,
                                     "household_id": c.household_id, "visit_id": c.visit_id,
                                     "decision": "dismiss", "reason": "已退休"},
    Entity.COMMENT_ANSWER: lambda c: {"id": new_id(), "review_id": c.review_id,
                                      "comment_id": c.comment_id,
                                      "visit_id": c.returned_visit_id,
                                      "household_id": c.household_id, "text": "已补充"},
    Entity.HELPDESK_CASE: lambda c: {"id": new_id(), "desk_id": c.desk_id,
                                     "loan_type": "first"},
    Entity.APPOINTMENT: lambda c: {"id": new_id(), "household_id": c.household_id,
                                   "starts_at": "2026-07-02T09:30:00+08:00", "mode": "home",
                                   "note": "下午放学后"},
    Entity.HANDBACK: lambda c: {"id": new_id(), "household_id": c.household_id,
                                "reason": "moved_away", "note": "已搬至外县"},
    Entity.HANDBACK_DECISION: lambda c: {"id": new_id(), "handback_id": c.handback_id,
                                         "household_id": c.household_id,
                                         "decision": "decline", "note": "请再联系一次"},
    Entity.DELEGATION: lambda c: {
        "id": new_id(), "household_id": c.household_id,
        "kind": "office" if c.role == "supervisor" else "joint",
        "delegate": c.other_office if c.role == "supervisor" else c.colleague},
    Entity.PROPOSAL: lambda c: {
        "id": new_id(), "region_code": "320321", "address": "东村 9 号",
        "contact_name": "李桂英", "reasons": ["sudden_hardship"],
        "notice_version": "notice-2025-1", "consented_at": "2026-07-01T08:00:00+00:00"},
    # Server-written: every device role's push of it is refused.
    Entity.AID_ENTRY: lambda c: {"id": new_id(), "student_id": new_id(),
                                 "household_id": c.household_id, "kind": "grant",
                                 "school_year": 2026, "amount_fen": 150000,
                                 "source": "import", "title": "国家助学金"},
}


def reviewed_world(counselor, supervisor, household_id: str) -> dict[str, str]:
    """A submitted visit with an open flag, and a second visit returned with a comment."""
    visit = visit_payload(household_id, status="finalized", version=1)
    returned = visit_payload(household_id, status="finalized", version=1)
    flag = {"id": new_id(), "household_id": household_id, "visit_id": visit["id"],
            "source": "device", "rule_id": "employer_type", "category": "public_employee"}
    results = push(counselor.client, [op("visit", visit), op("visit", returned),
                                      op("flag", flag)])
    assert [r["status"] for r in results] == ["applied"] * 3, results
    comment_id = new_id()
    r = supervisor.client.post(f"/api/v1/review/visits/{returned['id']}/decision", json={
        "decision": "return", "version": 1,
        "comments": [{"id": comment_id, "field": "answers.income", "text": "请核实"}]})
    assert r.status_code == 200, r.text
    handback = {"id": new_id(), "household_id": household_id, "reason": "unreachable"}
    [requested] = push(counselor.client, [op("handback", handback)])
    assert requested["status"] == "applied", requested
    return {"visit_id": visit["id"], "flag_id": flag["id"], "returned_visit_id":
            returned["id"], "review_id": r.json()["id"], "comment_id": comment_id,
            "handback_id": handback["id"]}


# Values a database's JSON would render otherwise than the wire: a float needing 17 digits,
# microseconds, nested answers with fractions and Chinese text.
AWKWARD_VISIT = {"score": 0.1 + 0.2, "started_at": "2026-07-01T08:00:00.123456+08:00",
                 "ended_at": "2026-07-01T09:30:00.000001+00:00",
                 "answers": {"income": 12345.678, "note": "家中\"整洁\"\n", "list": [1, 2.5]}}


def records_of_every_kind(actor, make_household, services, world) -> dict[str, Any]:
    """A household of a team-a counselor holding a record of every synced kind, each pushed
    by the first of counselor, supervisor and volunteer whose push is applied (aid entries
    are server-written: stored directly), plus a finalized visit of awkward values
    (``AWKWARD_VISIT``). Returns the actors, the household and the awkward visit's id."""
    counselor, supervisor = actor("counselor"), actor("supervisor", team="a")
    volunteer = actor("volunteer", desk="a")
    household_id = make_household(counselor.username)
    made = reviewed_world(counselor, supervisor, household_id)
    with services.sessions() as s:
        member_id = s.scalar(select(Member.id).where(Member.household_id == household_id))
    photo = b"\xff\xd8\xff" + b"photo" * 20
    upload(counselor.client, photo, household_id)
    awkward = visit_payload(household_id, status="finalized", version=1, **AWKWARD_VISIT)
    [result] = push(counselor.client, [op("visit", awkward)])
    assert result["status"] == "applied", result
    pushers = (("counselor", counselor), ("supervisor", supervisor), ("volunteer", volunteer))
    colleague, other_office = actor("counselor"), actor("supervisor", team="b")
    for entity, example in EXAMPLES.items():
        if entity in (Entity.HOUSEHOLD, Entity.MEMBER, Entity.ASSIGNMENT, Entity.AID_ENTRY):
            continue  # made above (assignments are the server's), or below
        for role, who in pushers:
            context = Context(household_id, member_id, made["visit_id"], world.desk_a,
                              sha(photo), len(photo), role=role, flag_id=made["flag_id"],
                              returned_visit_id=made["returned_visit_id"],
                              review_id=made["review_id"], comment_id=made["comment_id"],
                              handback_id=made["handback_id"],
                              colleague=colleague.username,
                              other_office=other_office.username)
            [result] = push(who.client, [op(entity.value, example(context))])
            if result["status"] == "applied":
                break
        else:
            raise AssertionError(f"nobody could push a {entity.value}: {result}")
    with services.sessions.begin() as s:
        student_id = s.scalar(select(Student.id).where(Student.household_id == household_id))
        entry = AidEntry(id=new_id(), rev=0, student_id=student_id, household_id=household_id,
                         kind="grant", school_year=2026, amount_fen=150000, source="import",
                         title="国家助学金")
        bump(entry)
        s.add(entry)
        s.flush()
        record_change(s, Entity.AID_ENTRY, entry)
    return {"counselor": counselor, "supervisor": supervisor, "volunteer": volunteer,
            "household_id": household_id, "awkward_visit_id": awkward["id"], **made}
