"""Who may see what (DESIGN §4: every query is scoped by role and region/team).

- counselor: the households assigned to them;
- volunteer: the help-desk cases they handled themselves (no households);
- supervisor: the households of their team, or under their region (GB/T 2260 prefix);
- admin: everything.

Every record query of a router goes through one of these filters. Something outside the
scope is answered 404 (not 403), so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session, aliased

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import DELEGATION_GRANTS, DelegationStatus, Role
from homevisit.server.errors import NotFound
from homevisit.server.models import (
    Assignment,
    Change,
    Delegation,
    HelpDesk,
    HelpDeskCase,
    Household,
    Proposal,
)
from homevisit.server.principal import Principal


def region_prefix(code: str) -> str:
    """The prefix every code under ``code`` starts with: 320000 → 32, 320100 → 3201,
    320102 → 320102; a 9-digit township code is its own prefix."""
    if len(code) != 6:
        return code
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _supervisor_clause(p: Principal, team_col, region_col) -> ColumnElement[bool]:
    clauses = []
    if p.team_id is not None:
        clauses.append(team_col == p.team_id)
    if p.region_code:
        clauses.append(region_col.startswith(region_prefix(p.region_code)))
    return or_(*clauses) if clauses else false()


def _naming(p: Principal) -> ColumnElement[bool]:
    return and_(Delegation.deleted.is_(False),
                or_(Delegation.delegate == p.username, Delegation.assignee == p.username))


def delegated_households(p: Principal, *, active: bool = True) -> Select[str]:
    """Households a delegation names ``p`` for (as the delegate or the colleague their
    office assigned): only while it is accepted, unless ``active=False`` (accepted or since
    ended: the households ``p`` may have to be told they lost)."""
    granted = DELEGATION_GRANTS if active else DELEGATION_GRANTS | {DelegationStatus.ENDED}
    # = per status, not IN: an IN list is a parameter SQLAlchemy expands into the SQL text
    # on every execution (7 % of an empty pull's CPU); sorted, so the text never varies.
    return select(Delegation.household_id).where(_naming(p), or_(
        *(Delegation.status == status for status in sorted(granted, key=str))))


def _delegation_changes(p: Principal) -> ColumnElement[bool]:
    """The delegations naming ``p``: a request reaches the person asked before (and
    without) the household."""
    return and_(Change.entity == Entity.DELEGATION.value,
                Change.entity_id.in_(select(Delegation.id).where(_naming(p))))


def household_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``Household`` for what ``p`` may see: their own scope, and the
    households an active delegation opens to them (issue 19)."""
    if p.role is Role.ADMIN:
        return true()
    if p.role is Role.COUNSELOR:
        return or_(Household.assigned_counselor == p.username,
                   Household.id.in_(delegated_households(p)))
    if p.role is Role.SUPERVISOR:
        return or_(_supervisor_clause(p, Household.team_id, Household.region_code),
                   Household.id.in_(delegated_households(p)))
    return false()


def own_scope_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``Household`` for ``p``'s own scope, without delegations: where
    ``p`` may ask someone else to visit (a delegate never delegates further)."""
    if p.role is Role.COUNSELOR:
        return Household.assigned_counselor == p.username
    if p.role is Role.SUPERVISOR:
        return _supervisor_clause(p, Household.team_id, Household.region_code)
    return true() if p.role is Role.ADMIN else false()


def proposal_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``Proposal``: counselors their own, supervisors their team's or
    region's (the township the family lives in)."""
    if p.role is Role.ADMIN:
        return true()
    if p.role is Role.COUNSELOR:
        return Proposal.proposed_by == p.username
    if p.role is Role.SUPERVISOR:
        return _supervisor_clause(p, Proposal.team_id, Proposal.region_code)
    return false()


def _proposal_changes(p: Principal) -> ColumnElement[bool]:
    return and_(Change.entity == Entity.PROPOSAL.value,
                Change.entity_id.in_(select(Proposal.id).where(proposal_filter(p))))


def visible_household_ids(p: Principal) -> Select[str]:
    """A subquery of the household ids ``p`` may see (use with ``.in_()``)."""
    return select(Household.id).where(household_filter(p))


def desk_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``HelpDesk`` for a supervisor: their team's or region's desks."""
    if p.role is Role.ADMIN:
        return true()
    if p.role is Role.SUPERVISOR:
        return _supervisor_clause(p, HelpDesk.team_id, HelpDesk.region_code)
    return false()


def own_cases(p: Principal) -> Select[str]:
    """A volunteer's own cases (a subquery of ids): a volunteer receives only the cases they
    handled, never a colleague's applicants (the desk's totals come as figures)."""
    return select(HelpDeskCase.id).where(HelpDeskCase.volunteer == p.username)


def helpdesk_case_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``HelpDeskCase``: volunteers their own cases, supervisors their
    team's or region's desks."""
    if p.role is Role.ADMIN:
        return true()
    if p.role is Role.VOLUNTEER:
        return HelpDeskCase.volunteer == p.username
    if p.role is Role.SUPERVISOR:
        return HelpDeskCase.desk_id.in_(select(HelpDesk.id).where(desk_filter(p)))
    return false()


def change_filter(p: Principal) -> ColumnElement[bool]:
    """WHERE clause on the change log for a pull by ``p``: decided on the household or desk
    as it is NOW, never on the team and region copied onto old change rows (a household
    that moved to another team must stop reaching its old team's supervisors)."""
    if p.role is Role.ADMIN:
        return true()
    if p.role is Role.COUNSELOR:
        return or_(Change.household_id.in_(visible_household_ids(p)), _proposal_changes(p),
                   _delegation_changes(p))
    if p.role is Role.VOLUNTEER:
        return and_(Change.desk_id.is_not(None), Change.entity_id.in_(own_cases(p)))
    if p.role is Role.SUPERVISOR:
        desks = select(HelpDesk.id).where(desk_filter(p))
        return or_(Change.household_id.in_(visible_household_ids(p)),
                   Change.desk_id.in_(desks), _proposal_changes(p), _delegation_changes(p))
    return false()


def once_visible_households(p: Principal) -> Select[Any] | CompoundSelect[Any] | None:
    """Households that were in ``p``'s scope at some time (they may have left it since):
    a counselor's past assignments; for a supervisor, the team and region copied onto the
    household's change rows — the one thing those copies are still good for, history."""
    if p.role is Role.COUNSELOR:
        return select(Assignment.household_id).where(
            Assignment.counselor == p.username).union(delegated_households(p, active=False))
    if p.role is Role.SUPERVISOR:
        past = aliased(Change)
        return select(past.household_id).where(
            past.entity == Entity.HOUSEHOLD.value,
            _supervisor_clause(p, past.team_id, past.region_code)).union(
            delegated_households(p, active=False))
    return None


def household_visible(p: Principal, household: Household,
                      delegated: Collection[str] = ()) -> bool:
    """Whether ``p`` may see ``household`` as it is now (the Python twin of
    :func:`household_filter`, for rows already loaded; ``delegated``: the ids of
    :func:`delegated_households`)."""
    if p.role is Role.ADMIN or household.id in delegated:
        return True
    if p.role is Role.COUNSELOR:
        return household.assigned_counselor == p.username
    if p.role is Role.SUPERVISOR:
        if p.team_id is not None and household.team_id == p.team_id:
            return True
        return bool(p.region_code) and household.region_code.startswith(
            region_prefix(p.region_code or ""))
    return False


def can_see_household(session: Session, p: Principal, household_id: str) -> bool:
    found = session.execute(
        select(Household.id).where(Household.id == household_id, household_filter(p))
    ).first()
    return found is not None


def household_for(session: Session, p: Principal, household_id: str) -> Household:
    """The household if ``p`` may see it, else :class:`NotFound`."""
    row = session.execute(
        select(Household).where(Household.id == household_id, household_filter(p))
    ).scalar_one_or_none()
    if row is None:
        raise NotFound()
    return row
