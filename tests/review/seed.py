"""A supervisor's store as a sync leaves it: households with a student, finalized visits
with their versions, flags and attachment rows (made-up data, no real person's). Shared by
the review tests and bench/bench_review.py."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from typing import Any

from homevisit.model import (
    Attachment,
    Flag,
    Household,
    Member,
    Student,
    Visit,
    VisitStatus,
    VisitVersion,
    new_id,
)
from homevisit.protocol.vocabulary import FlagCategory, FlagSource, FlagStatus
from homevisit.store import Store
from homevisit.vault import Vault
from tests.visitlogic.visit_examples import complete_answers, make_id

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("小明", "晓红", "建国", "秀英", "志强", "丽娟", "海燕", "子涵", "浩然", "欣怡",
         "宇航", "思雨")
SCHOOLS = ("丰县中学", "丰县第二中学", "沛县中学", "欢口镇中学")
TOWNSHIPS = ("320321101", "320321102", "320322103")
COUNSELORS = ("teacher-li", "teacher-wang", "teacher-zhao")
STATUSES = (VisitStatus.SUBMITTED, VisitStatus.SUBMITTED, VisitStatus.RETURNED,
            VisitStatus.APPROVED, VisitStatus.SUBMITTED)
LEVELS = ("especially_difficult", "difficult", "generally_difficult", "not_recognised")
START = dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Seeded:
    visit_id: str
    household_id: str
    student: str
    student_id_number: str


def answers_for(student: str, father: str, number: str) -> dict[str, Any]:
    answers = complete_answers()
    answers["consent"]["student_id_number"] = number
    people = answers["members"]["people"]
    people[0]["name"], people[1]["name"] = student, father
    return answers


def seed_visit(session: Any, index: int, *, status: VisitStatus | None = None,
               flags: int | None = None, rng: random.Random | None = None) -> Seeded:
    rng = rng or random.Random(index)
    student = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
    father = student[0] + "大山"
    number = make_id("20100305", f"{index % 1000:03d}", region="320321")
    household = Household(id=new_id(), region_code=TOWNSHIPS[index % len(TOWNSHIPS)],
                          address=f"测试村 {index} 号", rev=1)
    session.add(household)
    pupil = Member(id=new_id(), household=household, name=student, relation="self",
                   id_number=number, rev=1)
    session.add(pupil)
    session.add(Member(household=household, name=father, relation="father",
                       is_guardian=True, rev=1))
    session.add(Student(member_id=pupil.id, household_id=household.id,
                        school=SCHOOLS[index % len(SCHOOLS)], grade="高一", rev=1))
    answers = answers_for(student, father, number)
    started = START + dt.timedelta(hours=index)
    content = dict(mode="home", answers=answers, started_at=started,
                   ended_at=started + dt.timedelta(minutes=50), form_id="home-visit",
                   form_version=1, score=float(40 + index % 40),
                   score_detail=[{"rule_id": "region.subei", "zh": "苏北地区", "en": "Subei",
                                  "points": 10}],
                   suggested_level="generally_difficult",
                   recommended_level=LEVELS[index % len(LEVELS)],
                   recommendation_reason="" if index % 4 == 2 else "家庭情况特殊")
    visit = Visit(household_id=household.id,
                  status=status or STATUSES[index % len(STATUSES)], version=1,
                  counselor=COUNSELORS[index % len(COUNSELORS)], rev=1, **content)
    session.add(visit)
    session.flush()
    session.add(VisitVersion(visit_id=visit.id, household_id=household.id, version=1,
                             finalized_at=content["ended_at"], rev=1, **content))
    for n in range((index // 2) % 3 if flags is None else flags):
        session.add(Flag(household_id=household.id, visit_id=visit.id,
                         source=FlagSource.DEVICE, rule_id=f"rule-{n}",
                         category=FlagCategory.PUBLIC_EMPLOYEE if n % 2 == 0
                         else FlagCategory.CORPORATE_OFFICER,
                         evidence="职业：公务员", status=FlagStatus.OPEN if n == 0
                         else FlagStatus.EXPLAINED, explanation=None if n == 0 else "已退休",
                         rev=1))
    return Seeded(visit.id, household.id, student, number)


def seed_queue(store: Store, count: int, batch: int = 500) -> list[Seeded]:
    """``count`` synced visits (in batches, one transaction each)."""
    out: list[Seeded] = []
    for start in range(0, count, batch):
        out += store.run(lambda s, a=start: [
            seed_visit(s, i) for i in range(a, min(count, a + batch))])
    return out


def add_photos(store: Store, vault: Vault, seeded: Seeded, images: list[bytes]) -> list[str]:
    """Cached attachments of ``seeded``'s visit (as prefetch leaves them)."""
    ids = []
    for number, data in enumerate(images):
        stored = vault.put_stream(io.BytesIO(data))
        ids.append(store.run(lambda s, st=stored, n=number: _attachment(s, seeded, st, n)))
    return ids


def _attachment(session: Any, seeded: Seeded, stored: Any, number: int) -> str:
    row = Attachment(household_id=seeded.household_id, visit_id=seeded.visit_id,
                     doc_type="home_photo" if number else "document_photo", mime="image/png",
                     size=stored.size, sha256=stored.sha256, vault_file_id=stored.file_id,
                     file_key=stored.key, uploaded=True, rev=1)
    session.add(row)
    session.flush()
    return row.id
