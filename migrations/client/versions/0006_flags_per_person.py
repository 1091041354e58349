"""Device flags: one per family member and category (issue 14), folded from one per rule.

Until now a device flag was raised per rule, so one fact ("father is a civil servant") gave
several flags with the same question, and none carried its member in ``member_id``. This
revision folds the flags that exist only on this device (never synced, their outbox row not
yet sent) into one per (visit, member, category): the most advanced status carries on, every
rule's evidence is listed in the trigger's ``rules``, an explanation given on any of them is
kept, ``member_id`` is filled in, the pending outbox row follows, and the others go with
their unsent rows. Flags the server already has are folded by the server's revision 0005
and come back folded at the next pull (folding them here too would conflict with it).
The fold is copied here from homevisit.visits.flags so this script never imports
application code.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_RANK = {"open": 0, "explained": 1, "confirmed": 2, "dismissed": 2}

flags = sa.table(
    'flags', sa.column('id', sa.String), sa.column('rev', sa.Integer),
    sa.column('deleted', sa.Boolean), sa.column('visit_id', sa.String),
    sa.column('member_id', sa.String), sa.column('source', sa.String),
    sa.column('category', sa.String), sa.column('status', sa.String),
    sa.column('evidence', sa.Text), sa.column('trigger', sa.JSON),
    sa.column('explanation', sa.Text), sa.column('updated_at', sa.DateTime))
outbox = sa.table(
    'outbox', sa.column('op_id', sa.Integer), sa.column('entity', sa.String),
    sa.column('entity_id', sa.String), sa.column('attempts', sa.Integer),
    sa.column('quarantined', sa.Boolean), sa.column('payload', sa.JSON))
members = sa.table('members', sa.column('id', sa.String))


def _rules(trigger: Mapping[str, Any]) -> list[dict[str, Any]]:
    listed = [r for r in trigger.get('rules') or () if isinstance(r, Mapping)]
    if listed:
        return [dict(r) for r in listed]
    return [{'rule_id': trigger.get('rule_id'), 'trigger_field': trigger.get('trigger_field'),
             'trigger_value': trigger.get('trigger_value'), 'evidence': trigger.get('evidence')}]


def _person(trigger: Mapping[str, Any]) -> str:
    return str(trigger.get('member_id') or f"#{trigger.get('member_index')}")


def fold(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any], list[str]]]:
    """(kept row, its new values, ids of the rows folded into it) per member and category
    with more than one flag, or with one whose trigger predates ``rules``."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        trigger = row['trigger'] if isinstance(row['trigger'], Mapping) else None
        if trigger is None or 'member_index' not in trigger:
            continue
        groups.setdefault((row['visit_id'] or '', _person(trigger), row['category']),
                          []).append(row)
    plans = []
    for group in groups.values():
        if len(group) == 1 and group[0]['trigger'].get('rules'):
            continue
        group.sort(key=lambda r: (-_RANK.get(r['status'], 0), str(r['updated_at'] or '')))
        kept, others = group[0], group[1:]
        rules: list[dict[str, Any]] = []
        for row in group:
            for rule in _rules(row['trigger']):
                if all((r['rule_id'], r['trigger_field'], r['trigger_value'])
                       != (rule['rule_id'], rule['trigger_field'], rule['trigger_value'])
                       for r in rules):
                    rules.append(rule)
        trigger = {**kept['trigger'], 'rules': rules}
        evidence = ''.join(str((r.get('evidence') or {}).get('zh') or '') for r in rules)
        explanation = kept['explanation'] or next(
            (r['explanation'] for r in others if r['explanation']), None)
        values = {'trigger': trigger, 'evidence': evidence or kept['evidence'],
                  'explanation': explanation, 'member_id': kept['trigger'].get('member_id')}
        plans.append((kept, values, [r['id'] for r in others]))
    return plans


def upgrade() -> None:
    bind = op.get_bind()
    rows = [dict(r._mapping) for r in bind.execute(
        sa.select(flags).where(flags.c.source == 'device', flags.c.deleted.is_(False)))]
    pending: dict[str, list[dict[str, Any]]] = {}
    for row in bind.execute(sa.select(outbox).where(outbox.c.entity == 'flag')):
        pending.setdefault(row.entity_id, []).append(dict(row._mapping))
    known_members = set(bind.execute(sa.select(members.c.id)).scalars())

    def local_only(row: dict[str, Any]) -> bool:
        ops = pending.get(row['id'], [])
        return (row['rev'] or 0) == 0 and bool(ops) and all(
            o['attempts'] == 0 and not o['quarantined'] for o in ops)

    for kept, values, folded in fold(rows):
        group = [kept] + [r for r in rows if r['id'] in folded]
        if not all(local_only(r) for r in group):
            continue  # the server has some of them: its revision 0005 folds them
        if values['member_id'] not in known_members:
            values['member_id'] = None
        bind.execute(flags.update().where(flags.c.id == kept['id']).values(**values))
        for op_row in pending[kept['id']]:
            payload = dict(op_row['payload'] or {})
            record = dict(payload.get('record') or {})
            record.update(values)
            payload['record'] = record
            bind.execute(outbox.update().where(outbox.c.op_id == op_row['op_id'])
                         .values(payload=payload))
        for flag_id in folded:
            bind.execute(outbox.delete().where(outbox.c.entity == 'flag',
                                               outbox.c.entity_id == flag_id))
            bind.execute(flags.delete().where(flags.c.id == flag_id))


def downgrade() -> None:
    # Folded flags stay folded: the rules they carry are all still listed in each trigger.
    pass
