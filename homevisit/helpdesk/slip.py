"""The "what to bring next time" slip (下次请带): the missing documents, the desk's hours and
a masked ID number only — no name, no phone, nothing about the family's situation (无痕资助).

The GUI lays it out as a PDF; this module says what is on it and records the export
(audit first, :mod:`homevisit.exports`)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from homevisit import exports
from homevisit.helpdesk.cases import missing_documents
from homevisit.helpdesk.documents import current_checklist
from homevisit.i18n import Text
from homevisit.ids import mask_id
from homevisit.model import DeskShift, HelpDeskCase

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


def slip_html(slip: Slip, lang: str) -> str:
    """The slip as simple HTML for QTextDocument (every value escaped)."""
    def say(text: Text) -> str:
        return html.escape(text.in_language(lang))

    parts = [f"<h2>{say(TITLE)}</h2>",
             f"<p>{say(WHERE.format(site=slip.site, township=slip.township))}</p>",
             f"<p>{say(HOURS.format(hours=slip.hours))}</p>"]
    if slip.masked_id:
        parts.append(f"<p>{say(WHO.format(masked=slip.masked_id))}</p>")
    if slip.missing:
        parts.append(f"<p>{say(KEEP)}</p><ol>")
        parts += [f"<li>{say(t)}</li>" for t in slip.missing]
        parts.append("</ol>")
    else:
        parts.append(f"<p>{say(NOTHING)}</p>")
    return "".join(parts)


def begin_export(session: Session, *, actor: str, case_id: str, out: Path) -> tuple[int, Path]:
    """Audit the slip's export before any byte is written; returns (pending id, temp)."""
    temp = exports.temp_name(out)
    pending = exports.begin(session, actor=actor, entity="helpdesk_case", entity_id=case_id,
                            temp=temp, detail={"kind": "helpdesk_slip"})
    return pending, temp
