"""Delegations and proposals arriving by push (issue 19): who may make which move (checked
before anything is written) and what an applied op sets going (after it is stored). The
push calls these for the entities listed; the rules live in ``delegations`` and
``proposals``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity, Record
from homevisit.server import delegations, proposals
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal

Check = Callable[[Session, Principal, Record | None, Base | None, Any], None]
After = Callable[[Session, Principal, Base, bool], None]

CHECKS: Mapping[Entity, Check] = {
    Entity.DELEGATION: delegations.check_push,
    Entity.PROPOSAL: proposals.check_push,
}
AFTER_APPLY: Mapping[Entity, After] = {
    Entity.DELEGATION: delegations.after_apply,
    Entity.PROPOSAL: proposals.after_apply,
}
