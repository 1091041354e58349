"""The review queue's read model over a supervisor's store: filters, counts, search, sort."""

from __future__ import annotations

import datetime as dt

from homevisit.model import Visit, VisitStatus
from homevisit.review.queue import (
    QueueFilter,
    QueueSort,
    queue_choices,
    queue_ids,
    queue_rows,
    status_counts,
)
from tests.review.seed import COUNSELORS, SCHOOLS, START, TOWNSHIPS, seed_queue


def test_the_queue_lists_finalized_visits_never_drafts_and_counts_each_status(store):
    seeded = seed_queue(store, 30)
    store.run(lambda s: setattr(s.get(Visit, seeded[0].visit_id), "status",
                                VisitStatus.DRAFT))
    ids = store.run(queue_ids)
    assert len(ids) == 29 and seeded[0].visit_id not in ids
    counts = store.run(status_counts)
    assert sum(counts.values()) == 29
    assert counts["returned"] == 6 and counts["approved"] == 6


def test_filters_narrow_by_status_flags_township_school_counselor_date_and_level(store):
    seed_queue(store, 60)

    def rows(chosen: QueueFilter):
        return store.run(lambda s: queue_rows(s, queue_ids(s, chosen)))

    assert {r.status for r in rows(QueueFilter(statuses=frozenset({VisitStatus.RETURNED})))} \
        == {"returned"}
    assert all(r.undecided_flags for r in rows(QueueFilter(undecided_flags=True)))
    assert not any(r.undecided_flags for r in rows(QueueFilter(undecided_flags=False)))
    assert {r.township for r in rows(QueueFilter(township=TOWNSHIPS[1]))} == {TOWNSHIPS[1]}
    assert {r.school for r in rows(QueueFilter(school=SCHOOLS[2]))} == {SCHOOLS[2]}
    assert {r.counselor for r in rows(QueueFilter(counselor=COUNSELORS[0]))} == {COUNSELORS[0]}
    assert {r.level for r in rows(QueueFilter(level="difficult"))} == {"difficult"}
    day = (START + dt.timedelta(hours=30)).date()
    assert {r.visited_on for r in rows(QueueFilter(visited_from=day, visited_to=day))} == {day}
    both = rows(QueueFilter(township=TOWNSHIPS[0], undecided_flags=True))
    assert both and all(r.township == TOWNSHIPS[0] and r.undecided_flags for r in both)


def test_search_finds_a_student_by_name_pinyin_initials_and_id_tail(store):
    seeded = seed_queue(store, 40)
    target = seeded[7]
    for text in (target.student, target.student_id_number[-4:]):
        found = store.run(lambda s, t=text: queue_ids(s, QueueFilter(text=t)))
        assert target.visit_id in found, text
    # 张小明 → zxm (households search: pinyin initials)
    zhang = next(s for s in seeded if s.student == "张小明")
    assert zhang.visit_id in store.run(lambda s: queue_ids(s, QueueFilter(text="zxm")))


def test_counts_follow_the_other_filters_but_not_the_status_filter(store):
    seed_queue(store, 30)
    chosen = QueueFilter(statuses=frozenset({VisitStatus.APPROVED}), township=TOWNSHIPS[0])
    counts = store.run(lambda s: status_counts(s, chosen))
    everything = store.run(lambda s: len(queue_ids(s, QueueFilter(township=TOWNSHIPS[0]))))
    assert sum(counts.values()) == everything and counts["submitted"] > 0


def test_sorting_by_flags_score_and_age(store):
    seed_queue(store, 20)
    by_flags = store.run(lambda s: queue_rows(s, queue_ids(s, sort=QueueSort.FLAGS)))
    assert [r.undecided_flags for r in by_flags] == sorted(
        (r.undecided_flags for r in by_flags), reverse=True)
    by_score = store.run(lambda s: queue_rows(s, queue_ids(s, sort=QueueSort.SCORE)))
    assert [r.score for r in by_score] == sorted((r.score for r in by_score), reverse=True)
    oldest = store.run(lambda s: queue_rows(s, queue_ids(s, sort=QueueSort.OLDEST)))
    assert oldest[0].visited_on == START.date()
    newest = store.run(lambda s: queue_rows(s, queue_ids(s)))
    assert newest[0].visited_on >= newest[-1].visited_on


def test_choices_offer_what_the_queue_holds(store):
    seed_queue(store, 12)
    choices = store.run(queue_choices)
    assert choices.townships == tuple(sorted(TOWNSHIPS))
    assert set(choices.schools) == set(SCHOOLS)
    assert set(choices.counselors) == set(COUNSELORS)
    assert sum(choices.counts.values()) == 12


def test_rows_mask_nothing_because_they_carry_no_id_number_and_show_rejections(store):
    seeded = seed_queue(store, 3)
    rows = store.run(lambda s: queue_rows(s, [v.visit_id for v in seeded],
                                          {seeded[1].visit_id: "家访已被修改"}))
    assert [r.visit_id for r in rows] == [v.visit_id for v in seeded]
    assert rows[1].rejection == "家访已被修改" and rows[0].rejection == ""
    assert not any(seeded[0].student_id_number in str(value) for value in rows[0].__repr__())
