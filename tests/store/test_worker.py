"""One worker thread owns the connection; each call is one transaction."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from homevisit.model import Household
from homevisit.store import Store


def test_calls_from_many_threads_run_one_at_a_time_on_the_one_worker(store: Store) -> None:
    seen_threads: set[int] = set()
    active = 0
    overlap = 0
    lock = threading.Lock()

    def work(session) -> str:  # type: ignore[no-untyped-def]
        nonlocal active, overlap
        with lock:
            active += 1
            overlap = max(overlap, active)
        seen_threads.add(threading.get_ident())
        household = Household(region_code="320102")
        session.add(household)
        session.flush()
        with lock:
            active -= 1
        return household.id

    callers = {threading.get_ident()}

    def caller(_: int) -> list[str]:
        callers.add(threading.get_ident())
        return [store.run(work) for _ in range(10)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = [i for batch in pool.map(caller, range(6)) for i in batch]

    assert len(set(ids)) == 60
    assert overlap == 1
    assert len(seen_threads) == 1 and not seen_threads & callers
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(Household))) == 60


def test_an_exception_in_fn_rolls_back_and_reaches_the_caller(store: Store) -> None:
    class Oops(Exception):
        pass

    def half_done(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Household(region_code="320102"))
        session.flush()  # written inside the transaction...
        raise Oops()  # ...then abandoned

    with pytest.raises(Oops):
        store.run(half_done)
    future = store.submit(half_done)
    with pytest.raises(Oops):
        future.result()
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(Household))) == 0


def test_database_errors_carry_no_personal_data(store: Store) -> None:
    secret_address = "秘密路99号"

    def duplicate(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Household(id="same-id", region_code="320102", address=secret_address))
        session.flush()
        session.add(Household(id="same-id", region_code="320102", address=secret_address))
        session.flush()

    with pytest.raises(Exception) as raised:
        store.run(duplicate)
    assert secret_address not in str(raised.value)
    assert "UNIQUE" in str(raised.value)


def test_run_on_the_worker_itself_is_refused_instead_of_deadlocking(store: Store) -> None:
    def nested(session) -> None:  # type: ignore[no-untyped-def]
        store.run(lambda s: None)

    with pytest.raises(RuntimeError, match="own worker"):
        store.run(nested)
