"""The records behind a dashboard bar on a real encrypted store (issue 18 item 2): the visits
a drill names, how many of the server's count the laptop holds, what the banner says, and
the review queue narrowed to exactly those visits."""

from __future__ import annotations

import datetime as dt

from homevisit.i18n import Text
from homevisit.protocol.reports import CoverageTotals, LevelRow, ReportFigures
from homevisit.reports.dashboard import PAST_DRAFT, UNDECIDED, Drill, Unit, dashboard
from homevisit.reports.dashboard_records import held_records, held_summary
from homevisit.review.queue import QueueFilter, QueueSort, queue_entries, select_ids
from tests.review.seed import LEVELS, TOWNSHIPS, seed_queue

COUNT = 24


def _flags_of(index: int) -> int:
    return (index // 2) % 3  # seed_visit's flags: n=0 open public_employee, n=1 explained


def test_a_drill_finds_the_visits_behind_its_bar(workspace):
    seeded = seed_queue(workspace.store, COUNT)
    store = workspace.store

    township = Drill(Text("欢口镇", "Huankou"), Unit.HOUSEHOLDS, expected=COUNT,
                     township=TOWNSHIPS[0])
    held = store.run(lambda s: held_records(s, township))
    assert held.visit_ids == {v.visit_id for i, v in enumerate(seeded) if i % 3 == 0}
    assert held.held == COUNT // 3 and held.missing(township) == COUNT - COUNT // 3

    undecided = Drill(Text("待决定", "Undecided"), Unit.FLAGS, expected=99,
                      flag_statuses=UNDECIDED, flag_category="public_employee")
    held = store.run(lambda s: held_records(s, undecided))
    assert held.visit_ids == {v.visit_id for i, v in enumerate(seeded) if _flags_of(i) > 0}
    assert held.held == len(held.visit_ids)  # one public-finance flag each

    level = Drill(Text("比较困难", "Difficult"), Unit.VISITS, expected=COUNT // 4,
                  recommended_level=LEVELS[1])
    held = store.run(lambda s: held_records(s, level))
    assert held.visit_ids == {v.visit_id for i, v in enumerate(seeded) if i % 4 == 1}
    assert held.missing(level) == 0

    approved = Drill(Text("已通过", "Approved"), Unit.VISITS, expected=10,
                     statuses=frozenset({"approved"}))
    held = store.run(lambda s: held_records(s, approved))
    assert held.visit_ids == {v.visit_id for i, v in enumerate(seeded) if i % 5 == 3}
    summary = held_summary(approved, held)
    assert f"共 10条，本机有其中 {held.held}条" in summary.zh
    assert f"{10 - held.held}条已不在本机" in summary.zh
    assert f"{10 - held.held} are no longer on this laptop" in summary.en

    # The review queue lists exactly those visits, in its own order.
    entries = store.run(queue_entries)
    listed = select_ids(entries, QueueFilter(visit_ids=held.visit_ids), QueueSort.NEWEST,
                        None)
    assert set(listed) == held.visit_ids


def test_levels_are_shown_beside_the_suggested_ones_as_information_never_a_cap():
    figures = ReportFigures(
        computed_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), today=dt.date(2026, 12, 1),
        coverage=[], totals=CoverageTotals(households=0, assigned=0, visited=0, approved=0,
                                           overdue=0),
        visit_statuses=[], flags=[], modes=[], rounds=[], policies=[],
        visits_with_policies=0, helpdesk=[],
        levels=[LevelRow(suggested="difficult", recommended="especially_difficult", count=7),
                LevelRow(suggested="difficult", recommended="difficult", count=5)])
    chart = dashboard(figures, "zh").chart("levels")
    suggested, recommended = chart.series
    at = chart.categories.index("比较困难")
    top = chart.categories.index("特别困难")
    assert (suggested.values[at], recommended.values[at]) == (12, 5)
    assert (suggested.values[top], recommended.values[top]) == (0, 7)
    assert chart.note is not None and "不设名额" in chart.note.zh
    assert "no quota" in chart.note.en
    assert recommended.drills[top] is not None
    assert recommended.drills[top].recommended_level == "especially_difficult"
    assert recommended.drills[top].statuses == PAST_DRAFT
