"""Report figures (issue 18): the dashboard's numbers over the supervisor's whole scope,
fetched by the laptop at the end of each sync and kept as its last snapshot."""

from __future__ import annotations

from fastapi import APIRouter

from homevisit.protocol import API_PREFIX
from homevisit.protocol.reports import ReportFigures
from homevisit.server.deps import DbSession, SupervisorPrincipal
from homevisit.server.report_figures import report_figures

router = APIRouter(prefix=f"{API_PREFIX}/reports", tags=["reports"])


@router.get("/figures", response_model=ReportFigures)
def figures(principal: SupervisorPrincipal, session: DbSession):
    """Coverage per township and school, visit statuses, flags, levels against suggested
    levels, visit modes, rounds of return, policies explained and the help desks' days,
    for the caller's team or region; computed now (``computed_at``). Supervisors and
    admins only (403 for others). Counts only: no names, no ID numbers."""
    return report_figures(session, principal)
