"""Issue 18 item 1 on real encrypted stores against a real server: a supervisor's sync ends
with the report figures kept in the store (the last snapshot, replaced at each sync); a
counselor's sync never asks for them; a snapshot this release cannot read is not kept."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from homevisit.model import ReportSnapshot
from homevisit.protocol.reports import FIGURES_SCHEMA_VERSION, ReportFigures
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


def test_forged_figures_fail_the_schema_the_laptop_checks_them_with(central, device):
    central.user("supervisor", "zhang")
    boss = device(central, "zhang")
    assert boss.sync().ok
    good = boss.store.run(load_figures).figures.model_dump(mode="json")
    row = {"township": "320321101", "school": "丰县中学", "assigned": 1, "visited": 0,
           "approved": 0, "overdue": 0}
    forged = [
        {**good, "coverage": [{**row, "school": "丰县\x00中学"}]},  # NUL
        {**good, "coverage": [{**row, "school": "\ud800"}]},  # a lone surrogate
        {**good, "coverage": [{**row, "assigned": -1}]},
        {**good, "coverage": [{**row, "visited": float("nan")}]},
        {**good, "coverage": [{**row, "township": "../etc"}]},
        {**good, "coverage": [{**row, "school": "校" * 101}]},  # oversize
        {**good, "modes": [{"code": "home", "count": 1}] * 101},  # too many rows
    ]
    for body in forged:
        with pytest.raises(ValidationError):
            ReportFigures.model_validate(body)
    ReportFigures.model_validate(good)  # the real one passes
