"""server/bulk.py writes what an ORM insert would, on both backends: the values read back
are the same, a column left out is one the database makes NULL anyway, and the SQLite
datetime text is SQLAlchemy's to the character (text order is time order there)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import sqlite

from homevisit.orm_types import UtcDateTime
from homevisit.protocol.vocabulary import VisitMode, VisitStatus
from homevisit.server.bulk import insert_rows, sqlite_utc_text
from homevisit.server.models import Household, Visit

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize("moment", [
    dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 1, 8, 0, 0, 1, tzinfo=CHINA),
    dt.datetime(2026, 1, 1, 0, 30, 59, 999999, tzinfo=CHINA),  # the day before, in UTC
    dt.datetime(999, 12, 31, 23, 59, tzinfo=dt.UTC),
])
def test_the_sqlite_datetime_text_is_sqlalchemys(moment):
    dialect = sqlite.dialect()
    sqlalchemys = UtcDateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    assert sqlalchemys is not None
    assert sqlite_utc_text(moment) == sqlalchemys(moment)


def test_a_naive_datetime_is_refused_as_the_orm_refuses_it():
    with pytest.raises(ValueError, match="naive"):
        sqlite_utc_text(dt.datetime(2026, 7, 1, 8, 0))


def _visit(household_id: str, **values):
    return {"id": str(uuid.uuid4()), "household_id": household_id, "rev": 1,
            "deleted": False, "status": VisitStatus.DRAFT, "version": 0,
            "visitors": [], "answers": {}, "policies_explained": [], "score_detail": [],
            "observations": "", "traits": "", "mode": None, "ended_at": None,
            "score": None, "form_id": None, **values}


def test_bulk_rows_read_back_as_orm_rows(db):
    household = Household(id=str(uuid.uuid4()), region_code="320321", rev=1)
    db.add(household)
    db.commit()
    started = dt.datetime(2026, 7, 1, 8, 0, 0, 250, tzinfo=CHINA)
    rows = [
        _visit(household.id, started_at=started, answers={"收入": 12000, "人": [1, 2]}),
        # Every nullable column NULL in one row and set in the other: nothing left out.
        _visit(household.id, started_at=None, mode=VisitMode.HOME, score=61.5,
               ended_at=started + dt.timedelta(hours=1), form_id="jiangsu-2026"),
    ]
    insert_rows(db, Visit.__table__, rows)  # type: ignore[arg-type]
    orm = Visit(**{**_visit(household.id, started_at=started,
                            answers={"收入": 12000, "人": [1, 2]}), "id": str(uuid.uuid4())})
    db.add(orm)
    db.commit()
    db.expire_all()
    first, second, by_orm = (db.get(Visit, r) for r in (rows[0]["id"], rows[1]["id"], orm.id))
    assert first is not None and second is not None and by_orm is not None
    columns = [c.key for c in Visit.__table__.columns if c.key not in ("id", "updated_at")]
    assert {c: getattr(first, c) for c in columns} == {c: getattr(by_orm, c) for c in columns}
    assert first.started_at == started and first.started_at.tzinfo is not None
    assert (second.mode, second.score, second.form_id, second.started_at) == (
        VisitMode.HOME, 61.5, "jiangsu-2026", None)
    assert second.ended_at == started + dt.timedelta(hours=1)


def test_a_column_null_in_every_row_is_left_out_only_where_that_makes_it_null(db):
    """A column with a server default would take the default if it were left out: a None
    sent for it stays NULL, as it does through the ORM."""
    table = Table(f"bulk_probe_{uuid.uuid4().hex[:8]}", MetaData(),
                  Column("id", Integer, primary_key=True),
                  Column("plain", String(10), nullable=True),
                  Column("defaulted", String(10), nullable=True, server_default="seven"))
    bind = db.get_bind()
    table.create(bind)
    try:
        insert_rows(db, table, [{"id": i, "plain": None, "defaulted": None}
                                for i in range(1, 30)])  # 29 rows: COPY on PostgreSQL
        insert_rows(db, table, [{"id": 30, "plain": None}])
        db.commit()
        got = dict(db.execute(select(table.c.id, table.c.defaulted)).all())
        assert {got[i] for i in range(1, 30)} == {None}
        assert got[30] == "seven"
        assert set(db.execute(select(table.c.plain)).scalars()) == {None}
    finally:
        db.rollback()
        table.drop(bind)
