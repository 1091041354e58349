"""Issue 18 item 1 on real encrypted stores against a real server: a supervisor's sync ends
with the report figures kept in the store (the last snapshot, replaced at each sync); a
counselor's sync never asks for them; a snapshot this release cannot read is not kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from homevisit.model import ReportSnapshot
from homevisit.protocol.reports import FIGURES_SCHEMA_VERSION
from homevisit.reports.dashboard import dashboard
from homevisit.reports.figures import load_figures, store_figures


def test_a_supervisor_sync_keeps_the_figures_and_replaces_them_at_the_next(central, device):
    central.user("counselor", "wang")
    central.user("supervisor", "zhang")
    central.household("wang")
    boss = device(central, "zhang")
    result = boss.sync()
    assert result.ok, result.error
    assert result.figures_received
    first = boss.store.run(load_figures)
    assert first is not None and first.figures.totals.assigned == 1
    assert first.figures.totals.visited == 0
    central.household("wang", address="西村 2 号")
    assert boss.sync().ok
    second = boss.store.run(load_figures)
    assert second is not None and second.figures.totals.assigned == 2
    assert second.computed_at >= first.computed_at
    assert boss.store.run(lambda s: s.scalar(select(func.count()).select_from(
        ReportSnapshot))) == 1
    charts = dashboard(second.figures)
    assert charts.chart("coverage_township").series[0].values == (2,)


def test_a_counselor_sync_brings_no_figures(central, device):
    central.user("counselor", "wang")
    central.household("wang")
    d = device(central, "wang")
    result = d.sync()
    assert result.ok and not result.figures_received
    assert d.store.run(load_figures) is None


def test_figures_of_a_newer_schema_leave_the_last_snapshot_in_place(central, device):
    central.user("supervisor", "zhang")
    boss = device(central, "zhang")
    assert boss.sync().ok
    kept = boss.store.run(load_figures)
    assert kept is not None
    newer = kept.figures.model_copy(update={
        "schema_version": FIGURES_SCHEMA_VERSION + 1,
        "computed_at": kept.computed_at + dt.timedelta(hours=1)})
    assert boss.store.run(lambda s: store_figures(s, newer)) is False
    assert boss.store.run(load_figures).computed_at == kept.computed_at
