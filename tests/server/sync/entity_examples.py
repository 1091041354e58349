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

from synchelp import new_id

from homevisit.protocol.records import Entity


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
