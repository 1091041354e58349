"""Help desks and who staffs them (issue 17): desks with their township, opening dates and
hours; volunteer shifts (desk × volunteer × day); the per desk per day figures; and the
same student seen at several desks or by several volunteers on one day.

Callers audit; these functions only read and write the tables.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit.protocol.helpdesk import DeskDayStats, DeskIn, DeskOut, ShiftOut
from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import CaseOutcome, Role
from homevisit.server import users
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import NotFound, ShiftRefused
from homevisit.server.models import DeskShift, HelpDesk, HelpDeskCase, Region
from homevisit.server.principal import Principal
from homevisit.server.scope import desk_filter

OPEN = "open"
"""The outcome key of cases not closed yet, in the figures."""


def desk_out(desk: HelpDesk) -> DeskOut:
    return DeskOut(id=desk.id, site=desk.site, township=desk.township,
                   region_code=desk.region_code, team_id=desk.team_id, opens_on=desk.opens_on,
                   closes_on=desk.closes_on, hours=desk.hours)


def add_desk(session: Session, spec: DeskIn) -> HelpDesk:
    """A new desk; the region and team must exist, the dates be in order."""
    if spec.region_code and session.get(Region, spec.region_code) is None:
        raise NotFound()
    team = users.team_by_name(session, spec.team) if spec.team else None
    if spec.opens_on and spec.closes_on and spec.closes_on < spec.opens_on:
        raise ShiftRefused(zh="办理点的结束日期早于开始日期",
                           en="the desk closes before it opens")
    desk = HelpDesk(id=str(uuid.uuid4()), site=spec.site, township=spec.township,
                    region_code=spec.region_code, team_id=team.id if team else None,
                    opens_on=spec.opens_on, closes_on=spec.closes_on, hours=spec.hours or "")
    session.add(desk)
    session.flush()
    return desk


def desk_by_id(session: Session, desk_id: str) -> HelpDesk:
    desk = session.get(HelpDesk, desk_id)
    if desk is None:
        raise NotFound()
    return desk


def _open_on(desk: HelpDesk, day: dt.date) -> bool:
    return ((desk.opens_on is None or day >= desk.opens_on)
            and (desk.closes_on is None or day <= desk.closes_on))


def add_shift(session: Session, desk_id: str, username: str, day: dt.date) -> DeskShift:
    """``username`` staffs the desk on ``day`` (idempotent). Only volunteers, only on days
    the desk is open."""
    desk = desk_by_id(session, desk_id)
    user = users.user_by_name(session, username)
    if user.role is not Role.VOLUNTEER:
        raise ShiftRefused(zh="只有志愿者可以在办理点值班", en="only volunteers staff a desk")
    if not _open_on(desk, day):
        raise ShiftRefused(zh=f"办理点在 {day.isoformat()} 不开放",
                           en=f"the desk is not open on {day.isoformat()}")
    shift = session.execute(select(DeskShift).where(
        DeskShift.desk_id == desk_id, DeskShift.username == username,
        DeskShift.day == day)).scalar_one_or_none()
    if shift is None:
        shift = DeskShift(desk_id=desk_id, username=username, day=day)
        session.add(shift)
        session.flush()
    return shift


def remove_shift(session: Session, desk_id: str, username: str, day: dt.date) -> bool:
    gone = session.execute(delete(DeskShift).where(
        DeskShift.desk_id == desk_id, DeskShift.username == username, DeskShift.day == day))
    return bool(gone.rowcount)  # type: ignore[attr-defined]  # a DML result has rowcount


def shifts(session: Session, *, username: str | None = None,
           desk_id: str | None = None, since: dt.date | None = None) -> list[ShiftOut]:
    query = select(DeskShift, HelpDesk).join(HelpDesk, DeskShift.desk_id == HelpDesk.id)
    if username is not None:
        query = query.where(DeskShift.username == username)
    if desk_id is not None:
        query = query.where(DeskShift.desk_id == desk_id)
    if since is not None:
        query = query.where(DeskShift.day >= since)
    rows = session.execute(query.order_by(DeskShift.day, HelpDesk.site, DeskShift.username))
    return [ShiftOut(desk=desk_out(desk), username=shift.username, day=shift.day)
            for shift, desk in rows]


def staffed_desks(session: Session, p: Principal) -> set[str]:
    """The desks a volunteer may write cases for: their own desk and any desk they have a
    shift at."""
    desks = set(session.execute(select(DeskShift.desk_id).where(
        DeskShift.username == p.username)).scalars())
    if p.desk_id:
        desks.add(p.desk_id)
    return desks


def may_see_desk(session: Session, p: Principal, desk: HelpDesk) -> bool:
    """Whether ``p`` may read the desk's figures: its volunteers (totals only), the
    supervisors of its team or region, admins."""
    if p.role is Role.VOLUNTEER:
        return desk.id in staffed_desks(session, p)
    if p.role is Role.SUPERVISOR:
        return session.execute(select(HelpDesk.id).where(
            HelpDesk.id == desk.id, desk_filter(p))).first() is not None
    return p.role is Role.ADMIN


def day_stats(session: Session, desk: HelpDesk, day: dt.date) -> DeskDayStats:
    """Cases, outcomes, minutes per case and missing documents of one desk on one day."""
    cases = list(session.execute(select(HelpDeskCase).where(
        HelpDeskCase.desk_id == desk.id, HelpDeskCase.desk_date == day,
        HelpDeskCase.deleted.is_(False))).scalars())
    outcomes: Counter[str] = Counter(c.outcome or OPEN for c in cases)
    missing: Counter[str] = Counter(
        code for c in cases if c.outcome == CaseOutcome.DOCUMENTS_MISSING
        for code in c.missing_documents or ())
    minutes = [c.minutes_spent for c in cases if c.outcome and c.minutes_spent is not None]
    return DeskDayStats(
        desk_id=desk.id, site=desk.site, day=day, cases=len(cases),
        outcomes=dict(sorted(outcomes.items())),
        minutes_per_case=round(sum(minutes) / len(minutes), 1) if minutes else None,
        missing_documents=dict(sorted(missing.items())),
        loan_types=dict(sorted(Counter(c.loan_type.value for c in cases).items())))


def note_seen_elsewhere(session: Session, cases: Iterable[HelpDeskCase], *,
                        device_id: str | None) -> None:
    """The same student on the same day in several cases (another volunteer, another desk):
    each case counts the others. The pushed cases are set before their own change is
    logged; an older case whose count moves gets a new rev, so its volunteer's laptop
    pulls the count (a server-owned field: it merges with any local edit)."""
    for case in cases:
        if not case.student_id_number or case.desk_date is None or case.deleted:
            continue
        same = list(session.execute(select(HelpDeskCase).where(
            HelpDeskCase.student_id_number == case.student_id_number,
            HelpDeskCase.desk_date == case.desk_date, HelpDeskCase.deleted.is_(False),
            HelpDeskCase.id != case.id)).scalars())
        case.seen_elsewhere = len(same)
        for other in same:
            count = len(same)  # the others of ``other`` are this case and the rest
            if other.seen_elsewhere != count:
                other.seen_elsewhere = count
                bump(other)
                record_change(session, Entity.HELPDESK_CASE, other, device_id=device_id)
