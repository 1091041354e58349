"""The columns of a visits sheet, shared by the supervisor's export (the device's store) and
``homevisit-server export visits`` (the central database): one layout, one masking rule.
Nothing here reads a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homevisit.i18n import Text
from homevisit.ids import mask_id, mask_phone
from homevisit.visits.codelists import load_codelist

SHEET = Text("家访记录", "Visits")
COLUMNS = (
    (Text("家访编号", "Visit id"), 38), (Text("学生", "Student"), 10),
    (Text("学生身份证号", "Student ID number"), 21), (Text("学校", "School"), 16),
    (Text("年级", "Grade"), 8), (Text("乡镇代码", "Township code"), 11),
    (Text("地址", "Address"), 24), (Text("监护人", "Guardian"), 10),
    (Text("监护人电话", "Guardian's phone"), 14), (Text("家访人", "Counselor"), 14),
    (Text("状态", "Status"), 10), (Text("版本", "Version"), 6),
    (Text("家访日期", "Visited on"), 11), (Text("得分", "Score"), 7),
    (Text("系统建议档次", "Suggested level"), 12), (Text("建议档次", "Recommended level"), 12),
    (Text("建议理由", "Reason"), 24), (Text("待处理核查提示", "Undecided prompts"), 8),
    (Text("家访观察", "Observations"), 30),
)
STATUSES = {"finalized": Text("已定稿", "Finalized"), "submitted": Text("待审核", "Submitted"),
            "revised": Text("已修改待审核", "Revised"), "returned": Text("已退回修改", "Returned"),
            "approved": Text("已通过", "Approved")}
TOWNSHIP_DIGITS = 9


@dataclass(frozen=True, slots=True)
class VisitLine:
    """One visit as the sheet lists it, numbers still in full (masked when written)."""

    visit_id: str
    student: str
    id_number: str
    school: str
    grade: str
    region_code: str
    address: str
    guardian: str
    phone: str
    counselor: str
    status: str
    version: int
    visited_on: dt.date | None
    score: float | None
    suggested_level: str | None
    recommended_level: str | None
    reason: str
    undecided_flags: int
    observations: str


def answer(answers: Mapping[str, Any] | None, step: str, field: str) -> str:
    """A text answer of the visit (``""`` when absent or not text)."""
    found = (answers or {}).get(step)
    value = found.get(field) if isinstance(found, Mapping) else None
    return value if isinstance(value, str) else ""


def column_titles(lang: str) -> list[str]:
    return [title.in_language(lang) for title, _width in COLUMNS]


def column_widths() -> list[float]:
    return [width for _title, width in COLUMNS]


def sheet_row(line: VisitLine, *, full_ids: bool, lang: str) -> list[Any]:
    """The cells of ``line``: ID number and phone masked unless ``full_ids``."""
    levels = load_codelist("levels")

    def shown(value: str, mask: Any) -> str:
        return value if full_ids or not value else str(mask(value))

    def level(code: str | None) -> str:
        return levels.label(code).in_language(lang) if code else ""

    status = STATUSES.get(line.status)
    return [
        line.visit_id, line.student, shown(line.id_number, mask_id), line.school, line.grade,
        line.region_code[:TOWNSHIP_DIGITS], line.address, line.guardian,
        shown(line.phone, mask_phone), line.counselor,
        status.in_language(lang) if status else line.status, line.version, line.visited_on,
        line.score, level(line.suggested_level), level(line.recommended_level), line.reason,
        line.undecided_flags, line.observations,
    ]
