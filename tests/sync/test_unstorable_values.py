"""The client refuses what the server must refuse (issue 9 item 3): text with a NUL or a
lone surrogate, NaN and ±Infinity are caught at the form field and can never be queued for
sync; a value that does reach the server (an old outbox row) is rejected alone, and the
rest of the sync goes through."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import select

from homevisit import outbox
from homevisit.errors import UnstorableValue
from homevisit.i18n import Text
from homevisit.model import Member, Outbox, Visit
from homevisit.visits.forms.definition import FieldDef
from homevisit.visits.forms.validate import check_value

TODAY = dt.date(2026, 7, 1)


def _field(kind: str) -> FieldDef:
    return FieldDef(id="f", path="f", type=kind, label=Text("字段", "Field"), help=None,
                    required=False, visible_when=True, choices=None, constraints={})


@pytest.mark.parametrize("text", ["ab\x00c", "家中\ud800", "\udfff"])
def test_the_form_refuses_unstorable_text_at_the_field(text):
    for kind in ("text", "textarea", "phone", "resident_id"):
        problems = check_value(_field(kind), text, TODAY)
        assert [p.code for p in problems] == ["bad_text"], kind
        assert text not in str(problems[0].text)


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, "NaN", "Infinity"])
def test_the_form_refuses_nan_and_infinity(number):
    for kind in ("integer", "number", "money"):
        assert [p.code for p in check_value(_field(kind), number, TODAY)] == ["not_a_number"]


def test_a_bad_value_is_never_queued_and_the_rest_syncs(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok

    def bad_visit(session, answers=None, **fields):
        visit = Visit(household_id=household, mode="home", answers=answers or {}, **fields)
        outbox.save(session, visit)

    for answers, fields in (({"note": "a\ud800"}, {}), ({"a\x00b": 1}, {}),
                            ({"income": math.nan}, {}), ({}, {"score": math.inf}),
                            ({}, {"observations": "x\x00"})):
        with pytest.raises(UnstorableValue) as caught:
            d.store.run(lambda s, a=answers, f=fields: bad_visit(s, a, **f))
        assert "\ud800" not in str(caught.value) and "\x00" not in str(caught.value)
    assert d.outbox_size() == 0

    # An outbox row written before this rule existed reaches the server: only it is
    # refused (quarantined), and the good work beside it is applied.
    [member_id] = d.add_members(household, 1)
    visit_id = d.add_visit(household)

    def poison(session):
        row = session.scalars(select(Outbox).where(Outbox.entity_id == visit_id)).one()
        record = dict(row.payload["record"])
        record["answers"] = {"a\x00b": 1}  # (the store cannot even hold a lone surrogate)
        row.payload = {**row.payload, "record": record}

    d.store.run(poison)
    result = d.sync()
    assert result.ok, result.error
    assert result.pushed == 1 and result.rejected == 1
    assert d.store.run(lambda s: s.get(Member, member_id).rev) == 1
    quarantined = d.store.run(lambda s: s.scalars(select(Outbox).where(
        Outbox.quarantined.is_(True))).all())
    assert [row.entity_id for row in quarantined] == [visit_id]
    assert d.sync().ok  # and the next sync is not stuck on it
