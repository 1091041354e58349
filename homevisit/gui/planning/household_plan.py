"""The household detail's 预约 tab: its appointments and its hand-backs with their answers."""

from __future__ import annotations

import html

from sqlalchemy.orm import Session

from homevisit.gui.planning.handback_dialogs import reason_labels
from homevisit.gui.qt import QCoreApplication
from homevisit.planning.appointments_schedule import ScheduleLine, household_appointments
from homevisit.planning.handback import HandbackLine, household_handbacks


def plan_of(session: Session, household_id: str) -> tuple[list[ScheduleLine],
                                                          list[HandbackLine]]:
    return household_appointments(session, household_id), household_handbacks(session,
                                                                               household_id)


def _words() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "home": translate("Planning", "Home visit"), "phone": translate("Planning", "Phone"),
        "video": translate("Planning", "Video"),
        "requested": translate("Planning", "waiting for the supervisor"),
        "accepted": translate("Planning", "accepted"),
        "declined": translate("Planning", "declined"),
        "cancelled": translate("Planning", "cancelled"),
        "appointments": translate("Planning", "Appointments"),
        "none": translate("Planning", "No appointment yet."),
        "handbacks": translate("Planning", "Hand-backs"),
    }


def plan_html(appointments: list[ScheduleLine], handbacks: list[HandbackLine]) -> str:
    e, w = html.escape, _words()
    parts = [f"<h4>{e(w['appointments'])}</h4>"]
    if not appointments:
        parts.append(f"<p>{e(w['none'])}</p>")
    else:
        parts.append("<ul>")
        for a in appointments:
            when = a.starts_at.strftime("%Y-%m-%d %H:%M") if a.starts_at else ""
            mode = w.get(a.mode.value, a.mode.value) if a.mode else ""
            cancelled = f" ({e(w['cancelled'])})" if a.cancelled else ""
            note = f" — {e(a.note)}" if a.note else ""
            parts.append(f"<li>{e(when)} · {e(mode)}{cancelled}{note}</li>")
        parts.append("</ul>")
    if handbacks:
        reasons = reason_labels()
        parts.append(f"<h4>{e(w['handbacks'])}</h4><ul>")
        for h in handbacks:
            answer = f" — {e(h.decision_note)}" if h.decision_note else ""
            parts.append(f"<li>{e(reasons.get(h.reason, h.reason))}: "
                         f"{e(w.get(h.status, h.status))}{answer}</li>")
        parts.append("</ul>")
    return "".join(parts)
