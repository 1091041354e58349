"""One word for the visit mode: the form's ``consent.visit_mode`` answer ``in_person``
becomes ``home``, the value the visit's ``mode`` column and the wire always used
(``homevisit.protocol.vocabulary.VisitMode``).

Converted wherever an answer is kept: live visits, finalized versions (their read-only
trigger is lifted for this one statement and put back unchanged), outbox payloads waiting
to be pushed, and open conflicts. The flag source needs no conversion: the store only ever
held ``roster``; ``server`` was an in-memory spelling.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_VERSION_CONTENT = (
    "visit_id", "household_id", "version", "finalized_at", "mode", "visitors", "started_at",
    "ended_at", "form_id", "form_version", "answers", "observations", "traits",
    "policies_explained", "score", "score_detail", "suggested_level", "recommended_level",
    "recommendation_reason",
)
_TRIGGER = (
    "CREATE TRIGGER visit_versions_read_only BEFORE UPDATE OF "
    + ", ".join(_VERSION_CONTENT)
    + " ON visit_versions BEGIN"
    " SELECT RAISE(ABORT, 'finalized visit versions are read-only'); END"
)


def _rename(old: str, new: str) -> None:
    for table, column, path in (
        ("visits", "answers", "$.consent.visit_mode"),
        ("visit_versions", "answers", "$.consent.visit_mode"),
        ("outbox", "payload", "$.answers.consent.visit_mode"),
        ("conflicts", "local", "$.answers.consent.visit_mode"),
        ("conflicts", "server", "$.answers.consent.visit_mode"),
    ):
        op.execute(
            f"UPDATE {table} SET {column} = json_set({column}, '{path}', '{new}') "
            f"WHERE json_valid({column}) AND json_extract({column}, '{path}') = '{old}'"
        )


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS visit_versions_read_only")
    _rename("in_person", "home")
    op.execute(_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS visit_versions_read_only")
    _rename("home", "in_person")
    op.execute(_TRIGGER)
