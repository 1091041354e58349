"""The household detail's 预约 tab: its appointments and its hand-backs with their answers."""

from __future__ import annotations

import html

from sqlalchemy.orm import Session

from homevisit.gui.planning.handback_dialogs import reason_labels
from homevisit.gui.qt import QWidget
from homevisit.planning.appointments_schedule import ScheduleLine, household_appointments
from homevisit.planning.handback import HandbackLine, household_handbacks


def plan_of(session: Session, household_id: str) -> tuple[list[ScheduleLine],
                                                          list[HandbackLine]]:
    return household_appointments(session, household_id), household_handbacks(session,
                                                                               household_id)


def plan_html(widget: QWidget, appointments: list[ScheduleLine],
              handbacks: list[HandbackLine]) -> str:
    e = html.escape
    modes = {"home": widget.tr("Home visit"), "phone": widget.tr("Phone"),
             "video": widget.tr("Video")}
    statuses = {"requested": widget.tr("waiting for the supervisor"),
                "accepted": widget.tr("accepted"), "declined": widget.tr("declined")}
    parts = [f"<h4>{e(widget.tr('Appointments'))}</h4>"]
    if not appointments:
        parts.append(f"<p>{e(widget.tr('No appointment yet.'))}</p>")
    else:
        parts.append("<ul>")
        for a in appointments:
            when = a.starts_at.strftime("%Y-%m-%d %H:%M") if a.starts_at else ""
            mode = modes.get(a.mode.value, a.mode.value) if a.mode else ""
            cancelled = f" ({e(widget.tr('cancelled'))})" if a.cancelled else ""
            note = f" — {e(a.note)}" if a.note else ""
            parts.append(f"<li>{e(when)} · {e(mode)}{cancelled}{note}</li>")
        parts.append("</ul>")
    if handbacks:
        reasons = reason_labels(widget)
        parts.append(f"<h4>{e(widget.tr('Hand-backs'))}</h4><ul>")
        for h in handbacks:
            answer = f" — {e(h.decision_note)}" if h.decision_note else ""
            parts.append(f"<li>{e(reasons.get(h.reason, h.reason))}: "
                         f"{e(statuses.get(h.status, h.status))}{answer}</li>")
        parts.append("</ul>")
    return "".join(parts)
