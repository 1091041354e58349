"""Device flags: one per family member and category (issue 14), folded from one per rule.

Devices raised a flag per rule until now, so one fact ("father is a civil servant") counted
as several flags in the review queue and in the "undecided flags" check. This revision folds
the device flags of each (visit, member, category) into one: the most advanced status
carries on, every rule's evidence is listed in the trigger's ``rules``, an explanation
given on any of them is kept and ``member_id`` is filled in; the others become tombstones.
A supervisor's decision is never dropped (a decided flag is never folded away). Every row
touched gets a new rev and a change, so devices pull the folded flags. The fold is copied
from homevisit.visits.flags so this script never imports application code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

import homevisit.server.models.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_RANK = {"open": 0, "explained": 1, "confirmed": 2, "dismissed": 2}
_DECIDED = {"confirmed", "dismissed"}
_UTC = homevisit.server.models.base.UTCDateTime()
_JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql')

flags = sa.table(
    'flags', sa.column('id', sa.String), sa.column('rev', sa.Integer),
    sa.column('deleted', sa.Boolean), sa.column('household_id', sa.String),
    sa.column('visit_id', sa.String), sa.column('member_id', sa.String),
    sa.column('source', sa.String), sa.column('category', sa.String),
    sa.column('status', sa.String), sa.column('evidence', sa.Text),
    sa.column('trigger', _JSON), sa.column('explanation', sa.Text),
    sa.column('updated_at', _UTC))
households = sa.table('households', sa.column('id', sa.String), sa.column('team_id', sa.Integer),
                      sa.column('region_code', sa.String))
changes = sa.table(
    'changes', sa.column('entity', sa.String), sa.column('entity_id', sa.String),
    sa.column('rev', sa.Integer), sa.column('deleted', sa.Boolean),
    sa.column('household_id', sa.String), sa.column('team_id', sa.Integer),
    sa.column('region_code', sa.String), sa.column('changed_at', _UTC))


def _rules(trigger: Mapping[str, Any]) -> list[dict[str, Any]]:
    listed = [r for r in trigger.get('rules') or () if isinstance(r, Mapping)]
    if listed:
        return [dict(r) for r in listed]
    return [{'rule_id': trigger.get('rule_id'), 'trigger_field': trigger.get('trigger_field'),
             'trigger_value': trigger.get('trigger_value'), 'evidence': trigger.get('evidence')}]


def _person(trigger: Mapping[str, Any]) -> str:
    return str(trigger.get('member_id') or f"#{trigger.get('member_index')}")


def fold(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any], list[str]]]:
    """(kept row, its new values, ids of the undecided rows folded into it) per member and
    category with more than one flag, or with one whose trigger predates ``rules``."""
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
        kept = group[0]
        others = [r for r in group[1:] if r['status'] not in _DECIDED]
        rules: list[dict[str, Any]] = []
        for row in [kept, *others]:
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
                  'explanation': explanation,
                  'member_id': kept['member_id'] or kept['trigger'].get('member_id')}
        plans.append((kept, values, [r['id'] for r in others]))
    return plans


def upgrade() -> None:
    bind = op.get_bind()
    rows = [dict(r._mapping) for r in bind.execute(
        sa.select(flags).where(flags.c.source == 'device', flags.c.deleted.is_(False)))]
    by_id = {r['id']: r for r in rows}
    scope = {h.id: h for h in bind.execute(sa.select(households))}
    now = dt.datetime.now(dt.UTC)

    def changed(row: dict[str, Any], deleted: bool) -> None:
        household = scope.get(row['household_id'])
        bind.execute(changes.insert().values(
            entity='flag', entity_id=row['id'], rev=row['rev'] + 1, deleted=deleted,
            household_id=row['household_id'],
            team_id=household.team_id if household else None,
            region_code=household.region_code if household else None, changed_at=now))

    for kept, values, folded in fold(rows):
        bind.execute(flags.update().where(flags.c.id == kept['id']).values(
            rev=kept['rev'] + 1, updated_at=now, **values))
        changed(kept, False)
        for flag_id in folded:
            row = by_id[flag_id]
            bind.execute(flags.update().where(flags.c.id == flag_id).values(
                rev=row['rev'] + 1, updated_at=now, deleted=True))
            changed(row, True)


def downgrade() -> None:
    # Folded flags stay folded: the rules they carry are all still listed in each trigger.
    pass
