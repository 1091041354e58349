"""The records behind a dashboard bar that this laptop still holds (issue 18 item 2): the
visits a :class:`~homevisit.reports.dashboard.Drill` names, for the review queue to list,
and how many of the server's count are no longer here (purged after approval, or never
pulled). Store queries, no Qt; nothing personal leaves them but visit ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.model import Flag, Household, Review, ReviewDecision, Student, Visit
from homevisit.reports.dashboard import Drill, Unit


@dataclass(frozen=True, slots=True)
class HeldRecords:
    """The visits behind a bar on this laptop, and how many of the bar's unit (households,
    visits or flags) they make."""

    visit_ids: frozenset[str]
    held: int

    def missing(self, drill: Drill) -> int:
        return max(0, drill.expected - self.held)


def held_records(session: Session, drill: Drill) -> HeldRecords:
    """The visits on this laptop that ``drill`` names."""
    query = (select(Visit.id, Visit.household_id, Visit.policies_explained)
             .join(Household, Household.id == Visit.household_id)
             .where(Visit.deleted == false(), Household.deleted == false(),
                    Visit.status.in_(sorted(drill.statuses))))
    if drill.township:
        query = query.where(Household.region_code.startswith(drill.township))
    if drill.school is not None:
        query = query.where(Visit.household_id.in_(select(Student.household_id).where(
            Student.deleted == false(), Student.school == drill.school)))
    if drill.suggested_level:
        query = query.where(Visit.suggested_level == drill.suggested_level)
    if drill.recommended_level:
        query = query.where(Visit.recommended_level == drill.recommended_level)
    if drill.mode:
        query = (query.where(Visit.mode.is_(None)) if drill.mode == "unrecorded"
                 else query.where(Visit.mode == drill.mode))
    flags = None
    if drill.flag_statuses is not None or drill.flag_category:
        flags = select(Flag.id, Flag.visit_id).where(Flag.deleted == false())
        if drill.flag_statuses is not None:
            flags = flags.where(Flag.status.in_(sorted(drill.flag_statuses)))
        if drill.flag_category:
            flags = flags.where(Flag.category == drill.flag_category)
        query = query.where(Visit.id.in_(select(flags.subquery().c.visit_id)))
    rows = session.execute(query).all()
    if drill.policy:
        rows = [r for r in rows if drill.policy in (r.policies_explained or ())]
    if drill.returns is not None:
        returned = dict(session.execute(
            select(Review.visit_id, func.count()).where(
                Review.deleted == false(), Review.decision == ReviewDecision.RETURN)
            .group_by(Review.visit_id)).all())
        rows = [r for r in rows if returned.get(r.id, 0) == drill.returns]
    ids = frozenset(r.id for r in rows)
    if drill.unit is Unit.HOUSEHOLDS:
        held = len({r.household_id for r in rows})
    elif drill.unit is Unit.FLAGS and flags is not None:
        held = len(session.execute(flags.where(Flag.visit_id.in_(ids))).all()) if ids else 0
    else:
        held = len(ids)
    return HeldRecords(ids, held)


UNITS = {Unit.HOUSEHOLDS: Text("户", " households"), Unit.VISITS: Text("条", " visits"),
         Unit.FLAGS: Text("条", " flags")}


def held_summary(drill: Drill, held: HeldRecords) -> Text:
    """What the review queue's banner says above the records of a bar."""
    unit = UNITS[drill.unit]
    text = Text(f"统计图“{drill.what.zh}”：共 {drill.expected}{unit.zh}，"
                f"本机有其中 {held.held}{unit.zh}的记录。",
                f"Chart “{drill.what.en}”: {drill.expected}{unit.en} in all; this laptop "
                f"holds {held.held} of them.")
    missing = held.missing(drill)
    if missing:
        text = Text(text.zh + f"{missing}{unit.zh}已不在本机"
                    "（审核通过后按规定清除，或未同步到本机）。",
                    text.en + f" {missing} are no longer on this laptop (purged after "
                    "approval as the policy says, or never synced here).")
    return text
