"""The household search index (DESIGN §6): find the few households a query word can match
without reading all of them.

A query word matches a household when it is a substring of one of the tokens of its
``search_text`` (:mod:`homevisit.households.search`), i.e. a prefix of one of the tokens'
suffixes. The
index (:class:`~homevisit.model.SearchTerm`) holds every suffix cut to ``TERM_CHARS``
characters, so the households whose tokens contain a word are among those with a term that
starts with the word's first ``TERM_CHARS`` characters: one range on the primary key. The
index only narrows; :func:`homevisit.households.search.search_filter` still checks each
candidate with ``LIKE``, so results are exactly those of a full scan.

A word found in many households (``z``, ``张``) is not narrowed: the listing-index scan finds
50 of them within a few hundred rows anyway, while the index would hand back thousands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from homevisit.model import Household, SearchKey, SearchPending, SearchTerm
from homevisit.model.search_index import TERM_CHARS
from homevisit.sql_sets import each

# Above this many candidate households a word is "common": scanning the listing index in
# due-date order then meets a match every ~25 rows or sooner (at 50,000 households), cheaper
# than looking up and sorting thousands of candidates.
CANDIDATE_CAP = 2000
# Looking a candidate up (its key, the households index, the row, on pages that may need
# decrypting) costs about as much as scanning this many listing-index entries with LIKE
# (measured at 50,000 households: ~1,000 candidates ≈ 25 ms, a 50,000-row scan ≈ 40 ms).
LOOKUP_COST = 25
_CHUNK = 500  # ids per IN (...) query: well under SQLite's parameter limit


def index_terms(search_text: str) -> set[str]:
    """The index terms of a ``search_text``: every suffix of every token, cut to
    ``TERM_CHARS`` characters. Lower-cased (the text already is), because ``LIKE`` ignores
    ASCII case and the index must find whatever ``LIKE`` would."""
    return {
        token[i : i + TERM_CHARS]
        for token in search_text.lower().split()
        for i in range(len(token))
    }


def _prefix_end(prefix: str) -> str:
    """The least string above every string that starts with ``prefix`` (code-point order,
    which is UTF-8 byte order, SQLite's BINARY collation)."""
    code = ord(prefix[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be stored; no text contains them
        code = 0xE000
    if code > 0x10FFFF:
        return _prefix_end(prefix[:-1]) if len(prefix) > 1 else "\U0010ffff" * 2
    return prefix[:-1] + chr(code)


def _word_candidates(session: Session, word: str) -> set[int] | None:
    prefix = word[:TERM_CHARS]
    keys = set(
        session.scalars(
            select(SearchTerm.key)
            .where(SearchTerm.term >= prefix, SearchTerm.term < _prefix_end(prefix))
            .distinct()
            .limit(CANDIDATE_CAP + 1)
        )
    )
    return keys if len(keys) <= CANDIDATE_CAP else None


def candidate_ids(session: Session, words: Iterable[str], wanted: int = 50) -> list[str] | None:
    """Ids of the households that may contain every one of ``words`` (a superset of the
    matches), or None when scanning is cheaper: the scan stops after ``wanted`` matches,
    so the more households match, the sooner it stops, while every candidate costs a
    lookup. Households whose terms wait (:class:`SearchPending`) are always candidates."""
    pending = list(session.scalars(select(SearchPending.household_id)
                                   .limit(CANDIDATE_CAP + 1)))
    if len(pending) > CANDIDATE_CAP:
        return None
    narrowed: set[int] | None = None
    for word in sorted(set(words), key=len, reverse=True):  # long words narrow most
        keys = _word_candidates(session, word)
        if keys is not None:
            narrowed = keys if narrowed is None else narrowed & keys
    if narrowed is None:
        return None
    if narrowed:
        households = session.scalar(select(func.max(SearchKey.key))) or 0  # ~ the count
        scan_rows = min(households, wanted * households / len(narrowed))
        if len(narrowed) * LOOKUP_COST > scan_rows:
            return None
    ordered = sorted(narrowed)
    ids: list[str] = pending
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        ids += session.scalars(select(SearchKey.household_id).where(SearchKey.key.in_(chunk)))
    return ids


def apply_texts(connection: Connection, texts: Mapping[str, str | None]) -> None:
    """Bring the index of each household in ``texts`` up to its ``search_text`` (None: the
    household is gone). Only the terms that changed are written."""
    ids = sorted(texts)
    for i in range(0, len(ids), _CHUNK):
        _apply_chunk(connection, {hid: texts[hid] for hid in ids[i : i + _CHUNK]})


def _apply_chunk(connection: Connection, texts: Mapping[str, str | None]) -> None:
    known = {
        row.household_id: row
        for row in connection.execute(
            select(SearchKey.key, SearchKey.household_id, SearchKey.indexed_text).where(
                SearchKey.household_id.in_(each(list(texts)))
            )
        )
    }
    next_key: int | None = None
    new_keys: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    gone: list[int] = []
    added: list[tuple[str, int]] = []
    removed: list[tuple[str, int]] = []  # (term, key)
    for household_id, text in texts.items():
        row = known.get(household_id)
        if row is not None and row.indexed_text == text:
            continue
        if row is None and text is None:
            continue
        old = index_terms(row.indexed_text) if row is not None else set()
        new = index_terms(text) if text is not None else set()
        if row is None:
            if next_key is None:
                next_key = connection.scalar(select(func.coalesce(func.max(SearchKey.key), 0)))
                assert next_key is not None
            next_key += 1
            key = next_key
            new_keys.append({"key": key, "household_id": household_id, "indexed_text": text})
        else:
            key = row.key
            if text is None:
                gone.append(key)
            else:
                changed.append({"k": key, "text": text})
        removed += ((term, key) for term in old - new)
        added += ((term, key) for term in new - old)
    if removed:
        connection.exec_driver_sql("DELETE FROM search_terms WHERE term = ? AND key = ?",
                                   removed)
    if added:
        # Straight to the driver: a first download adds ~100,000 terms, and the statement
        # layer's per-row parameter handling cost more than SQLite's inserting them. In
        # key order: each insert then lands next to the one before in the table's b-tree.
        added.sort()
        connection.exec_driver_sql("INSERT INTO search_terms (term, key) VALUES (?, ?)",
                                   added)
    if new_keys:
        connection.execute(insert(SearchKey), new_keys)
    if changed:
        connection.execute(
            update(SearchKey)
            .where(SearchKey.key == bindparam("k"))
            .values(indexed_text=bindparam("text")),
            changed,
        )
    if gone:
        connection.execute(delete(SearchKey).where(SearchKey.key.in_(gone)))


def defer(connection: Connection, household_ids: Sequence[str]) -> None:
    """Leave these households' terms for :func:`index_pending` (they are searched as
    candidates meanwhile): for a writer that changes many households in several
    transactions, the sync pull."""
    connection.execute(insert(SearchPending).prefix_with("OR IGNORE")
                       .from_select(["household_id"], each(household_ids)))


def index_pending(session: Session) -> int:
    """Index every household whose terms wait (:func:`defer`), in the caller's transaction.
    Returns how many there were."""
    ids = list(session.scalars(select(SearchPending.household_id)))
    if ids:
        reindex(session, ids)
        session.execute(delete(SearchPending).where(SearchPending.household_id.in_(each(ids))))
    return len(ids)


def reindex(session: Session, household_ids: Iterable[str]) -> None:
    """Index households as their stored ``search_text`` reads now: for writers that insert
    or update households with Core statements, which the flush hook does not see."""
    ids = sorted(set(household_ids))
    connection = session.connection()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        texts: dict[str, str | None] = dict.fromkeys(chunk)
        for household_id, text in connection.execute(
            select(Household.id, Household.search_text).where(Household.id.in_(chunk))
        ):
            texts[household_id] = text
        _apply_chunk(connection, texts)


def stale_ids(session: Session) -> list[str]:
    """Households whose index does not match their ``search_text`` (or that are indexed but
    gone): empty unless a Core writer skipped :func:`reindex`."""
    text_of = select(SearchKey.indexed_text).where(SearchKey.household_id == Household.id)
    drifted = select(Household.id).where(
        Household.search_text.is_distinct_from(text_of.scalar_subquery())
    )
    orphans = select(SearchKey.household_id).where(
        ~select(Household.id).where(Household.id == SearchKey.household_id).exists()
    )
    return list(session.scalars(drifted.union_all(orphans)))
