"""Who uses this profile, and which pages that role gets (DESIGN §2 "Roles in the app").

The role comes from the server (``/me``, at enrolment and on every sync) and is kept in the
encrypted store (:class:`homevisit.model.Account`); the copy in the profile's public
metadata only labels the profile chooser and is never trusted. What a role may *see* is the
server's business (it scopes every pull); this module decides what the app *offers*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.model import Account
from homevisit.protocol.auth import UserInfo
from homevisit.protocol.vocabulary import Role


class Page(StrEnum):
    """The shell's pages."""

    HOUSEHOLDS = "households"  # 我的家访: the counselor's households and visits
    REVIEW = "review"  # 审核: the supervisor's review queue
    DASHBOARD = "dashboard"  # 统计: the supervisor's report figures
    HELPDESK = "helpdesk"  # 服务台: the volunteer's help desk
    SCHEDULE = "schedule"  # 日程: the counselor's appointments, overdue first
    TEAM_WEEK = "team_week"  # 团队日程: the team's appointments and hand-backs to answer
    REQUESTS = "requests"  # 委托与提议: joint/delegated visits and proposed households
    SYNC = "sync"
    SETTINGS = "settings"


ROLE_PAGES: dict[Role, tuple[Page, ...]] = {
    Role.COUNSELOR: (Page.HOUSEHOLDS, Page.SCHEDULE, Page.REQUESTS, Page.SYNC, Page.SETTINGS),
    Role.SUPERVISOR: (Page.REVIEW, Page.DASHBOARD, Page.TEAM_WEEK, Page.REQUESTS, Page.SYNC,
                      Page.SETTINGS),
    Role.VOLUNTEER: (Page.HELPDESK, Page.SYNC, Page.SETTINGS),
    Role.ADMIN: (Page.SYNC, Page.SETTINGS),  # administrators work on the server
}
# A store enrolled before roles were kept has no account until its next sync; the app had
# only the counselor's pages then, so that is what it keeps showing meanwhile.
UNKNOWN_ROLE_PAGES = ROLE_PAGES[Role.COUNSELOR]

ROLE_LABELS = {
    Role.COUNSELOR: Text("辅导员", "Counselor"),
    Role.SUPERVISOR: Text("督导", "Supervisor"),
    Role.VOLUNTEER: Text("志愿者", "Volunteer"),
    Role.ADMIN: Text("管理员", "Administrator"),
}


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """The user as the server last described them."""

    username: str
    display_name: str
    role: Role
    team: str | None
    region_code: str | None
    desk_id: str | None


def pages_for(role: Role | None) -> tuple[Page, ...]:
    """The pages the shell shows for ``role`` (``None``: not known yet)."""
    return ROLE_PAGES.get(role, UNKNOWN_ROLE_PAGES) if role is not None else UNKNOWN_ROLE_PAGES


def may_start_visits(role: Role | None) -> bool:
    """Only the counselor's pages offer 开始家访."""
    return Page.HOUSEHOLDS in pages_for(role)


def load_account(session: Session) -> AccountInfo | None:
    """The stored account (``None`` before the first ``/me``)."""
    row = session.get(Account, 1)
    if row is None:
        return None
    try:
        role = Role(row.role)
    except ValueError:  # a role this app does not know: the least it can offer
        role = Role.ADMIN
    return AccountInfo(row.username, row.display_name, role, row.team, row.region_code,
                       row.desk_id)


def save_account(session: Session, user: UserInfo) -> bool:
    """Keep ``user`` (from ``/me`` or the login answer); returns whether anything changed.
    Unchanged, nothing is written (a no-op sync stays one commit)."""
    row = session.get(Account, 1)
    values = {"user_id": user.id, "username": user.username,
              "display_name": user.display_name, "role": user.role.value, "team": user.team,
              "region_code": user.region_code, "desk_id": user.desk_id}
    if row is not None and all(getattr(row, k) == v for k, v in values.items()):
        return False
    if row is None:
        row = Account(id=1, **values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    row.updated_at = dt.datetime.now(dt.UTC)
    return True
