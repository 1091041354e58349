"""What the decision dialogs show about their subject (no Qt): a flag in a few lines, and
the household's members a flag can be raised on. Read on the store worker; names are
shown to the supervisor, ID numbers never are."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import StoreError
from homevisit.i18n import Text
from homevisit.model import Flag, Member
from homevisit.protocol.vocabulary import FlagCategory, FlagStatus
from homevisit.review.decisions import FLAG_NOT_FOUND, visit_of
from homevisit.visits.codelists import load_codelist
from homevisit.visits.flag_rows import flag_view

CATEGORY_LABELS: dict[FlagCategory, Text] = {
    FlagCategory.PUBLIC_EMPLOYEE: Text("财政供养人员", "Paid from public finance"),
    FlagCategory.CORPORATE_OFFICER: Text("企业法人代表或高管",
                                         "Company legal representative or officer"),
}
STATUS_LABELS: dict[FlagStatus, Text] = {
    FlagStatus.OPEN: Text("待核实", "Open"),
    FlagStatus.EXPLAINED: Text("辅导员已说明", "Explained by the counselor"),
    FlagStatus.CONFIRMED: Text("已确认", "Confirmed"),
    FlagStatus.DISMISSED: Text("已排除", "Dismissed"),
}


@dataclass(frozen=True, slots=True)
class FlagBrief:
    id: str
    category: Text
    status: Text
    member: str  # "王大山（父亲）", or "" for the household
    evidence: tuple[Text, ...]
    explanation: str | None


@dataclass(frozen=True, slots=True)
class MemberChoice:
    id: str
    label: str  # name and relation


def _member_label(member: Member) -> str:
    relation = load_codelist("relations").label(member.relation).zh if member.relation else ""
    return f"{member.name}（{relation}）" if relation else member.name


def flag_brief_in(session: Session, flag_id: str) -> FlagBrief:
    row = session.get(Flag, flag_id)
    if row is None or row.deleted:
        raise StoreError(FLAG_NOT_FOUND)
    view = flag_view(row)
    member = session.get(Member, view.member_id) if view.member_id else None
    return FlagBrief(row.id, CATEGORY_LABELS[FlagCategory(row.category)],
                     STATUS_LABELS[FlagStatus(row.status)],
                     _member_label(member) if member is not None else "",
                     view.rules or (view.evidence,), view.explanation)


def members_in(session: Session, visit_id: str) -> list[MemberChoice]:
    """The members of the visit's household, guardians first."""
    visit = visit_of(session, visit_id)
    members = session.scalars(select(Member).where(
        Member.household_id == visit.household_id, Member.deleted.is_(False))
        .order_by(Member.is_guardian.desc(), Member.name))
    return [MemberChoice(m.id, _member_label(m)) for m in members]
