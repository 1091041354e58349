"""Policies devices obey (idle lock, offline days, retention, versions): key/value rows."""

from __future__ import annotations

from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.auth import POLICY_KEYS, Policies
from homevisit.server.errors import InvalidRequest
from homevisit.server.models import Policy, utc_now


def load_policies(session: Session) -> Policies:
    """Stored values over the defaults; a key no longer known is ignored."""
    stored = {p.key: p.value for p in session.execute(select(Policy)).scalars()}
    return Policies.model_validate({k: v for k, v in stored.items() if k in POLICY_KEYS})


def set_policy(session: Session, key: str, value: Any, *, actor: str | None) -> Policies:
    """Validate ``value`` against the policy schema, then store it."""
    if key not in POLICY_KEYS:
        raise InvalidRequest()
    current = load_policies(session).model_dump()
    current[key] = value
    try:
        Policies.model_validate(current)
    except pydantic.ValidationError:
        raise InvalidRequest() from None
    row = session.get(Policy, key)
    if row is None:
        row = Policy(key=key)
        session.add(row)
    row.value, row.updated_at, row.updated_by = value, utc_now(), actor
    session.flush()
    return load_policies(session)
