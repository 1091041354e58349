"""Administrator endpoints: users, teams, regions, devices, policies, assignments, audit.
Every change is written to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from sqlalchemy import select

from homevisit.protocol import API_PREFIX
from homevisit.protocol.admin import (
    AssignmentIn,
    AssignmentOut,
    AuditEventOut,
    DeviceOut,
    PasswordChange,
    PolicyValue,
    RegionIn,
    TeamIn,
    TeamOut,
    UserCreate,
    UserOut,
)
from homevisit.protocol.auth import Policies, RegionOut
from homevisit.protocol.helpdesk import DeskIn, DeskOut, ShiftIn, ShiftOut
from homevisit.protocol.types import MAX_INT64, UUID_PATTERN
from homevisit.server import desks, users
from homevisit.server.assignments import assign_household
from homevisit.server.audit import audit
from homevisit.server.auth import revoke_device
from homevisit.server.deps import AdminPrincipal, DbSession, ServicesDep
from homevisit.server.errors import NotFound
from homevisit.server.models import AuditEvent, Device, HelpDesk, Region, Team, User
from homevisit.server.policies import load_policies, set_policy

router = APIRouter(prefix=f"{API_PREFIX}/admin", tags=["admin"])


@router.get("/users", response_model=list[UserOut])
def list_users(admin: AdminPrincipal, session: DbSession):
    return [users.user_out(u) for u in session.execute(select(User).order_by(User.id)).scalars()]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, admin: AdminPrincipal, session: DbSession, services: ServicesDep):
    user = users.create_user(session, services.passwords, body)
    audit(session, admin, "user.add", "user", user.id, {"role": body.role.value})
    return users.user_out(user)


@router.post("/users/{username}/disable", response_model=UserOut)
def disable_user(username: str, admin: AdminPrincipal, session: DbSession):
    """Every token of the user stops working at once; a login then answers like a wrong
    password."""
    user = users.user_by_name(session, username)
    users.disable(session, user)
    audit(session, admin, "user.disable", "user", user.id)
    return users.user_out(user)


@router.post("/users/{username}/password", status_code=status.HTTP_204_NO_CONTENT)
def set_password(
    username: str, body: PasswordChange, admin: AdminPrincipal, session: DbSession,
    services: ServicesDep,
) -> None:
    """Set a new password; every device of the user is signed out at once."""
    user = users.user_by_name(session, username)
    users.set_password(session, services.passwords, user, body.password)
    audit(session, admin, "user.passwd", "user", user.id)


@router.get("/teams", response_model=list[TeamOut])
def list_teams(admin: AdminPrincipal, session: DbSession):
    return [TeamOut(id=t.id, name=t.name, region_code=t.region_code)
            for t in session.execute(select(Team).order_by(Team.id)).scalars()]


@router.post("/teams", response_model=TeamOut, status_code=status.HTTP_201_CREATED)
def create_team(body: TeamIn, admin: AdminPrincipal, session: DbSession):
    team = users.add_team(session, body.name, body.region_code)
    audit(session, admin, "team.add", "team", team.id)
    return TeamOut(id=team.id, name=team.name, region_code=team.region_code)


@router.get("/regions", response_model=list[RegionOut])
def list_regions(admin: AdminPrincipal, session: DbSession):
    return [RegionOut(code=r.code, name=r.name, parent_code=r.parent_code)
            for r in session.execute(select(Region).order_by(Region.code)).scalars()]


@router.post("/regions", response_model=RegionOut, status_code=status.HTTP_201_CREATED)
def create_region(body: RegionIn, admin: AdminPrincipal, session: DbSession):
    region = users.add_region(session, body.code, body.name, body.parent_code)
    audit(session, admin, "region.add", "region", region.code)
    return RegionOut(code=region.code, name=region.name, parent_code=region.parent_code)


def _device_out(d: Device) -> DeviceOut:
    return DeviceOut(id=d.id, user=d.user.username, name=d.name, registered_at=d.registered_at,
                     revoked_at=d.revoked_at, last_seen_at=d.last_seen_at)


@router.get("/devices", response_model=list[DeviceOut])
def list_devices(
    admin: AdminPrincipal,
    session: DbSession,
    user: Annotated[str | None, Query(max_length=40)] = None,
):
    query = select(Device).order_by(Device.registered_at)
    if user is not None:
        query = query.join(User, Device.user_id == User.id).where(User.username == user)
    return [_device_out(d) for d in session.execute(query).scalars()]


@router.post("/devices/{device_id}/revoke", response_model=DeviceOut)
def revoke(device_id: str, admin: AdminPrincipal, session: DbSession):
    """The device's next request gets 401 ``device_revoked`` with ``wipe: true``."""
    device = revoke_device(session, device_id, actor=admin)
    if device is None:
        raise NotFound()
    return _device_out(device)


@router.get("/policies", response_model=Policies)
def get_policies(admin: AdminPrincipal, session: DbSession):
    return load_policies(session)


@router.put("/policies/{key}", response_model=Policies)
def put_policy(key: str, body: PolicyValue, admin: AdminPrincipal, session: DbSession):
    policies = set_policy(session, key, body.value, actor=admin.username)
    audit(session, admin, "policy.set", "policy", key)
    return policies


@router.post("/assignments", response_model=AssignmentOut)
def assign(body: AssignmentIn, admin: AdminPrincipal, session: DbSession):
    """Assign a household to a counselor; guardians are matched against the rosters."""
    _, flags = assign_household(session, body.household_id, body.counselor, body.due_date,
                                actor=admin)
    session.commit()  # durable before the answer (see the server README)
    return AssignmentOut(household_id=body.household_id, counselor=body.counselor,
                         flags_raised=len(flags))


DeskId = Annotated[str, Path(pattern=UUID_PATTERN)]


@router.get("/desks", response_model=list[DeskOut])
def list_desks(admin: AdminPrincipal, session: DbSession):
    return [desks.desk_out(d) for d in session.execute(
        select(HelpDesk).order_by(HelpDesk.opens_on, HelpDesk.site)).scalars()]


@router.post("/desks", response_model=DeskOut, status_code=status.HTTP_201_CREATED)
def create_desk(body: DeskIn, admin: AdminPrincipal, session: DbSession):
    desk = desks.add_desk(session, body)
    audit(session, admin, "desk.add", "help_desk", desk.id)
    return desks.desk_out(desk)


@router.get("/desks/{desk_id}/shifts", response_model=list[ShiftOut])
def list_shifts(desk_id: DeskId, admin: AdminPrincipal, session: DbSession):
    return desks.shifts(session, desk_id=desks.desk_by_id(session, desk_id).id)


@router.post("/desks/{desk_id}/shifts", response_model=ShiftOut,
             status_code=status.HTTP_201_CREATED)
def add_shift(desk_id: DeskId, body: ShiftIn, admin: AdminPrincipal, session: DbSession):
    """The volunteer staffs the desk that day (a day the desk is open; idempotent)."""
    shift = desks.add_shift(session, desk_id, body.username, body.day)
    audit(session, admin, "desk.shift_add", "help_desk", desk_id,
          {"username": body.username, "day": body.day.isoformat()})
    return ShiftOut(desk=desks.desk_out(desks.desk_by_id(session, desk_id)),
                    username=shift.username, day=shift.day)


@router.post("/desks/{desk_id}/shifts/remove", status_code=status.HTTP_204_NO_CONTENT)
def remove_shift(desk_id: DeskId, body: ShiftIn, admin: AdminPrincipal,
                 session: DbSession) -> None:
    desks.desk_by_id(session, desk_id)
    if not desks.remove_shift(session, desk_id, body.username, body.day):
        raise NotFound()
    audit(session, admin, "desk.shift_remove", "help_desk", desk_id,
          {"username": body.username, "day": body.day.isoformat()})


@router.get("/audit", response_model=list[AuditEventOut])
def list_audit(
    admin: AdminPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[int | None, Query(ge=1, le=MAX_INT64)] = None,
):
    """Newest first; page with ``before=<smallest id seen>``."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    return [
        AuditEventOut(id=e.id, at=e.at, actor=e.actor, role=e.role, action=e.action,
                      entity=e.entity, entity_id=e.entity_id, detail=e.detail)
        for e in session.execute(query).scalars()
    ]
