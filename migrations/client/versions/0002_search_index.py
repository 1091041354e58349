"""Search index of households (DESIGN §6: search-as-you-type p95 < 30 ms at 50,000).

``search_keys`` gives each household a small integer key; ``search_terms`` holds every suffix
of every token of its ``search_text``, cut to 6 characters, so a query word is found by a
prefix range instead of a LIKE over all households (homevisit.search_index). The index of the
households already in the store is built here, from their ``search_text`` (which 0001 kept
current), with the derivation copied below so this script never imports application code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_TERM_CHARS = 6
_BATCH = 1000


def _terms(search_text: str) -> set[str]:
    # The same as homevisit.search_index.index_terms at this revision.
    return {t[i : i + _TERM_CHARS] for t in search_text.lower().split() for i in range(len(t))}


def upgrade() -> None:
    keys = op.create_table('search_keys',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('indexed_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_search_keys')),
    sa.UniqueConstraint('household_id', name=op.f('uq_search_keys_household_id'))
    )
    terms = op.create_table('search_terms',
    sa.Column('term', sa.String(length=6), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', 'key', name=op.f('pk_search_terms')),
    sqlite_with_rowid=False
    )
    connection = op.get_bind()
    households = connection.execute(
        sa.text("SELECT id, search_text FROM households ORDER BY id")
    ).all()
    for start in range(0, len(households), _BATCH):
        batch = households[start : start + _BATCH]
        key_rows = [
            {"key": start + n + 1, "household_id": hid, "indexed_text": text}
            for n, (hid, text) in enumerate(batch)
        ]
        term_rows = [
            {"term": term, "key": row["key"]}
            for row in key_rows
            for term in _terms(row["indexed_text"])
        ]
        connection.execute(keys.insert(), key_rows)
        if term_rows:
            connection.execute(terms.insert(), term_rows)


    # Planner statistics for the households indexes, fixed rather than measured (ANALYZE
    # would take seconds on a laptop and change as the store fills): without them SQLite
    # guesses that "deleted = 0" matches 10 rows and walks the listing index in due-date
    # order even when the search index has named a few candidates, reading all 50,000.
    # With them it looks the candidates up by id and sorts them. "ANALYZE sqlite_schema"
    # makes the stat table and reloads it; it analyses nothing else.
    connection.exec_driver_sql("ANALYZE sqlite_schema")
    connection.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl = 'households'")
    connection.exec_driver_sql(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES"
        " ('households', 'ix_households_listing', '50000 50000 400 1 1'),"
        " ('households', 'sqlite_autoindex_households_1', '50000 1')"
    )
    connection.exec_driver_sql("ANALYZE sqlite_schema")


def downgrade() -> None:
    op.drop_table('search_terms')
    op.drop_table('search_keys')
