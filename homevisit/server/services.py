"""The long-lived objects a running server shares between requests."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from homevisit.server.ratelimit import LoginLimits
from homevisit.server.roster_key import RosterKey
from homevisit.server.security import Passwords, VerificationGate
from homevisit.server.settings import ServerSettings
from homevisit.server.storage import FileStorage


@dataclass
class Services:
    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    passwords: Passwords
    limits: LoginLimits
    verifications: VerificationGate
    proxies: tuple[IPv4Network | IPv6Network, ...]
    storage: FileStorage
    roster_key: RosterKey
