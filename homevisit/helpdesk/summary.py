"""The end-of-day summary on the laptop: this volunteer's cases of one desk and day, in
figures (the server's per desk figures add the other volunteers)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.helpdesk.documents import Checklist, current_checklist
from homevisit.i18n import Text
from homevisit.model import DeskShift, HelpDeskCase
from homevisit.protocol.vocabulary import CaseOutcome

OPEN = "open"


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: dt.date
    cases: int
    outcomes: dict[str, int]
    minutes_per_case: float | None
    missing_documents: dict[str, int]
    open_tickets: list[int]
    """Cases called but not closed yet (their ticket numbers)."""
    desk_cases: int | None = None
    """Every volunteer's cases at this desk that day, as of the last sync."""
    checklist: Checklist | None = None
    """The checklist in force (names of the missing documents)."""


def day_summary(session: Session, desk_id: str, day: dt.date) -> DaySummary:
    cases = list(session.scalars(select(HelpDeskCase).where(
        HelpDeskCase.desk_id == desk_id, HelpDeskCase.desk_date == day,
        HelpDeskCase.deleted.is_(False))))
    minutes = [c.minutes_spent for c in cases if c.closed_at and c.minutes_spent is not None]
    missing = Counter(code for c in cases if c.outcome == CaseOutcome.DOCUMENTS_MISSING
                      for code in c.missing_documents or ())
    return DaySummary(
        day=day, cases=len(cases),
        outcomes=dict(sorted(Counter(c.outcome or OPEN if c.closed_at else OPEN
                                     for c in cases).items())),
        minutes_per_case=round(sum(minutes) / len(minutes), 1) if minutes else None,
        missing_documents=dict(sorted(missing.items())),
        open_tickets=sorted(c.ticket_number or 0 for c in cases if not c.closed_at),
        desk_cases=_desk_cases(session, desk_id, day), checklist=current_checklist(session))


def _desk_cases(session: Session, desk_id: str, day: dt.date) -> int | None:
    shift = session.get(DeskShift, (desk_id, day))
    count = (shift.desk_totals or {}).get("cases") if shift is not None else None
    return count if isinstance(count, int) else None


OUTCOME_WORDS = {
    CaseOutcome.ACCEPTED.value: Text("已受理", "accepted"),
    CaseOutcome.DOCUMENTS_MISSING.value: Text("材料不全", "documents missing"),
    CaseOutcome.REFERRED.value: Text("转介", "referred"),
    OPEN: Text("未结束", "open"),
}


def summary_text(summary: DaySummary, lang: str) -> str:
    """The end-of-day summary in plain words (no names, no ID numbers)."""
    checklist = summary.checklist or current_checklist()

    def say(text: Text) -> str:
        return text.in_language(lang)

    lines = [say(Text("{day}：共 {n} 人", "{day}: {n} applicant(s)").format(
        day=summary.day.isoformat(), n=summary.cases))]
    for code, count in summary.outcomes.items():
        word = OUTCOME_WORDS.get(code, Text(code, code))
        lines.append(f"  {say(word)}: {count}")
    if summary.minutes_per_case is not None:
        lines.append(say(Text("平均每人 {m} 分钟", "{m} minutes per case on average").format(
            m=summary.minutes_per_case)))
    if summary.missing_documents:
        lines.append(say(Text("缺少的材料：", "Missing documents:")))
        for code, count in summary.missing_documents.items():
            item = checklist.item(code)
            lines.append(f"  {say(item.text) if item else code}: {count}")
    if summary.desk_cases is not None:
        lines.append(say(Text("本办理点今日共 {n} 人（全部志愿者，截至上次同步）",
                              "This desk today: {n} applicant(s), all volunteers (last sync)")
                         .format(n=summary.desk_cases)))
    if summary.open_tickets:
        lines.append(say(Text("尚未结束的号：{n}", "Tickets not closed: {n}").format(
            n="、".join(map(str, summary.open_tickets)))))
    return "\n".join(lines)
