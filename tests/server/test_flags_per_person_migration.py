"""Server revision 0005 folds device flags stored one per rule into one per member and
category (SQLite, and PostgreSQL when HOMEVISIT_TEST_PG_URL is set): tombstones and changes
for what went, a decided flag never folded away."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from homevisit.server.db import make_engine, migrate
from homevisit.server.models import Change, Flag, Household
from tests.server.conftest import PG_URL

BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
NOW = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)


@pytest.fixture(params=BACKENDS)
def engine_before_0005(request, tmp_path) -> Iterator[object]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
        migrate(engine, "0004")
        yield engine
        engine.dispose()
        return
    schema = f"hv_fold_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    migrate(engine, "0004")
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _trigger(rule: str, field: str, member_index: int, member_id: str | None) -> dict:
    return {"rule_id": rule, "category": "public_employee", "member_index": member_index,
            "member_id": member_id, "trigger_field": f"members.people.{member_index}.{field}",
            "trigger_value": "v", "evidence": {"zh": f"{field}。", "en": f"{field}."},
            "question": {"zh": "问", "en": "ask"}, "status": "open", "source": "device"}


def _flag(household_id: str, rule: str, field: str, status: str, *, index: int = 1,
          member: str | None = "m-father", explanation: str | None = None) -> dict:
    return {"id": str(uuid.uuid4()), "rev": 1, "deleted": False, "updated_at": NOW,
            "household_id": household_id, "visit_id": "v-1", "source": "device",
            "rule_id": rule, "category": "public_employee", "evidence": f"{field}。",
            "trigger": _trigger(rule, field, index, member), "status": status,
            "explanation": explanation}


def test_device_flags_fold_into_one_per_member_and_category(engine_before_0005) -> None:
    from sqlalchemy.orm import Session

    with Session(engine_before_0005) as session:
        household = Household(id=str(uuid.uuid4()), region_code="320826", address="红窑镇1号",
                              rural=True, special_categories=[], rev=1, deleted=False,
                              updated_at=NOW, team_id=None)
        session.add(household)
        session.flush()
        rows = [
            _flag(household.id, "flag.occupation.public_post", "occupation", "open"),
            _flag(household.id, "flag.employer_type.public_finance", "employer_type",
                  "explained", explanation="已退休"),
            _flag(household.id, "flag.employer_name.public_body", "employer", "confirmed"),
            _flag(household.id, "flag.occupation.public_post", "occupation", "open",
                  index=2, member="m-mother"),
        ]
        session.execute(Flag.__table__.insert(), rows)
        session.commit()

    migrate(engine_before_0005)

    with Session(engine_before_0005) as session:
        flags = {f.id: f for f in session.query(Flag)}
        changes = {(c.entity_id, c.deleted) for c in session.query(Change)}
    occupation, employer_type, decided, mother = (flags[r["id"]] for r in rows)
    # The decision carries the father's flag; every rule is its evidence; nothing decided goes.
    assert not decided.deleted and decided.status == "confirmed"
    assert sorted(r["rule_id"] for r in decided.trigger["rules"]) == [
        "flag.employer_name.public_body", "flag.employer_type.public_finance",
        "flag.occupation.public_post"]
    assert decided.explanation == "已退休" and decided.member_id == "m-father"
    assert occupation.deleted and employer_type.deleted
    assert (occupation.rev, decided.rev) == (2, 2)
    # The mother's single flag is rewritten in the new shape, not folded into the father's.
    assert not mother.deleted and len(mother.trigger["rules"]) == 1
    assert {(occupation.id, True), (employer_type.id, True), (decided.id, False),
            (mother.id, False)} <= changes
    undecided = [f for f in flags.values() if not f.deleted and f.status in ("open",
                                                                              "explained")]
    assert len(undecided) == 1  # the review queue now counts the mother, once
