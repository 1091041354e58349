"""Rosters (public-finance payroll; market-regulation register of legal representatives and
officers) and matching guardians against them (DESIGN §3 flags, source a).

Rosters never leave the server: only the resulting flags are synced, each with a short
evidence line naming the roster, the employer and the position — never an ID number. ID
numbers are stored and matched as HMAC-SHA-256 under the roster secret
(:mod:`homevisit.server.roster_key`), which every session of the server carries in
``session.info["roster_key"]`` (set on the sessionmaker), so callers deep in push or
assignment need not pass it along.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import FlagCategory, FlagSource, FlagStatus
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import RosterSecretMissing
from homevisit.server.models import ConsentRecord, Flag, Member, RosterEntry
from homevisit.server.roster_key import SESSION_KEY, RosterKey

KINDS = {"payroll": FlagCategory.PUBLIC_EMPLOYEE, "market_register": FlagCategory.CORPORATE_OFFICER}
_KIND_ZH = {"payroll": "财政供养人员名册", "market_register": "市场监管登记的法定代表人及高管"}
_QUESTION = {
    "payroll": "请核实该监护人是否为财政供养人员（或其退休人员），以及是否与学生共同生活。",
    "market_register": "请核实该监护人是否仍担任企业法定代表人或高管，企业是否仍在经营。",
}


def roster_key_of(session: Session) -> RosterKey:
    key = session.info.get(SESSION_KEY)
    if not isinstance(key, RosterKey):
        raise RosterSecretMissing()
    return key


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One roster line as imported; ``id_number`` is hashed before it is stored."""

    id_number: str
    employer: str = ""
    position: str = ""
    credit_code: str | None = None
    evidence: str = ""


def import_roster(session: Session, kind: str, rows: Iterable[RosterRow], batch: str) -> int:
    """Replace the roster of ``kind`` with ``rows`` (a roster is a full snapshot)."""
    if kind not in KINDS:
        raise ValueError(f"unknown roster kind {kind!r}")
    key = roster_key_of(session)
    session.execute(delete(RosterEntry).where(RosterEntry.kind == kind))
    count = 0
    for row in rows:
        session.add(
            RosterEntry(
                kind=kind,
                id_number_hash=key.id_number_hash(row.id_number),
                employer=row.employer[:200],
                position=row.position[:100],
                credit_code=row.credit_code,
                evidence=row.evidence[:200],
                batch=batch,
            )
        )
        count += 1
    session.flush()
    return count


def evidence_line(entry: RosterEntry) -> str:
    parts = [f"{_KIND_ZH[entry.kind]}（{entry.batch}）"]
    if entry.employer:
        parts.append(f"单位：{entry.employer}")
    if entry.position:
        parts.append(f"职务：{entry.position}")
    return "；".join(parts)


def roster_authorised(session: Session, household_id: str) -> bool:
    """Whether any synced consent of the household authorises roster checks."""
    return session.execute(select(ConsentRecord.id).where(
        ConsentRecord.household_id == household_id,
        ConsentRecord.roster_check_authorised.is_(True),
        ConsentRecord.deleted.is_(False)).limit(1)).first() is not None


def match_household(
    session: Session,
    household_id: str,
    *,
    visit_id: str | None = None,
    device_id: str | None = None,
) -> list[Flag]:
    """Match the household's guardians against every roster and add an open flag per new
    hit, only once a synced consent authorises roster checks: that visit's consent when
    called by sync for a synced visit (``visit_id``), any of the household's on assignment.
    A hit already flagged for that member and roster is not flagged again (a decided flag
    stays decided)."""
    if visit_id is None and not roster_authorised(session, household_id):
        return []  # never before a synced consent carries the written authorisation
    if visit_id is not None:
        authorised = session.execute(
            select(ConsentRecord.id).where(
                ConsentRecord.visit_id == visit_id,
                ConsentRecord.roster_check_authorised.is_(True),
                ConsentRecord.deleted.is_(False),
            )
        ).first()
        if authorised is None:
            return []
    guardians = session.execute(
        select(Member).where(
            Member.household_id == household_id,
            Member.is_guardian.is_(True),
            Member.deleted.is_(False),
            Member.id_number.is_not(None),
        )
    ).scalars().all()
    raised: list[Flag] = []
    key = roster_key_of(session) if guardians else None
    for member in guardians:
        assert member.id_number is not None and key is not None
        wanted = key.id_number_hash(member.id_number)
        hits = session.execute(
            select(RosterEntry).where(RosterEntry.id_number_hash == wanted)
        ).scalars()
        for entry in hits:
            rule_id = f"roster.{entry.kind}"
            already = session.execute(
                select(Flag.id).where(
                    Flag.household_id == household_id,
                    Flag.member_id == member.id,
                    Flag.rule_id == rule_id,
                    Flag.source == FlagSource.ROSTER,
                    Flag.deleted.is_(False),  # a withdrawn result is no answer to a new match
                )
            ).first()
            if already:
                continue
            flag = Flag(
                id=str(uuid.uuid4()),
                household_id=household_id,
                member_id=member.id,
                visit_id=visit_id,
                source=FlagSource.ROSTER,
                rule_id=rule_id,
                category=KINDS[entry.kind],
                evidence=evidence_line(entry),
                trigger={"roster": entry.kind, "batch": entry.batch},
                suggested_question=_QUESTION[entry.kind],
                status=FlagStatus.OPEN,
                rev=0,
            )
            bump(flag)
            session.add(flag)
            session.flush()
            record_change(session, Entity.FLAG, flag, device_id=device_id)
            raised.append(flag)
    return raised


def withdraw(session: Session, flags: Iterable[Flag], device_id: str | None = None) -> int:
    """Withdraw roster results: deleted, so devices drop them at the next pull (nothing of
    a number that is no longer asked about stays anywhere). Returns how many went."""
    count = 0
    for flag in flags:
        flag.deleted = True
        bump(flag)
        record_change(session, Entity.FLAG, flag, device_id=device_id)
        count += 1
    return count


def rematch_renumbered(session: Session, members: Mapping[str, str],
                       device_id: str | None = None) -> list[Flag]:
    """Members (id → household id) whose ID number a device changed: the roster results of
    the old number are withdrawn, as when consent is withdrawn, and the households are
    matched again with the new numbers — only where a synced consent authorises roster
    checks (:func:`match_household` without a visit). Returns the flags raised."""
    if not members:
        return []
    withdraw(session, session.execute(select(Flag).where(
        Flag.member_id.in_(members), Flag.source == FlagSource.ROSTER,
        Flag.deleted.is_(False))).scalars().all(), device_id)
    raised: list[Flag] = []
    for household_id in sorted(set(members.values())):
        raised += match_household(session, household_id, device_id=device_id)
    return raised
