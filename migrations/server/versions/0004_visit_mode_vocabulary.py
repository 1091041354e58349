"""One word for the visit mode: the form's ``consent.visit_mode`` answer ``in_person``
becomes ``home``, the value the ``mode`` column and the wire always used
(``homevisit.protocol.vocabulary.VisitMode``), in visits and their finalized versions.

Devices convert their own copies (client revision 0005), so no change is recorded for pull.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _rename(old: str, new: str) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in ("visits", "visit_versions"):
        if postgres:
            op.execute(
                f"UPDATE {table} SET answers = jsonb_set(answers, '{{consent,visit_mode}}', "
                f"'\"{new}\"') WHERE answers #>> '{{consent,visit_mode}}' = '{old}'"
            )
        else:
            op.execute(
                f"UPDATE {table} SET answers = json_set(answers, '$.consent.visit_mode', "
                f"'{new}') WHERE json_extract(answers, '$.consent.visit_mode') = '{old}'"
            )


def upgrade() -> None:
    _rename("in_person", "home")


def downgrade() -> None:
    _rename("home", "in_person")
