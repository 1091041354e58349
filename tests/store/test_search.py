"""Search-as-you-type finds households by name, pinyin, initials, ID tail and address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit.households.search import search_filter, search_text_for
from homevisit.model import Household, Member
from homevisit.store import Store


@pytest.fixture
def households(store: Store) -> dict[str, str]:
    def write(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
        zhang = Household(region_code="320102", address="玄武区 北京东路 1号")
        zhang.members.append(Member(name="张三", relation="father", id_number="11010519491231002X"))
        zhang.members.append(Member(name="张小明", relation="child"))
        zeng = Household(region_code="320583", address="昆山市 50%路")
        zeng.members.append(Member(name="曾丽", relation="mother"))
        session.add_all([zhang, zeng])
        return {"zhang": zhang.id, "zeng": zeng.id}

    return store.run(write)


def _find(store: Store, query: str) -> set[str]:
    return set(
        store.run(lambda s: s.scalars(select(Household.id).where(search_filter(query, s))).all())
    )


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("zs", "zhang"),
        ("ZhangSan", "zhang"),
        ("zxm", "zhang"),
        ("张小", "zhang"),
        ("002x", "zhang"),
        ("31002X", "zhang"),
        ("北京东路", "zhang"),
        ("zhang 002x", "zhang"),
        ("zl", "zeng"),  # 曾 as a surname reads zeng…
        ("cengli", "zeng"),  # …and pinyin's default reading still works
        ("50%", "zeng"),  # LIKE wildcards in a query are literal
    ],
)
def test_queries_find_the_right_household(
    store: Store, households: dict[str, str], query: str, who: str
) -> None:
    assert _find(store, query) == {households[who]}


def test_queries_that_should_find_nothing(store: Store, households: dict[str, str]) -> None:
    assert _find(store, "zhang 曾") == set()
    assert _find(store, "%东") == set()  # % is literal, not "anything"
    assert _find(store, "z_") == set()
    assert _find(store, "1231002x") == set()  # only the tails are searchable, not the ID
    assert _find(store, "   ") == set(households.values())


def test_search_text_follows_member_edits_and_deletions(
    store: Store, households: dict[str, str]
) -> None:
    def rename(session) -> None:  # type: ignore[no-untyped-def]
        member = session.scalars(select(Member).where(Member.name == "张小明")).one()
        member.name = "李四"

    store.run(rename)
    assert _find(store, "ls") == {households["zhang"]}
    assert _find(store, "zxm") == set()

    def tombstone(session) -> None:  # type: ignore[no-untyped-def]
        session.scalars(select(Member).where(Member.name == "李四")).one().deleted = True

    store.run(tombstone)
    assert _find(store, "lisi") == set()


def test_search_text_has_no_full_id_number() -> None:
    class H:
        address = ""

    class M:
        name = "王五"
        id_number = "11010519491231002X"

    text = search_text_for(H(), [M()])
    assert "11010519491231002x" not in text
    assert {"王五", "wangwu", "ww", "31002x", "002x"} <= set(text.split())


def test_character_readings_agree_with_pypinyin() -> None:
    from pypinyin import Style, lazy_pinyin, pinyin

    from homevisit.households.pinyin import readings

    # Common name characters: the usual reading is pypinyin's, and every reading it knows
    # for a character is offered (so 曾 finds both zeng and ceng).
    common = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    for char in common + "余杜叶程苏吕绿单乐":
        assert readings(char)[0] == lazy_pinyin(char)[0], char
        assert set(readings(char)) == set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])
    assert readings("a") == () and readings("·") == ()


def test_latin_and_mixed_names_are_searchable() -> None:
    class H:
        address = ""

    class M:
        name = "Li 明X"
        id_number = None

    assert {"li明x", "limingx", "lmx"} <= set(search_text_for(H(), [M()]).split())
