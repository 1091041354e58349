"""The long-lived objects a running server shares between requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from homevisit.server.ratelimit import LoginLimiter
from homevisit.server.security import Passwords
from homevisit.server.settings import ServerSettings
from homevisit.server.storage import FileStorage


@dataclass
class Services:
    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    passwords: Passwords
    limiter: LoginLimiter
    storage: FileStorage
