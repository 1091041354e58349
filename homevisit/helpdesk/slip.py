"""The "what to bring next time" slip (下次请带): the missing documents, the desk's hours and
a masked ID number only — no name, no phone, nothing about the family's situation (无痕资助).

This module says what is on it and lays it out with the PDF module;
:mod:`homevisit.reports.helpdesk_slip` writes it, audited first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from homevisit.helpdesk.cases import missing_documents
from homevisit.helpdesk.documents import current_checklist
from homevisit.i18n import Text
from homevisit.ids import mask_id
from homevisit.model import DeskShift, HelpDeskCase
from homevisit.reports.pdf import PdfDocument

TITLE = Text("生源地信用助学贷款：下次请带", "Student loan: what to bring next time")
WHERE = Text("办理点：{site}（{township}）", "Desk: {site} ({township})")
HOURS = Text("开放时间：每天 {hours}", "Open: daily {hours}")
WHO = Text("学生身份证号：{masked}", "Student ID: {masked}")
NOTHING = Text("材料已齐全。", "Nothing is missing.")
KEEP = Text("请带齐以下材料（原件），再到办理点办理：",
            "Please bring these documents (originals) to the desk:")


@dataclass(frozen=True, slots=True)
class Slip:
    case_id: str
    site: str
    township: str
    hours: str
    masked_id: str
    missing: list[Text]


def slip_for(session: Session, case_id: str) -> Slip:
    case = session.get(HelpDeskCase, case_id)
    if case is None:
        raise KeyError(case_id)
    checklist = current_checklist(session)
    codes = case.missing_documents or missing_documents(case, checklist)
    shift = session.get(DeskShift, (case.desk_id, case.desk_date))
    texts = [item.text for code in codes if (item := checklist.item(code)) is not None]
    return Slip(case.id, case.desk_site or (shift.site if shift else ""),
                shift.township if shift else "", shift.hours if shift else "",
                mask_id(case.student_id_number) if case.student_id_number else "",
                texts)


def slip_document(slip: Slip, lang: str) -> PdfDocument:
    """The slip laid out as an A5 page (:mod:`homevisit.reports.pdf`)."""
    doc = PdfDocument(page="A5", margin_mm=12, lang=lang)
    doc.heading(TITLE.in_language(lang))
    doc.paragraph(WHERE.format(site=slip.site, township=slip.township).in_language(lang))
    doc.paragraph(HOURS.format(hours=slip.hours).in_language(lang))
    if slip.masked_id:
        doc.paragraph(WHO.format(masked=slip.masked_id).in_language(lang))
    if slip.missing:
        doc.paragraph(KEEP.in_language(lang))
        for number, text in enumerate(slip.missing, 1):
            doc.paragraph(f"{number}. {text.in_language(lang)}")
    else:
        doc.paragraph(NOTHING.in_language(lang))
    return doc
