"""The supervisor's report figures, fetched at the end of each sync (issue 18 item 1):
``GET /reports/figures`` over the whole scope, kept as the last snapshot
(:mod:`homevisit.reports.figures`) for the dashboard, offline included."""

from __future__ import annotations

from homevisit.protocol.reports import ReportFigures
from homevisit.reports.figures import store_figures
from homevisit.store import Store
from homevisit.sync.errors import ServerRefused
from homevisit.sync.transport import Transport


def fetch_figures(store: Store, transport: Transport) -> bool:
    """Fetch and keep the figures; False when the server has none for this user (a server
    from before issue 18 answers 404): the last snapshot stays."""
    try:
        figures = transport.call("GET", "/reports/figures", ReportFigures)
    except ServerRefused as refused:
        if refused.status in (403, 404):
            return False
        raise
    assert figures is not None
    return store.run(lambda s: store_figures(s, figures))
