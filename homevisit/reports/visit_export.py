"""The review list as XLSX (issue 18, item 3): the visits the supervisor's current filters
pick (:mod:`homevisit.review.queue`), in the queue's order, one row each.

ID numbers and phones are masked unless the user asked for full ones, the server policy
``export_full_ids`` names the user's role, and the passphrase was proved (re-authentication);
every export re-authenticates and is audited before a byte is written. Rows are read and
written a page at a time (the store worker reads one page per transaction), so memory stays
flat however long the list is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from homevisit.account import load_account
from homevisit.errors import FullIdsNotAllowed
from homevisit.i18n import current_language
from homevisit.model import Member, Student, SyncState, Visit
from homevisit.reports.output import write_audited
from homevisit.reports.visit_columns import (
    SHEET,
    VisitLine,
    column_titles,
    column_widths,
    sheet_row,
)
from homevisit.reports.xlsx import write_table_xlsx
from homevisit.review.queue import QueueFilter, QueueSort, queue_ids, queue_rows
from homevisit.workspace import Workspace

PAGE = 500  # visits read per store transaction


def full_ids_allowed(session: Session) -> bool:
    """Whether the server's ``export_full_ids`` policy names this profile's role (nobody
    by default; read from the stored policies: the core does not import the sync package)."""
    account = load_account(session)
    state = session.get(SyncState, 1)
    roles = (state.policies or {}).get("export_full_ids") if state is not None else None
    return account is not None and isinstance(roles, list) and str(account.role) in roles


def _text(row: Any, name: str) -> str:
    value = getattr(row, name, None) if row is not None else None
    return value if isinstance(value, str) else ""


def export_rows(session: Session, ids: Sequence[str], *, full_ids: bool,
                lang: str) -> list[list[Any]]:
    """The rows of ``ids`` (one page) in that order, as the sheet holds them."""
    # Only the few answers the sheet shows, extracted in SQL: a visit's answers are wide.
    answers = Visit.answers
    extra = {row.id: row for row in session.execute(
        select(Visit.id, Visit.suggested_level, Visit.recommendation_reason,
               answers["observations"]["observations"].as_string().label("observations"),
               answers["consent"]["student_id_number"].as_string().label("id_number"),
               answers["consent"]["guardian_name"].as_string().label("guardian"),
               answers["consent"]["guardian_phone"].as_string().label("phone"))
        .where(Visit.id.in_(list(ids))))}
    queued = queue_rows(session, list(ids))
    households = {row.household_id for row in queued}
    students: dict[str, str] = {}
    for household_id, number in session.execute(
            select(Student.household_id, Member.id_number)
            .join(Member, Member.id == Student.member_id)
            .where(Student.household_id.in_(households), Student.deleted == false(),
                   Member.deleted == false()).order_by(Student.household_id, Member.name)):
        students.setdefault(household_id, number or "")
    guardians: dict[str, tuple[str, str]] = {}
    for household_id, name, phone in session.execute(
            select(Member.household_id, Member.name, Member.phone)
            .where(Member.household_id.in_(households), Member.is_guardian.is_(True),
                   Member.deleted == false()).order_by(Member.household_id, Member.name)):
        guardians.setdefault(household_id, (name, phone or ""))

    out = []
    for row in queued:
        more = extra.get(row.visit_id)
        guardian, phone = guardians.get(row.household_id, ("", ""))
        out.append(sheet_row(VisitLine(
            visit_id=row.visit_id, student=row.student,
            id_number=students.get(row.household_id) or _text(more, "id_number"),
            school=row.school, grade=row.grade, region_code=row.township,
            address=row.address, guardian=guardian or _text(more, "guardian"),
            phone=phone or _text(more, "phone"),
            counselor=row.counselor, status=row.status, version=row.version,
            visited_on=row.visited_on, score=row.score,
            suggested_level=more.suggested_level if more else None,
            recommended_level=row.level, reason=_text(more, "recommendation_reason"),
            undecided_flags=row.undecided_flags, observations=_text(more, "observations"),
        ), full_ids=full_ids, lang=lang))
    return out


def export_visits(workspace: Workspace, out: Path, chosen: QueueFilter | None = None,
                  sort: QueueSort = QueueSort.NEWEST, *, full_ids: bool = False,
                  passphrase: str | None = None, lang: str | None = None) -> int:
    """Write the visits ``chosen`` picks to ``out`` (XLSX); returns the row count.

    Re-authenticates (``passphrase``, or None within the grace period; runs the KDF: call
    it off the GUI thread). ``full_ids`` needs the role in ``export_full_ids``
    (:class:`FullIdsNotAllowed` otherwise, before anything is read or written)."""
    workspace.reauth.confirm(passphrase)
    if full_ids and not workspace.store.run(full_ids_allowed):
        raise FullIdsNotAllowed()
    lang = lang or current_language()
    wanted = chosen or QueueFilter()
    ids = workspace.store.run(lambda s: queue_ids(s, wanted, sort))

    def pages() -> Iterator[list[Any]]:
        for start in range(0, len(ids), PAGE):
            page = ids[start:start + PAGE]
            yield from workspace.store.run(partial(export_rows, ids=page, full_ids=full_ids,
                                                   lang=lang))

    def write(temp: Path) -> None:
        write_table_xlsx(pages(), column_titles(lang), SHEET.in_language(lang), temp,
                         widths=column_widths())

    # The detail holds counts and codes only: the filter's search text may be a name.
    write_audited(workspace.store, actor=workspace.actor, out=out, entity="visit",
                  entity_id=None, write=write,
                  detail={"kind": "visit_list", "rows": len(ids), "full_ids": full_ids})
    return len(ids)
