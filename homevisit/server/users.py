"""Users, teams, regions and help desks: shared by the CLI and the admin API."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.admin import UserCreate, UserOut
from homevisit.protocol.vocabulary import Role
from homevisit.server.auth import end_sessions
from homevisit.server.errors import Conflict, InvalidRequest, NotFound
from homevisit.server.models import HelpDesk, Region, Team, User
from homevisit.server.security import Passwords


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        team=user.team.name if user.team else None,
        region_code=user.region_code,
        desk_id=user.desk_id,
        disabled=user.disabled,
    )


def team_by_name(session: Session, name: str) -> Team:
    team = session.execute(select(Team).where(Team.name == name)).scalar_one_or_none()
    if team is None:
        raise NotFound()
    return team


def user_by_name(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound()
    return user


def create_user(session: Session, passwords: Passwords, spec: UserCreate) -> User:
    """Add a user; the team, region and desk must exist; a volunteer needs a desk."""
    if session.execute(select(User.id).where(User.username == spec.username)).first():
        raise Conflict()
    team = team_by_name(session, spec.team) if spec.team else None
    if spec.region_code and session.get(Region, spec.region_code) is None:
        raise NotFound()
    if spec.desk_id and session.get(HelpDesk, spec.desk_id) is None:
        raise NotFound()
    if spec.role is Role.VOLUNTEER and not spec.desk_id:
        raise InvalidRequest()
    user = User(
        username=spec.username,
        display_name=spec.display_name or spec.username,
        role=spec.role.value,
        team_id=team.id if team else None,
        region_code=spec.region_code,
        desk_id=spec.desk_id,
        password_hash=passwords.hash(spec.password),
    )
    user.team = team
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, passwords: Passwords, user: User, password: str) -> None:
    """A new password ends every session of the user at once (each device logs in again)."""
    user.password_hash = passwords.hash(password)
    end_sessions(session, user.id)


def disable(session: Session, user: User) -> None:
    """A disabled user's tokens all stop working now, not when they expire."""
    user.disabled = True
    end_sessions(session, user.id)


def add_region(session: Session, code: str, name: str, parent_code: str | None) -> Region:
    if parent_code and session.get(Region, parent_code) is None:
        raise NotFound()
    region = session.get(Region, code)
    if region is None:
        region = Region(code=code)
        session.add(region)
    region.name, region.parent_code = name, parent_code
    session.flush()
    return region


def add_team(session: Session, name: str, region_code: str | None) -> Team:
    if session.execute(select(Team.id).where(Team.name == name)).first():
        raise Conflict()
    if region_code and session.get(Region, region_code) is None:
        raise NotFound()
    team = Team(name=name, region_code=region_code)
    session.add(team)
    session.flush()
    return team


def add_desk(
    session: Session, site: str, *, region_code: str | None, team_id: int | None
) -> HelpDesk:
    desk = HelpDesk(id=str(uuid.uuid4()), site=site, region_code=region_code, team_id=team_id)
    session.add(desk)
    session.flush()
    return desk
