"""Server policies applied on the device (DESIGN §4): idle lock, max offline days, retention,
minimum client version, form and scoring versions. Kept typed in ``SyncState.policies``."""

from __future__ import annotations

import datetime as dt
import re

import pydantic
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homevisit import __version__
from homevisit.model import Attachment, Outbox, SyncState, Visit, VisitStatus
from homevisit.outbox import MODELS
from homevisit.protocol.auth import Policies
from homevisit.protocol.records import Entity
from homevisit.protocol.sync_policy import POLICIES, Purge


def load_policies(session: Session) -> Policies:
    """The policies last received from the server (defaults before the first contact)."""
    state = session.get(SyncState, 1)
    try:
        return Policies.model_validate(state.policies if state and state.policies else {})
    except pydantic.ValidationError:
        return Policies()


def store_policies(session: Session, policies: Policies) -> None:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, pull_cursor=0)
        session.add(state)
    state.policies = policies.model_dump(mode="json")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:4])


def client_too_old(policies: Policies, version: str = __version__) -> bool:
    """True when this app is older than the server's minimum client version."""
    return _version_tuple(version) < _version_tuple(policies.min_client_version)


def offline_too_long(session: Session, now: dt.datetime | None = None) -> bool:
    """True when the last server contact is older than ``max_offline_days``: the profile
    then needs an online unlock. A profile that never reached a server is not held back."""
    state = session.get(SyncState, 1)
    if state is None or state.last_server_contact_at is None:
        return False
    now = now or dt.datetime.now(dt.UTC)
    limit = dt.timedelta(days=load_policies(session).max_offline_days)
    return now - state.last_server_contact_at > limit


def purged_with_visits() -> list[Entity]:
    """The record kinds purged together with their approved visit (policy ``WITH_VISIT``)."""
    return [e for e, p in POLICIES.items() if p.purge is Purge.WITH_VISIT]


def purge_expired(session: Session, now: dt.datetime | None = None) -> tuple[int, list[str]]:
    """Remove local copies of visits the server approved more than ``retention_days`` ago
    (the visit's ``updated_at`` is the server's time of that change), with their versions,
    consent, reviews, flags and files — unless anything of the household is still unsent.
    Returns (visits purged, vault file ids to delete after the commit)."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=load_policies(session).retention_days)
    visits = session.execute(
        select(Visit.id, Visit.household_id).where(
            Visit.status == VisitStatus.APPROVED, Visit.rev > 0, Visit.updated_at < cutoff)
    ).all()
    if not visits:
        return 0, []
    busy = set(session.scalars(select(Outbox.entity_id)))
    visit_ids = [v for v, household in visits if v not in busy and household not in busy]
    if not visit_ids:
        return 0, []
    files = list(session.scalars(select(Attachment.vault_file_id).where(
        Attachment.visit_id.in_(visit_ids), Attachment.file_key != b"")))
    # The policy table says what goes with a purged visit (its versions, consent, files…).
    for entity in purged_with_visits():
        model = MODELS[entity]
        session.execute(delete(model).where(
            model.visit_id.in_(visit_ids)))  # type: ignore[attr-defined]  # WITH_VISIT rows have one
    session.execute(delete(Visit).where(Visit.id.in_(visit_ids)))
    return len(visit_ids), files
