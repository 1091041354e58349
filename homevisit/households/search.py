"""Search-as-you-type over households (DESIGN §6): names, pinyin, ID tails and address.

Each household carries a derived ``search_text``: space-separated, lower-cased tokens. A query
matches when every one of its words is a substring of that text, so ``zs`` finds 张三 through
the initials token, ``zhangsan`` through the full pinyin, and ``123x`` through an ID tail.
The full ID number is deliberately not in the text: the tail is what people search by.

:func:`maintain_search_text` keeps the column, and the index of
:mod:`homevisit.households.search_index` that narrows a search to a few candidates, current
on every flush, so no caller has to remember to refresh them after editing a member.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, event, false, select, true, update
from sqlalchemy.orm import Session, sessionmaker

from homevisit.households.pinyin import readings
from homevisit.households.search_index import apply_texts, candidate_ids, defer
from homevisit.model import Household, Member
from homevisit.sql_sets import each, pairs

SEPARATOR = " "
_MAX_SURNAME_READINGS = 3  # e.g. 曾 reads ceng or zeng; 单 dan, shan or chan


class _Named(Protocol):
    name: str
    id_number: str | None


class _Addressed(Protocol):
    address: str


def _syllables(name: str) -> list[list[str]]:
    """Per syllable, its readings: one list per Chinese character (usual reading first), and
    one single-reading list per run of other letters or digits (Latin or minority names)."""
    out: list[list[str]] = []
    run = ""
    for char in name:
        found = readings(char)
        if found or not char.isalnum():
            if run:
                out.append([run])
                run = ""
            if found:
                out.append(list(found))
        else:
            run += char
    if run:
        out.append([run])
    return out


@lru_cache(maxsize=8192)  # names repeat a lot across households
def _pinyin_tokens(name: str) -> tuple[str, ...]:
    """Full pinyin and initials of a name, for each reading of its first character (surnames
    like 曾 zeng/ceng or 单 shan/dan), the other characters in their usual reading."""
    syllables = _syllables(name)
    if not syllables:
        return ()
    rest = [options[0] for options in syllables[1:]]
    tokens: list[str] = []
    for first in syllables[0][:_MAX_SURNAME_READINGS]:
        tokens.append(first + "".join(rest))
        tokens.append(first[0] + "".join(s[0] for s in rest))
    return tuple(tokens)


def search_text_for(household: _Addressed, members: Iterable[_Named]) -> str:
    """The ``search_text`` of a household: for each member the lower-cased name, its full
    pinyin and pinyin initials, and the last 4 and 6 characters of the ID number; then the
    address."""
    tokens: list[str] = []
    for member in members:
        name = (member.name or "").strip().lower()
        if name:
            tokens.append("".join(name.split()))
            tokens.extend(_pinyin_tokens(name))
        number = (member.id_number or "").strip().lower()
        if len(number) >= 6:
            tokens.extend((number[-6:], number[-4:]))
    address = "".join((household.address or "").lower().split())
    if address:
        tokens.append(address)
    return SEPARATOR.join(dict.fromkeys(tokens))  # de-duplicated, order kept


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_filter(
    query: str, session: Session | None = None, *, wanted: int = 50
) -> ColumnElement[bool]:
    """A WHERE clause on :class:`Household` for a user's query: every word must occur in
    ``search_text`` (case-insensitive). An empty query matches everything.

    With a ``session``, the search index is consulted first: when a word occurs in few
    households, the clause names those candidates, so SQLite looks up a handful of rows
    instead of scanning all of them. The ``LIKE`` check stays either way, so the result is
    the same; only the work differs. ``wanted`` is how many matches the query reads
    (offset + limit), which decides whether the scan or the candidates cost less. Use the
    clause in that session's transaction."""
    words = query.lower().split()
    if not words:
        return true()
    matches = and_(
        *(Household.search_text.like(f"%{_escape_like(w)}%", escape="\\") for w in words)
    )
    candidates = candidate_ids(session, words, wanted) if session is not None else None
    if candidates is None:
        return matches
    return and_(Household.id.in_(candidates), matches)


def search_select(
    query: str, *, limit: int = 50, offset: int = 0, session: Session | None = None
) -> Select[str]:
    """Ids of the live households matching ``query``, soonest due first: the query of the
    search box. A common word runs on the ``ix_households_listing`` index alone (see the
    model); with a ``session``, a rare one reads only its candidates (:func:`search_filter`)."""
    return (
        select(Household.id)
        .where(Household.deleted == false(), search_filter(query, session, wanted=offset + limit))
        .order_by(Household.due_date, Household.id)
        .offset(offset)
        .limit(limit)
    )


# --- keeping search_text current -------------------------------------------------------------


def _household_id_of(obj: Any) -> str | None:
    if isinstance(obj, Household):
        return obj.id
    if isinstance(obj, Member):
        if obj.household_id is None and "household" in obj.__dict__ and obj.household:
            return obj.household.id
        return obj.household_id
    return None


_CHUNK = 500  # ids per IN (...) query: well under SQLite's parameter limit


def _refresh(session: Session, household_ids: set[str]) -> dict[str, str | None]:
    # One query per 500 households (not one per household): a pull page touches many.
    members: dict[str, dict[str, Member]] = {hid: {} for hid in household_ids}
    ids = sorted(household_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        session.scalars(select(Household).where(Household.id.in_(chunk))).all()  # identity map
        for member in session.scalars(select(Member).where(Member.household_id.in_(chunk))):
            members[member.household_id][member.id] = member
    for member in session.new:
        if isinstance(member, Member) and _household_id_of(member) in members:
            members[_household_id_of(member)][member.id] = member  # type: ignore[index]
    new_households = {h.id: h for h in session.new if isinstance(h, Household)}
    texts: dict[str, str | None] = {}
    for household_id, found in members.items():
        household = new_households.get(household_id) or session.get(Household, household_id)
        if household is None or household in session.deleted:
            texts[household_id] = None  # gone (or going): its index terms go too
            continue
        live = [m for m in found.values() if not m.deleted and m not in session.deleted]
        live.sort(key=lambda m: (not m.is_guardian, m.name or ""))
        text = search_text_for(household, live)
        if household.search_text != text:
            household.search_text = text
        texts[household_id] = text
    return texts


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    touched: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Household | Member):
            household_id = _household_id_of(obj)
            if household_id is not None:
                touched.add(household_id)
    if touched:
        with session.no_autoflush:
            apply_texts(session.connection(), _refresh(session, touched))


def maintain_search_text(factory: sessionmaker[Session]) -> None:
    """Recompute ``Household.search_text`` and its search index whenever a household or its
    members change in a session made by ``factory``. Core (non-ORM) writers must set
    ``search_text`` themselves and then call :func:`homevisit.households.search_index.reindex`."""
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)


def refresh_search_texts(session: Session, household_ids: Iterable[str], *,
                         index_now: bool = True) -> None:
    """Recompute the ``search_text`` of these households from their stored rows and bring
    the index up to date, with Core statements: for writers that insert households and
    members in bulk (the sync pull), which the flush hook does not see. One query per 500
    households for the households, one for their members, one UPDATE for the changed texts.
    ``index_now`` False: their terms wait for ``search_index.index_pending`` (``defer``)."""
    ids = sorted(set(household_ids))
    connection = session.connection()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        members: dict[str, list[Any]] = {hid: [] for hid in chunk}
        for member in connection.execute(
            select(Member.household_id, Member.name, Member.id_number, Member.is_guardian)
            .where(Member.household_id.in_(each(chunk)), Member.deleted == false())
        ):
            members[member.household_id].append(member)
        texts: dict[str, str | None] = dict.fromkeys(chunk)
        changed: list[tuple[str, str]] = []
        for household in connection.execute(
            select(Household.id, Household.address, Household.search_text)
            .where(Household.id.in_(each(chunk)))
        ):
            live = sorted(members[household.id], key=lambda m: (not m.is_guardian, m.name or ""))
            text = search_text_for(household, live)
            texts[household.id] = text
            if household.search_text != text:
                changed.append((household.id, text))
        if changed:
            given = pairs(changed)
            connection.execute(update(Household).where(Household.id == given.c.key)
                               .values(search_text=given.c.value))
        if index_now:
            apply_texts(connection, texts)
        else:
            defer(connection, chunk)
