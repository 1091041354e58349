"""The printed growth record (资助成长档案) of one student: the timeline of
:func:`homevisit.households.growth.growth_record` laid out by the PDF module, re-authenticated
and audited (``print``) before any byte is written.

No 贫困 label (无痕资助): the title names the record, the kinds name the aid. The ID number
is printed masked; no phone and no co-borrower are on the timeline at all.
"""

from __future__ import annotations

from pathlib import Path

from homevisit.errors import HomevisitError, StoreError
from homevisit.households.growth import (
    KIND_LABELS,
    EventKind,
    GrowthEvent,
    StudentGrowth,
    growth_record,
    school_year_text,
    yuan,
)
from homevisit.i18n import Text, current_language
from homevisit.reports.output import write_document
from homevisit.reports.pdf import PdfDocument
from homevisit.workspace import Workspace

TITLE = Text("学生资助成长档案", "Student aid growth record")
FOOTER = Text("家访通 · 资助成长档案", "Homevisit · growth record")
STUDENT = Text("学生", "Student")
ID_NUMBER = Text("身份证号", "ID number")
SCHOOL = Text("学校、年级", "School and grade")
LEVELS = Text("各学年认定档次", "Level by school year")
NO_LEVEL = Text("尚无认定", "none recognised yet")
AID_TOTAL = Text("已获资助合计", "Aid received in total")
TIMELINE = Text("时间线", "Timeline")
NOTHING = Text("暂无记录。", "Nothing recorded yet.")
COLUMNS = (Text("日期", "Date"), Text("学年", "School year"), Text("事项", "What"),
           Text("内容", "Details"), Text("金额", "Amount"))
APPROVED = Text("（家访审核通过）", " (visit approved)")
WORDS = {
    "draft": Text("进行中", "In progress"), "finalized": Text("已定稿", "Finalized"),
    "submitted": Text("已提交", "Submitted"), "approved": Text("已通过", "Approved"),
    "returned": Text("已退回", "Returned"), "revised": Text("已修改", "Revised"),
    "first": Text("首贷", "First loan"), "renewal": Text("续贷", "Renewal"),
    "accepted": Text("已受理", "Accepted"), "documents_missing": Text("材料不全",
                                                                     "Documents missing"),
    "referred": Text("已转介", "Referred"),
}
STUDENT_GONE = Text("这名学生已不在本机数据中。", "This student is no longer on this computer.")


def _level(code: str | None, lang: str) -> str:
    if not code:
        return ""
    from homevisit.visits.codelists import load_codelist  # jsonschema: only when printing

    try:
        found = load_codelist("levels").get(code)
    except HomevisitError:
        return code
    return found.label.in_language(lang) if found else code


def _word(code: str | None, lang: str) -> str:
    text = WORDS.get(code or "")
    return text.in_language(lang) if text else (code or "")


def _details(event: GrowthEvent, lang: str) -> str:
    if event.kind == EventKind.VISIT:
        parts = [_word(event.code, lang), _level(event.level, lang)]
    elif event.kind == EventKind.LEVEL:
        parts = [_level(event.level, lang) + APPROVED.in_language(lang)]
    elif event.kind == EventKind.HELPDESK:
        parts = [event.text, _word(event.loan_type, lang), _word(event.outcome, lang)]
    else:
        parts = [event.text, event.note]
    return " · ".join(p for p in parts if p)


def _what(event: GrowthEvent, lang: str) -> str:
    key = event.code if event.kind in (EventKind.AID, EventKind.LEVEL, EventKind.HELPDESK) \
        else event.kind
    label = KIND_LABELS.get(key)
    return label.in_language(lang) if label else event.code


def growth_document(record: StudentGrowth, lang: str) -> PdfDocument:
    """The record laid out (in memory): who, levels by year, total aid, the timeline."""
    doc = PdfDocument(footer=FOOTER.in_language(lang), lang=lang)
    doc.heading(TITLE.in_language(lang))
    levels = "；".join(f"{school_year_text(year)}：{_level(level, lang)}"
                      for year, level in record.levels_by_year)
    doc.fields([
        (STUDENT.in_language(lang), record.name),
        (ID_NUMBER.in_language(lang), record.masked_id),
        (SCHOOL.in_language(lang), " ".join(p for p in (record.school, record.grade) if p)),
        (LEVELS.in_language(lang), levels or NO_LEVEL.in_language(lang)),
        (AID_TOTAL.in_language(lang), yuan(record.aid_total_fen)),
    ])
    doc.heading(TIMELINE.in_language(lang), level=2)
    if record.is_empty:
        doc.paragraph(NOTHING.in_language(lang))
        return doc
    doc.table([c.in_language(lang) for c in COLUMNS], [
        [e.day.isoformat() if e.day else "",
         school_year_text(e.school_year) if e.school_year else "", _what(e, lang),
         _details(e, lang), yuan(e.amount_fen) if e.amount_fen is not None else ""]
        for e in record.events], widths=[2.2, 2.2, 2.2, 6, 2])
    return doc


def write_growth_record(workspace: Workspace, household_id: str, student_id: str, out: Path,
                        *, lang: str | None = None, passphrase: str | None = None) -> Path:
    """Print ``student_id``'s growth record to ``out`` (PDF), once re-authenticated (raises
    :class:`homevisit.errors.ReauthRequired` without a fresh passphrase; with one it runs the
    KDF: call it off the GUI thread). Audited as a print before any byte is written."""
    workspace.reauth.confirm(passphrase)
    records = workspace.store.run(lambda s: growth_record(s, household_id))
    record = next((r for r in records if r.student_id == student_id), None)
    if record is None:
        raise StoreError(STUDENT_GONE)
    data = growth_document(record, lang or current_language()).to_bytes()
    return write_document(workspace.store, data, actor=workspace.actor, out=Path(out),
                          entity="student", entity_id=student_id, kind="growth_record",
                          action="print", detail={"events": len(record.events)})
