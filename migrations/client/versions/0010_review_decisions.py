"""Supervisor decisions as records (issue 15): flag decisions and comment answers, and
review comments anchored to a member's id.

``flag_decisions`` holds a supervisor's confirm or dismiss of a flag (pushed like any record;
the server applies it to the flag). ``comment_answers`` holds the counselor's answers to a
review's comments. A review comment gets an ``id`` (an answer names it) and, when it was
anchored by a member's position (``members.people.2.income``), the anchor becomes the field
without the position plus ``member_id``, read from the roster item of the reviewed version
(so the anchor survives reordering). The rewrite is copied here so this script never
imports application code.

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0011'
branch_labels = None
depends_on = None

reviews = sa.table(
    'reviews', sa.column('id', sa.String), sa.column('visit_id', sa.String),
    sa.column('visit_version', sa.Integer), sa.column('comments', sa.JSON))
versions = sa.table(
    'visit_versions', sa.column('visit_id', sa.String), sa.column('version', sa.Integer),
    sa.column('answers', sa.JSON))


def _item(answers: Mapping[str, Any], parts: list[str]) -> tuple[str, str | None] | None:
    """(field without the position, member id) of a positional roster path, if it is one."""
    for cut, part in enumerate(parts):
        if not part.isdigit() or cut == 0:
            continue
        node: Any = answers
        for key in parts[:cut]:
            node = node.get(key) if isinstance(node, Mapping) else None
        if not isinstance(node, list) or int(part) >= len(node):
            return None
        item = node[int(part)]
        member = item.get('_id') if isinstance(item, Mapping) else None
        return '.'.join(parts[:cut] + parts[cut + 1:]), member if isinstance(member, str) else None
    return None


def anchored(comment: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The comment with an id and a position-free anchor."""
    out = {'id': comment.get('id') or str(uuid.uuid4()), 'field': comment.get('field') or None,
           'member_id': comment.get('member_id'), 'text': comment.get('text') or '-'}
    field = out['field']
    if isinstance(field, str) and out['member_id'] is None:
        parts = field.split('.')
        if parts and parts[0] == 'answers':
            parts = parts[1:]  # "answers." was sometimes written before the form path
        found = _item(answers, parts)
        if found is not None:
            out['field'], out['member_id'] = found
    return out


def rewrite_comments(bind: sa.Connection) -> None:
    for row in bind.execute(sa.select(reviews)).all():
        comments = row.comments if isinstance(row.comments, list) else []
        answers = bind.execute(sa.select(versions.c.answers).where(
            versions.c.visit_id == row.visit_id,
            versions.c.version == row.visit_version)).scalar()
        answers = answers if isinstance(answers, Mapping) else {}
        new = [anchored(c, answers) for c in comments if isinstance(c, Mapping)]
        if new != comments:
            bind.execute(reviews.update().where(reviews.c.id == row.id).values(comments=new))


def upgrade() -> None:
    op.create_table(
        'flag_decisions',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('flag_id', sa.String(length=36), nullable=False),
        sa.Column('household_id', sa.String(length=36), nullable=False),
        sa.Column('visit_id', sa.String(length=36), nullable=True),
        sa.Column('decision', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_by', sa.String(length=100), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                                name=op.f('fk_flag_decisions_household_id_households'),
                                ondelete='CASCADE', initially='DEFERRED', deferrable=True),
        sa.ForeignKeyConstraint(['visit_id'], ['visits.id'],
                                name=op.f('fk_flag_decisions_visit_id_visits'),
                                ondelete='CASCADE', initially='DEFERRED', deferrable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_decisions')),
    )
    with op.batch_alter_table('flag_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_decisions_flag_id'), ['flag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_decisions_visit_id'), ['visit_id'],
                              unique=False)
    op.create_table(
        'comment_answers',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('review_id', sa.String(length=36), nullable=False),
        sa.Column('comment_id', sa.String(length=36), nullable=False),
        sa.Column('visit_id', sa.String(length=36), nullable=False),
        sa.Column('household_id', sa.String(length=36), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=100), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                                name=op.f('fk_comment_answers_household_id_households'),
                                ondelete='CASCADE', initially='DEFERRED', deferrable=True),
        sa.ForeignKeyConstraint(['visit_id'], ['visits.id'],
                                name=op.f('fk_comment_answers_visit_id_visits'),
                                ondelete='CASCADE', initially='DEFERRED', deferrable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_answers')),
    )
    with op.batch_alter_table('comment_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_answers_visit_id'), ['visit_id'],
                              unique=False)
    rewrite_comments(op.get_bind())


def downgrade() -> None:
    op.drop_table('comment_answers')
    op.drop_table('flag_decisions')
