"""Rules the schema itself enforces: read-only versions, unreused op ids, derived fields."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from homevisit.ids import Sex
from homevisit.model import (
    Household,
    Member,
    Outbox,
    OutboxOperation,
    SyncState,
    Visit,
    VisitMode,
    VisitStatus,
    VisitVersion,
)
from homevisit.store import Store


def _visit_with_version(store: Store) -> str:
    def write(session) -> str:  # type: ignore[no-untyped-def]
        household = Household(region_code="320102")
        visit = Visit(household_id=household.id, status=VisitStatus.FINALIZED, version=1)
        version = VisitVersion(
            visit_id=visit.id,
            household_id=household.id,
            version=1,
            mode=VisitMode.HOME,
            answers={"q1": "yes"},
            finalized_at=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC),
        )
        session.add_all([household, visit, version])
        return version.id

    return store.run(write)


def test_a_finalized_version_cannot_be_rewritten(store: Store) -> None:
    version_id = _visit_with_version(store)

    def rewrite(session) -> None:  # type: ignore[no-untyped-def]
        session.get(VisitVersion, version_id).answers = {"q1": "no"}

    with pytest.raises(IntegrityError, match="read-only"):
        store.run(rewrite)

    def rescore(session) -> None:  # type: ignore[no-untyped-def]
        session.get(VisitVersion, version_id).rule_set_version = 2  # issue 16: never

    with pytest.raises(IntegrityError, match="read-only"):
        store.run(rescore)

    def acknowledge(session) -> None:  # type: ignore[no-untyped-def]
        session.get(VisitVersion, version_id).rev = 7  # sync bookkeeping is allowed

    store.run(acknowledge)
    version = store.run(lambda s: s.get(VisitVersion, version_id))
    assert (version.rev, version.answers, version.mode) == (7, {"q1": "yes"}, VisitMode.HOME)
    assert version.finalized_at == dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def test_outbox_op_ids_are_never_reused_after_acknowledgement(store: Store) -> None:
    def enqueue(session) -> list[int]:  # type: ignore[no-untyped-def]
        ops = [
            Outbox(entity="household", entity_id=f"id-{i}", operation=OutboxOperation.UPSERT)
            for i in range(3)
        ]
        session.add_all(ops)
        session.flush()
        return [op.op_id for op in ops]

    first = store.run(enqueue)
    store.run(lambda s: s.execute(delete(Outbox)))  # all acknowledged
    second = store.run(enqueue)
    assert min(second) > max(first)


def test_birth_date_and_sex_come_from_the_resident_id(store: Store) -> None:
    def write(session) -> str:  # type: ignore[no-untyped-def]
        household = Household(region_code="320102")
        member = Member(
            household_id=household.id, name="某", relation="father", id_number=" 110105194912310011"
        )
        session.add_all([household, member])
        return member.id

    member_id = store.run(write)
    member = store.run(lambda s: s.get(Member, member_id))
    assert (member.id_number, member.birth_date, member.sex) == (
        "110105194912310011",
        dt.date(1949, 12, 31),
        Sex.MALE,
    )


def test_sync_state_has_exactly_one_row(store: Store) -> None:
    store.run(lambda s: s.add(SyncState(device_id="dev")))
    with pytest.raises(IntegrityError):
        store.run(lambda s: s.add(SyncState(id=2)))
    assert store.run(lambda s: s.scalars(select(SyncState.device_id)).all()) == ["dev"]


def test_a_member_may_arrive_before_its_household_within_a_transaction(store: Store) -> None:
    # Pull pages are applied in server order; foreign keys are checked at commit.
    def apply_page(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Member(id="m-1", household_id="h-1", name="甲", relation="father"))
        session.flush()
        session.add(Household(id="h-1", region_code="320102"))

    store.run(apply_page)

    def orphan(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Member(household_id="nowhere", name="乙", relation="father"))

    with pytest.raises(IntegrityError):
        store.run(orphan)


def test_json_columns_take_wire_models_and_dates(store: Store) -> None:
    from homevisit.model import Review, ReviewDecision
    from homevisit.protocol.records import ReviewComment

    def write(session) -> str:  # type: ignore[no-untyped-def]
        household = Household(region_code="320102")
        visit = Visit(household_id=household.id)
        review = Review(
            visit_id=visit.id,
            household_id=household.id,
            visit_version=1,
            reviewer="sup",
            decision=ReviewDecision.RETURN,
            comments=[ReviewComment(id="c0000000-0000-4000-8000-000000000001",
                                    field="income.wages", text="请补充工资收入证明")],
        )
        household.special_categories = ["dibao"]
        session.add_all([household, visit, review])
        session.add(
            Outbox(
                entity="x", entity_id="y", operation="upsert", payload={"due": dt.date(2026, 10, 1)}
            )
        )
        return review.id

    review_id = store.run(write)
    comments = store.run(lambda s: s.get(Review, review_id).comments)
    assert comments == [{"id": "c0000000-0000-4000-8000-000000000001", "field": "income.wages",
                         "member_id": None, "text": "请补充工资收入证明"}]
    assert store.run(lambda s: s.scalars(select(Outbox.payload)).one()) == {"due": "2026-10-01"}
