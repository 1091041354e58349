"""One device's push sent twice at once (a retry while the first is still being applied,
two windows of one laptop): every op is applied exactly once, and both answers are the
same results — the second a replay of the first — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from synchelp import op, pull_all, push, visit_payload


def _at_once(people, actor, *pushes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """POST each of ``pushes`` from its own client carrying the actor's token, released
    together."""
    clients = [people.client(actor.access_token) for _ in pushes]
    start = threading.Barrier(len(pushes))
    answers: list[list[dict[str, Any]] | BaseException] = [[] for _ in pushes]

    def send(i: int) -> None:
        start.wait()
        try:
            answers[i] = push(clients[i], pushes[i])
        except BaseException as exc:  # reported by the test, in its own thread
            answers[i] = exc

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(pushes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers  # type: ignore[return-value]


def test_a_push_sent_twice_at_once_is_applied_once(people, actor, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    visits = [visit_payload(household) for _ in range(300)]
    ops = [op("visit", v) for v in visits]
    first, second = _at_once(people, me, ops, ops)
    assert first == second
    assert Counter((r["status"], r.get("rev")) for r in first) == {("applied", 1): 300}
    changes, _ = pull_all(me.client)
    logged = Counter(c["entity_id"] for c in changes if c["entity"] == "visit")
    assert logged == {v["id"]: 1 for v in visits}


def test_overlapping_pushes_of_edits_at_once_bump_each_rev_once(people, actor,
                                                                make_household):
    """A retry that starts at another op than the push still running (the device acked
    some, or folded an edit meanwhile): the ops both carry are applied once, and the later
    request answers them with the first one's results — never a conflict with itself."""
    me = actor("counselor")
    household = make_household(me.username)
    visits = [visit_payload(household) for _ in range(200)]
    push(me.client, [op("visit", v) for v in visits])
    _, cursor = pull_all(me.client)
    edits = [op("visit", {**v, "observations": "第二次编辑"}, base_rev=1) for v in visits]
    first, second = _at_once(people, me, edits[:150], edits[50:])
    assert first[50:] == second[:100]
    assert Counter((r["status"], r.get("rev")) for r in first + second[100:]) == {
        ("applied", 2): 200}
    changes, _ = pull_all(me.client, cursor)
    assert Counter(c["record"]["rev"] for c in changes if c["entity"] == "visit") == {2: 200}
