"""The demo county's visits in every review state (issue 15 item 5), for the first demo
counselor's households: a draft, a submitted visit with undecided flags (one open, one
explained), a returned visit with comments and the counselor's answers, a revised visit
(returned, answered, version 2 submitted) and an approved one with decided flags. The
finalized ones carry a home photo, a document photo and the signatures, stored like an
upload from the counselor's laptop (so the supervisor's device can download them).

Deterministic for a seed; made-up pictures drawn here, no personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import uuid
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.durable import write_atomic
from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import FlagCategory, FlagSource, FlagStatus, VisitStatus
from homevisit.server.changes import bump, record_change
from homevisit.server.models import (
    Attachment,
    Blob,
    BlobUpload,
    CommentAnswer,
    ConsentRecord,
    Device,
    Flag,
    FlagRuling,
    Household,
    Member,
    Review,
    User,
    Visit,
    VisitVersion,
)
from homevisit.server.models.base import Base
from homevisit.server.storage import FileStorage
from homevisit.visits.scoring import load_shipped_rule_set, score

CHOICES = ["basic_information", "document_photos", "home_photos", "health_information"]
STORIES = ("draft", "submitted", "returned", "revised", "approved")


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _png(draw: Callable[[ImageDraw.ImageDraw], None], size: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, "white")
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _home(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 300, 640, 480), fill="#8db36b")  # yard
    d.rectangle((150, 180, 490, 380), fill="#c9b18f", outline="#5b4a35", width=4)
    d.polygon([(120, 190), (320, 60), (520, 190)], fill="#8c3b2e")
    d.rectangle((290, 270, 350, 380), fill="#5b4a35")  # door
    d.rectangle((190, 220, 250, 270), fill="#bcd7ea")
    d.line((200, 225, 245, 265), fill="#777777", width=3)  # a cracked window pane


def _document(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((60, 40, 580, 440), fill="#fbfaf3", outline="#444444", width=3)
    d.rectangle((80, 60, 560, 100), fill="#d8d2bd")
    for y in range(130, 420, 32):
        d.line((100, y, 540 - (y % 3) * 40, y), fill="#666666", width=4)
    d.ellipse((430, 330, 530, 430), outline="#c0392b", width=6)  # the seal


def _signature(seed: int) -> Callable[[ImageDraw.ImageDraw], None]:
    def draw(d: ImageDraw.ImageDraw) -> None:
        points = [(30 + i * 38, 70 + ((i * seed * 37) % 50) - 25) for i in range(10)]
        d.line(points, fill="#1a1a6e", width=5, joint="curve")

    return draw


class _Story:
    """Writes one household's records as the sync would have left them on the server."""

    def __init__(self, session: Session, storage: FileStorage | None, ids: _Ids,
                 counselor: str, supervisor: str, device_id: str | None) -> None:
        self.session, self.storage, self.ids = session, storage, ids
        self.counselor, self.supervisor, self.device_id = counselor, supervisor, device_id

    def add(self, entity: Entity, row: Base) -> Any:
        bump(row)
        self.session.add(row)
        self.session.flush()
        record_change(self.session, entity, row)
        return row

    def touch(self, entity: Entity, row: Base) -> None:
        bump(row)
        self.session.flush()
        record_change(self.session, entity, row)

    def answers(self, members: list[Member], wages: int) -> dict[str, Any]:
        guardian = next((m for m in members if m.is_guardian), members[0])
        people = [{"_id": m.id, "name": m.name, "relation": m.relation, "life_status": "living",
                   **({"occupation": m.occupation} if m.occupation else {})} for m in members]
        return {
            "consent": {"visit_mode": "home", "notice_version": "notice-2025-1",
                        "notice_explained": True, "guardian_name": guardian.name,
                        "guardian_relation": guardian.relation, "consent_choices": CHOICES,
                        "roster_check_authorised": False, "guardian_signed": True},
            "household": {"residence_type": "rural", "parents_divorced": False},
            "members": {"people": people},
            "income": {"wages": wages, "farming": 6000, "business": 0},
            "expenses": {"medical": 3200, "education": 2500},
            "housing": {"housing_type": "own_dilapidated", "has_car": False,
                        "has_registered_business": False, "has_second_house": False},
            "special_situations": {"student_disability": False},
            "policies": {"explained": ["student_loan"]},
            "observations": {"observations": "房屋年久失修，学生学习认真，待人有礼。"},
            "recommendation": {"level": "difficult", "counselor_signed": True},
        }

    def visit(self, household: Household, members: list[Member], status: VisitStatus,
              version: int, wages: int, day: int) -> Visit:
        started = dt.datetime(2026, 9, day, 9, 0, tzinfo=dt.UTC)
        answers = self.answers(members, wages)
        content: dict[str, Any] = {
                   "mode": "home", "form_id": "home-visit", "form_version": 1,
                   "answers": answers, "started_at": started,
                   "ended_at": started + dt.timedelta(minutes=55),
                   "observations": "房屋年久失修，学生学习认真，待人有礼。",
                   "policies_explained": ["student_loan"], "recommended_level": "difficult"}
        content.update(_scored(household, answers))
        visit = Visit(id=self.ids(), rev=0, household_id=household.id, status=status,
                      version=version, counselor=self.counselor,
                      submitted_at=started + dt.timedelta(hours=8) if version else None,
                      **content)
        self.add(Entity.VISIT, visit)
        for number in range(1, version + 1):
            self.version(visit, number)
        return visit

    def version(self, visit: Visit, number: int) -> None:
        content = {name: getattr(visit, name) for name in (
            "mode", "form_id", "form_version", "answers", "started_at", "ended_at",
            "observations", "policies_explained", "score", "score_detail", "suggested_level",
            "rule_set_id", "rule_set_version", "recommended_level")}
        if number < visit.version:  # the earlier version had lower wages written down
            answers = dict(content["answers"])
            answers["income"] = {**answers["income"], "wages": answers["income"]["wages"] // 2}
            content["answers"] = answers
            household = self.session.get(Household, visit.household_id)
            assert household is not None
            content.update(_scored(household, answers))
        self.add(Entity.VISIT_VERSION, VisitVersion(
            id=self.ids(), rev=0, visit_id=visit.id, household_id=visit.household_id,
            version=number, finalized_at=dt.datetime(2026, 9, 25, 9, tzinfo=dt.UTC)
            + dt.timedelta(days=number),
            **content))

    def attach(self, visit: Visit, doc_type: str, data: bytes) -> Attachment | None:
        if self.storage is None or self.device_id is None:
            return None
        sha = hashlib.sha256(data).hexdigest()
        key = self.storage.key_for(sha)
        if self.session.get(Blob, sha) is None:
            target = self.storage.root / key
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
            self.session.add(Blob(sha256=sha, size=len(data), storage_key=key,
                                  uploaded_by=self.counselor, device_id=self.device_id))
            self.session.flush()
        if self.session.get(BlobUpload, (sha, visit.household_id, self.device_id)) is None:
            self.session.add(BlobUpload(sha256=sha, household_id=visit.household_id,
                                        device_id=self.device_id, uploaded_by=self.counselor))
        return self.add(Entity.ATTACHMENT, Attachment(
            id=self.ids(), rev=0, household_id=visit.household_id, visit_id=visit.id,
            doc_type=doc_type, mime="image/png", size=len(data), sha256=sha))

    def captures(self, visit: Visit, seed: int) -> None:
        consent_sig = self.attach(visit, "signature_consent", _png(_signature(seed), (420, 140)))
        self.add(Entity.CONSENT, ConsentRecord(
            id=self.ids(), rev=0, visit_id=visit.id, household_id=visit.household_id,
            notice_version="notice-2025-1", choices={c: True for c in CHOICES},
            signature_attachment_id=consent_sig.id if consent_sig else None,
            signed_at=visit.started_at))
        self.attach(visit, "home_photo", _png(_home, (640, 480)))
        self.attach(visit, "income_proof", _png(_document, (640, 480)))
        self.attach(visit, "signature_guardian", _png(_signature(seed + 1), (420, 140)))
        self.attach(visit, "signature_visitor", _png(_signature(seed + 2), (420, 140)))

    def flag(self, visit: Visit, member: Member, category: FlagCategory,
             status: FlagStatus, explanation: str | None = None) -> Flag:
        public = category is FlagCategory.PUBLIC_EMPLOYEE
        return self.add(Entity.FLAG, Flag(
            id=self.ids(), rev=0, household_id=visit.household_id, visit_id=visit.id,
            member_id=member.id, source=FlagSource.DEVICE,
            rule_id="employer_type" if public else "position", category=category,
            evidence="单位类型：事业单位" if public else "职务：法定代表人",
            suggested_question="请核实工作单位与编制性质。" if public else "请核实任职情况。",
            status=status, explanation=explanation))

    def decide(self, flag: Flag, decision: str, reason: str) -> None:
        when = dt.datetime(2026, 10, 8, 10, tzinfo=dt.UTC)
        self.add(Entity.FLAG_DECISION, FlagRuling(
            id=self.ids(), rev=0, flag_id=flag.id, household_id=flag.household_id,
            visit_id=flag.visit_id, decision=decision, reason=reason,
            decided_by=self.supervisor, decided_at=when))
        flag.status = FlagStatus.CONFIRMED if decision == "confirm" else FlagStatus.DISMISSED
        flag.decision_reason, flag.decided_by, flag.decided_at = reason, self.supervisor, when
        self.touch(Entity.FLAG, flag)

    def review(self, visit: Visit, version: int, decision: str,
               comments: list[dict[str, Any]]) -> Review:
        return self.add(Entity.REVIEW, Review(
            id=self.ids(), rev=0, visit_id=visit.id, household_id=visit.household_id,
            visit_version=version, reviewer=self.supervisor, decision=decision,
            comments=comments, created_at=dt.datetime(2026, 10, 1 + version, 15,
                                                      tzinfo=dt.UTC)))

    def answer(self, review: Review, comment: dict[str, Any], text: str) -> None:
        self.add(Entity.COMMENT_ANSWER, CommentAnswer(
            id=self.ids(), rev=0, review_id=review.id, comment_id=comment["id"],
            visit_id=review.visit_id, household_id=review.household_id, text=text,
            author=self.counselor, answered_at=dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)))


def _comments(ids: _Ids, members: list[Member]) -> list[dict[str, Any]]:
    parent = next((m for m in members if m.relation != "self"), members[0])
    return [{"id": ids(), "field": "members.people.occupation", "member_id": parent.id,
             "text": f"{parent.name}的职业与单位请再核实（是否在编）"},
            {"id": ids(), "field": "income.wages", "member_id": None,
             "text": "工资性收入请补充证明材料"},
            {"id": ids(), "field": None, "member_id": None, "text": "请补拍住房的室内照片"}]


def seed_reviews(session: Session, storage: FileStorage | None, rng: random.Random, *,
                 counselor: str = "counselor1", supervisor: str = "supervisor") -> list[str]:
    """One visit per review state for ``counselor``'s first households; their ids."""
    ids = _Ids(rng)
    user = session.scalars(select(User).where(User.username == counselor)).one()
    device = Device(id=ids(), user_id=user.id, name="演示用家访笔记本")
    session.add(device)
    session.flush()
    story = _Story(session, storage, ids, counselor, supervisor, device.id)
    households = session.scalars(select(Household).where(
        Household.assigned_counselor == counselor).order_by(Household.id).limit(len(STORIES)))
    made = []
    for index, (household, kind) in enumerate(zip(households, STORIES, strict=False)):
        members = list(session.scalars(select(Member).where(
            Member.household_id == household.id).order_by(Member.is_guardian.desc(),
                                                          Member.name)))
        parents = [m for m in members if m.relation != "self"] or members
        status = {"draft": VisitStatus.DRAFT, "returned": VisitStatus.RETURNED,
                  "approved": VisitStatus.APPROVED}.get(kind, VisitStatus.SUBMITTED)
        version = {"draft": 0, "revised": 2}.get(kind, 1)
        visit = story.visit(household, members, status, version, 18000 + 1000 * index,
                            day=10 + index)
        made.append(visit.id)
        if kind == "draft":
            continue
        story.captures(visit, seed=index)
        if kind == "submitted":
            story.flag(visit, parents[0], FlagCategory.PUBLIC_EMPLOYEE, FlagStatus.OPEN)
            story.flag(visit, parents[-1], FlagCategory.CORPORATE_OFFICER,
                       FlagStatus.EXPLAINED, "公司已于 2024 年注销，营业执照注销证明已看。")
        elif kind in ("returned", "revised"):
            comments = _comments(ids, members)
            review = story.review(visit, 1, "return", comments)
            story.answer(review, comments[0], "已核实：在镇上打零工，无固定单位，不在编。")
            if kind == "revised":
                story.answer(review, comments[1], "已补拍工资流水，并按流水改正了工资收入。")
            story.flag(visit, parents[0], FlagCategory.PUBLIC_EMPLOYEE, FlagStatus.EXPLAINED,
                       "已退休多年，退休证已看。")
        else:  # approved
            confirmed = story.flag(visit, parents[0], FlagCategory.PUBLIC_EMPLOYEE,
                                   FlagStatus.EXPLAINED, "在镇卫生院做临时工。")
            dismissed = story.flag(visit, parents[-1], FlagCategory.CORPORATE_OFFICER,
                                   FlagStatus.EXPLAINED, "非监护人，已离异多年。")
            story.decide(confirmed, "confirm", "经核实为卫生院编外临时工，收入已如实填报。")
            story.decide(dismissed, "dismiss", "非共同生活的家长，不计入家庭收入。")
            story.review(visit, 1, "approve", [])
    return made


DEMO_RULE_SET = "jiangsu-2020"


def _scored(household: Household, answers: dict[str, Any]) -> dict[str, Any]:
    """The score a counselor's device would have recorded for these answers (the shipped
    rule set), so the review view's explanation adds up to the total."""
    rules = load_shipped_rule_set(DEMO_RULE_SET)
    result = score(rules, answers, {"region_code": household.region_code,
                                    "rural": household.rural})
    return {"score": float(result.total),
            "score_detail": [line._asdict() for line in result.lines],
            "suggested_level": result.suggested_level,
            "rule_set_id": rules.id, "rule_set_version": rules.version}
