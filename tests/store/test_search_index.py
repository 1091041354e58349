"""The search index narrows a search without changing its result (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from homevisit.households import search_index
from homevisit.households.search import search_filter, search_select, search_text_for
from homevisit.households.search_index import CANDIDATE_CAP, index_terms, reindex, stale_ids
from homevisit.model import Household, Member, SearchKey, SearchTerm
from homevisit.store import Store
from tests.store.test_migrations import FIXTURE_KEY, FIXTURES

TRIALS = int(os.environ.get("HOMEVISIT_TRIALS", "3"))
SURNAMES = "王李张曾单乐"
GIVEN = "三小明丽伟芳国华"
NOW = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
ROADS = ("北京东路", "中山路", "50%路", "a_b巷", "解放路")


class _Row:
    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


def _random_households(rng: random.Random, count: int) -> list[Household]:
    households = []
    for _ in range(count):
        household = Household(
            region_code="320102",
            address=f"{rng.choice(ROADS)} {rng.randrange(1, 30)}号",
            due_date=None,
        )
        for n in range(rng.randrange(0, 4)):
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randrange(1, 3)))
            number = "".join(rng.choice("0123456789") for _ in range(17)) + rng.choice("0X")
            household.members.append(
                Member(name=name, relation="child" if n else "father",
                       id_number=number if rng.random() < 0.8 else None)
            )
        household.deleted = rng.random() < 0.1
        households.append(household)
    return households


def _typed(rng: random.Random, texts: list[str]) -> str:
    """Something a user might type: a piece of a real token, a random short string, or a
    few words of both."""
    def piece() -> str:
        tokens = rng.choice(texts).split() or ["x"]
        token = rng.choice(tokens)
        start = rng.randrange(len(token))
        return token[start : start + rng.randrange(1, 9)]

    def noise() -> str:
        return "".join(rng.choice("zsxl12345张三小%_ 路") for _ in range(rng.randrange(1, 4)))

    return " ".join(rng.choice((piece, piece, piece, noise))() for _ in range(rng.randrange(1, 3)))


def _both(session: Session, query: str) -> tuple[list[str], list[str]]:
    by_scan = session.scalars(search_select(query, limit=10_000)).all()
    by_index = session.scalars(search_select(query, limit=10_000, session=session)).all()
    return list(by_scan), list(by_index)


def test_indexed_search_returns_what_the_full_scan_returns(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Candidates always win over the scan (free lookups), so every narrowable query takes
    # the index path, as a rare word does among 50,000 households.
    monkeypatch.setattr(search_index, "LOOKUP_COST", 0)
    rng = random.Random(2026)
    for _ in range(TRIALS):
        store.run(lambda s: s.add_all(_random_households(rng, 150)))
        texts = store.run(lambda s: list(s.scalars(select(Household.search_text))))
        queries = [_typed(rng, texts) for _ in range(100)] + ["zs", "31002x", "%", "_", "号"]
        for query in queries:
            scan, indexed = store.run(lambda s, q=query: _both(s, q))
            assert indexed == scan, query
        assert store.run(stale_ids) == []


def test_a_rare_word_is_narrowed_and_a_common_one_is_not(store: Store) -> None:
    def write(session: Session) -> None:
        rows = []
        for n in range(CANDIDATE_CAP + 10):
            text = search_text_for(_Row(address=f"中山路{n}号"), [])
            rows.append({"id": f"h{n:05d}", "updated_at": NOW, "region_code": "1",
                         "address": f"中山路{n}号", "rural": False, "special_categories": [],
                         "search_text": text})
        session.execute(insert(Household), rows)
        reindex(session, [r["id"] for r in rows])

    store.run(write)
    common = store.run(lambda s: search_filter("中山", s))
    rare = store.run(lambda s: search_filter("路1234号", s))
    assert "IN" not in str(common)  # a plain LIKE: the listing scan finds 50 at once
    assert "IN" in str(rare)
    found = store.run(lambda s: s.scalars(search_select("路1234号", session=s)).all())
    assert found == ["h01234"]


def test_the_index_follows_edits_deletions_and_core_writers(store: Store) -> None:
    def add(session: Session) -> str:
        household = Household(region_code="320102", address="玄武区 北京东路 1号")
        household.members.append(Member(name="张三", relation="father",
                                        id_number="11010519491231002X"))
        session.add(household)
        return household.id

    hid = store.run(add)

    def terms(session: Session) -> set[str]:
        key = session.scalar(select(SearchKey.key).where(SearchKey.household_id == hid))
        return set(session.scalars(select(SearchTerm.term).where(SearchTerm.key == key)))

    text = store.run(lambda s: s.get(Household, hid).search_text)
    assert store.run(terms) == index_terms(text)
    assert "1231002x" not in store.run(terms)  # only the tails, like search_text

    def rename(session: Session) -> None:
        session.scalars(select(Member).where(Member.household_id == hid)).one().name = "李四"

    store.run(rename)
    assert "lisi" in store.run(terms) and "zhangs" not in store.run(terms)

    # A Core writer changes search_text behind the ORM's back: the index is stale until
    # it calls reindex.
    store.run(lambda s: s.execute(update(Household).values(search_text="wangwu")))
    assert store.run(stale_ids) == [hid]
    store.run(lambda s: reindex(s, [hid]))
    assert store.run(terms) == index_terms("wangwu")
    assert store.run(stale_ids) == []
    # Text in capitals (LIKE ignores ASCII case) is still found.
    store.run(lambda s: s.execute(update(Household).values(search_text="WangWu")))
    store.run(lambda s: reindex(s, [hid]))
    assert store.run(lambda s: s.scalars(search_select("ngw", session=s)).all()) == [hid]
    assert store.run(stale_ids) == []

    def hard_delete(session: Session) -> None:
        session.execute(delete(Member))
        session.delete(session.get(Household, hid))

    store.run(hard_delete)
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(SearchTerm))) == 0
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(SearchKey))) == 0


def test_the_upgrade_from_0001_indexes_the_households_already_there(store_dir: Path) -> None:
    path = store_dir / "store.db"
    shutil.copyfile(FIXTURES / "client-0001.db", path)
    with Store.open(path, FIXTURE_KEY) as store:
        assert store.run(stale_ids) == []
        found = store.run(lambda s: s.scalars(search_select("zs", session=s)).all())
        assert found == ["11111111-1111-4111-8111-111111111111"]
        assert store.run(lambda s: s.scalars(search_select("31002x", session=s)).all()) == found


def test_a_narrowed_search_looks_its_candidates_up_by_id(store: Store) -> None:
    def plan(session: Session) -> list[str]:
        query = search_select("31002x", session=session)
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        return [r[3] for r in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]

    # One candidate among 120 households: cheaper to look up than to scan for.
    store.run(lambda s: s.add_all(Household(region_code="1", address=f"路{n}") for n in range(120)))
    store.run(lambda s: s.add(Household(region_code="1", address="x 31002x")))
    assert "sqlite_autoindex_households_1" in " ".join(store.run(plan))
