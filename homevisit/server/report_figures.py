"""The report figures of a supervisor's scope (issue 18 item 1): coverage (家访全覆盖) per
township and school, visit statuses, flags, levels against suggested levels, visit modes,
rounds of return, policies explained and the help desks' days.

A few aggregate queries (GROUP BY), scoped by :mod:`homevisit.server.scope` exactly as the
review queue and the pull are, on SQLite and PostgreSQL alike. Nothing here names a person
or a record: the laptop keeps the answer as a snapshot (it outlives the visits it purges).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    case,
    distinct,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from homevisit.protocol.helpdesk import DeskDayStats
from homevisit.protocol.reports import (
    MODE_UNRECORDED,
    CodeCount,
    CoverageRow,
    CoverageTotals,
    FlagRow,
    LevelRow,
    ReportFigures,
    RoundsRow,
    StatusRow,
)
from homevisit.protocol.vocabulary import ReviewDecision, VisitStatus
from homevisit.server import desks
from homevisit.server.models import (
    Flag,
    HelpDesk,
    HelpDeskCase,
    Household,
    Region,
    Review,
    Student,
    Visit,
)
from homevisit.server.principal import Principal
from homevisit.server.scope import desk_filter, household_filter

TOWNSHIP_DIGITS = 9
# A visit "happened" once the counselor finalized it: a draft is a visit still being written.
PAST_DRAFT = tuple(s.value for s in VisitStatus if s is not VisitStatus.DRAFT)
UNRECORDED = MODE_UNRECORDED


def _township() -> ColumnElement[str]:
    return func.substr(Household.region_code, 1, TOWNSHIP_DIGITS)


def _visits_in_scope(p: Principal) -> Select[Any]:
    """Ids of the visits past their draft of households ``p`` may see."""
    return (select(Visit.id).join(Household, Household.id == Visit.household_id)
            .where(household_filter(p), Household.deleted == false(),
                   Visit.deleted == false(), Visit.status.in_(PAST_DRAFT)))


def _per_household() -> Subquery:
    """Per household with a visit past its draft: whether one of them is approved."""
    return (select(Visit.household_id.label("household_id"),
                   func.max(case((Visit.status == VisitStatus.APPROVED.value, 1), else_=0))
                   .label("approved"))
            .where(Visit.deleted == false(), Visit.status.in_(PAST_DRAFT))
            .group_by(Visit.household_id).subquery())


def _coverage(session: Session, p: Principal, today: dt.date
              ) -> tuple[list[CoverageRow], CoverageTotals]:
    seen = _per_household()
    visited = seen.c.household_id.is_not(None)
    counts = (
        func.count(distinct(Household.id)),
        func.count(distinct(case((Household.assigned_counselor.is_not(None), Household.id)))),
        func.count(distinct(case((visited, Household.id)))),
        func.count(distinct(case((seen.c.approved == 1, Household.id)))),
        func.count(distinct(case((Household.due_date < today, case(
            (seen.c.household_id.is_(None), Household.id)))))),
    )
    base = (select(*counts).select_from(Household)
            .outerjoin(seen, seen.c.household_id == Household.id)
            .where(household_filter(p), Household.deleted == false()))
    households, assigned, visited_n, approved, overdue = session.execute(base).one()
    totals = CoverageTotals(households=households, assigned=assigned, visited=visited_n,
                            approved=approved, overdue=overdue)
    township, school = _township(), func.coalesce(Student.school, literal(""))
    rows = session.execute(
        select(township, school, *counts[1:]).select_from(Household)
        .outerjoin(seen, seen.c.household_id == Household.id)
        .outerjoin(Student, (Student.household_id == Household.id)
                   & (Student.deleted == false()))
        .where(household_filter(p), Household.deleted == false())
        .group_by(township, school).order_by(township, school))
    return [CoverageRow(township=t, school=s, assigned=a, visited=v, approved=ap, overdue=o)
            for t, s, a, v, ap, o in rows], totals


def _statuses(session: Session, p: Principal) -> list[StatusRow]:
    township = _township()
    rows = session.execute(
        select(township, Visit.status, func.count()).select_from(Visit)
        .join(Household, Household.id == Visit.household_id)
        .where(Visit.id.in_(_visits_in_scope(p)))
        .group_by(township, Visit.status).order_by(township, Visit.status))
    return [StatusRow(township=t, status=str(s), count=n) for t, s, n in rows]


def _flags(session: Session, p: Principal) -> list[FlagRow]:
    township = _township()
    rows = session.execute(
        select(township, Flag.category, Flag.status, func.count()).select_from(Flag)
        .join(Household, Household.id == Flag.household_id)
        .where(household_filter(p), Household.deleted == false(), Flag.deleted == false())
        .group_by(township, Flag.category, Flag.status)
        .order_by(township, Flag.category, Flag.status))
    return [FlagRow(township=t, category=str(c), status=str(s), count=n)
            for t, c, s, n in rows]


def _levels(session: Session, p: Principal) -> list[LevelRow]:
    rows = session.execute(
        select(Visit.suggested_level, Visit.recommended_level, func.count())
        .where(Visit.id.in_(_visits_in_scope(p)))
        .group_by(Visit.suggested_level, Visit.recommended_level))
    found = [LevelRow(suggested=s or None, recommended=r or None, count=n) for s, r, n in rows]
    return sorted(found, key=lambda r: (r.suggested or "", r.recommended or ""))


def _modes(session: Session, p: Principal) -> list[CodeCount]:
    rows = session.execute(
        select(Visit.mode, func.count()).where(Visit.id.in_(_visits_in_scope(p)))
        .group_by(Visit.mode))
    counts: Counter[str] = Counter()
    for mode, n in rows:
        counts[str(mode) if mode else UNRECORDED] += n
    return [CodeCount(code=c, count=n) for c, n in sorted(counts.items())]


def _rounds(session: Session, p: Principal) -> list[RoundsRow]:
    """How many visits were returned 0, 1, 2 … times (one return review each time)."""
    returns = (select(Review.visit_id.label("visit_id"), func.count().label("n"))
               .where(Review.deleted == false(),
                      Review.decision == ReviewDecision.RETURN.value)
               .group_by(Review.visit_id).subquery())
    per_visit = (select(func.coalesce(returns.c.n, 0).label("returns"))
                 .select_from(Visit).outerjoin(returns, returns.c.visit_id == Visit.id)
                 .where(Visit.id.in_(_visits_in_scope(p))).subquery())
    rows = session.execute(select(per_visit.c.returns, func.count())
                           .group_by(per_visit.c.returns).order_by(per_visit.c.returns))
    return [RoundsRow(returns=r, count=n) for r, n in rows]


def _policies(session: Session, p: Principal) -> tuple[list[CodeCount], int]:
    """Policies recorded as explained (the visit's ``policies_explained`` codes): a JSON
    list, counted here rather than unnested in SQL, which SQLite and PostgreSQL spell
    differently; only that one narrow column is read."""
    counts: Counter[str] = Counter()
    with_any = 0
    for explained in session.scalars(select(Visit.policies_explained)
                                     .where(Visit.id.in_(_visits_in_scope(p)))):
        codes = {c for c in explained or () if isinstance(c, str) and c}
        with_any += bool(codes)
        counts.update(codes)
    return [CodeCount(code=c, count=n) for c, n in sorted(counts.items())], with_any


def _helpdesk(session: Session, p: Principal) -> list[DeskDayStats]:
    """Each desk in scope, per day with cases: the help-desk stats endpoint's own figures
    (:func:`homevisit.server.desks.day_stats`), not a second way to count them."""
    days = session.execute(
        select(HelpDeskCase.desk_id, HelpDeskCase.desk_date).distinct()
        .where(HelpDeskCase.desk_id.in_(select(HelpDesk.id).where(desk_filter(p))),
               HelpDeskCase.deleted == false(), HelpDeskCase.desk_date.is_not(None))).all()
    found = {desk.id: desk for desk in session.scalars(
        select(HelpDesk).where(HelpDesk.id.in_({desk_id for desk_id, _day in days})))}
    stats = [desks.day_stats(session, found[desk_id], day) for desk_id, day in days
             if day is not None]  # the query leaves none out: for the type checker
    return sorted(stats, key=lambda s: (s.day, s.site, s.desk_id))


def report_figures(session: Session, p: Principal, *, now: dt.datetime | None = None
                   ) -> ReportFigures:
    """Every figure of the dashboard for what ``p`` may see, computed now."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.date()
    coverage, totals = _coverage(session, p, today)
    policies, with_policies = _policies(session, p)
    statuses, flags = _statuses(session, p), _flags(session, p)
    codes = {row.township for rows in (coverage, statuses, flags) for row in rows
             if row.township}
    names = {code: name for code, name in session.execute(
        select(Region.code, Region.name).where(Region.code.in_(codes)))} if codes else {}
    return ReportFigures(
        computed_at=now, region_names=names, today=today, coverage=coverage, totals=totals,
        visit_statuses=statuses, flags=flags,
        levels=_levels(session, p), modes=_modes(session, p), rounds=_rounds(session, p),
        policies=policies, visits_with_policies=with_policies,
        helpdesk=_helpdesk(session, p))
