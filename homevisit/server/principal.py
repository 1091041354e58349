"""Who is calling: the authenticated user and device, detached from any session."""

from __future__ import annotations

from dataclasses import dataclass

from homevisit.protocol.auth import UserInfo
from homevisit.protocol.vocabulary import Role


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    team_name: str | None
    region_code: str | None
    desk_id: str | None
    device_id: str

    def info(self) -> UserInfo:
        return UserInfo(
            id=self.user_id,
            username=self.username,
            display_name=self.display_name,
            role=self.role,
            team=self.team_name,
            region_code=self.region_code,
            desk_id=self.desk_id,
        )
