"""Help-desk cases through the real sync engine (issue 17): two volunteers of one desk see
only their own cases, the same student handled by both that day shows on each laptop's case
after a sync, shifts arrive with the sync, and nothing of households or visits reaches a
volunteer's store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from synckit import Central, Device

from homevisit.helpdesk import cases
from homevisit.ids import id_check_character
from homevisit.model import DeskShift, HelpDeskCase, Household, Visit
from homevisit.protocol.vocabulary import LoanType
from homevisit.server.desks import add_shift

DAY = dt.date(2026, 7, 20)


def _student() -> str:
    first17 = "32032120060808123"
    return first17 + id_check_character(first17)


def _handle(device: Device, volunteer: str, number: int) -> str:
    def work(s):  # type: ignore[no-untyped-def]
        shift = s.get(DeskShift, (shift_desk(s), DAY))
        case_id = cases.open_case(s, shift, volunteer=volunteer, ticket_number=number,
                                  loan_type=LoanType.RENEWAL)
        cases.set_field(s, case_id, "student_id_number", _student())
        return case_id

    return device.store.run(work)


def shift_desk(session) -> str:  # type: ignore[no-untyped-def]
    return session.scalars(select(DeskShift.desk_id).where(DeskShift.day == DAY)).one()


def test_the_same_student_at_two_volunteers_shows_on_both_after_sync(
        central: Central, device):
    for name in ("v1", "v2"):
        central.user("volunteer", name)
        with central.services.sessions.begin() as s:
            add_shift(s, central.desk_id, name, DAY)
    counselor, _ = central.user("counselor", "c1")
    central.household(counselor)  # a household on the server: never a volunteer's
    first, second = device(central, "v1"), device(central, "v2")
    for d in (first, second):
        assert d.sync().error is None  # the first sync brings the shift
        assert d.store.run(lambda s: [x.site for x in cases.today_shifts(s, DAY)]) == [
            "欢口镇办理点"]
    mine = _handle(first, "v1", 1)
    assert first.sync().error is None
    theirs = _handle(second, "v2", 2)
    assert second.sync().error is None
    assert first.sync().error is None
    for d, own in ((first, mine), (second, theirs)):
        held = d.store.run(lambda s: {c.id: c.seen_elsewhere
                                      for c in s.scalars(select(HelpDeskCase))})
        assert held == {own: 1}  # their own case only, with the other one counted
        warning = d.store.run(lambda s, i=own: cases.duplicate_warning(
            s, s.get(HelpDeskCase, i)))
        assert warning is not None and "其他办理点或由其他志愿者" in warning.zh
        counts = d.store.run(lambda s: [s.scalar(select(func.count()).select_from(m))
                                        for m in (Household, Visit)])
        assert counts == [0, 0]
