"""The search index of households (DESIGN §6), derived locally and never synced.

``search_terms`` holds, for every token of a household's ``search_text``, each of its
suffixes cut to :data:`TERM_CHARS` characters; a query word is then found by a prefix range
on the primary key instead of a ``LIKE '%…%'`` over every household (see
:mod:`homevisit.households.search_index`). Households are keyed by a small integer
(``search_keys``) so that the millions of term rows do not each repeat a 36-character household id.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base

TERM_CHARS = 6  # an ID tail is 6 long; longer words are narrowed by their first 6 characters


class SearchKey(Base):
    """A household's integer key in the index and the ``search_text`` its terms came from
    (so its old terms can be deleted by primary key when the text changes)."""

    __tablename__ = "search_keys"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[str] = mapped_column(String(36), unique=True)
    indexed_text: Mapped[str] = mapped_column(Text, default="")


class SearchTerm(Base):
    """One truncated suffix of one search token of one household."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(TERM_CHARS), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)  # the primary key is the whole row


class SearchPending(Base):
    """A household whose index terms wait for
    :func:`~homevisit.households.search_index.index_pending`. A sync pull keeps
    ``search_text`` current page by page but indexes once, at its end: a first download's
    100,000 terms then land in one transaction, instead of every page rewriting (and
    re-encrypting) most of the index's b-tree. Until then the household is a candidate of
    every search whatever its terms, so results stay exact, after a crash too."""

    __tablename__ = "search_pending"

    household_id: Mapped[str] = mapped_column(String(36), primary_key=True)
