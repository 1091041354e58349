"""The desktop app's own settings, typed and declared once with their defaults.

They hold no personal data (language, idle minutes, the last profile's random id, the
server URL) and live in ``<home>/gui-settings.json``, written atomically. Server policy may
lower the idle lock further (:func:`effective_idle_minutes`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from homevisit.durable import write_atomic
from homevisit.paths import home_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 60
DEFAULT_REMINDER_MINUTES = 30  # an appointment's reminder, this long before it starts
MAX_REMINDER_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class AppSettings:
    language: str = "zh_CN"
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    last_profile_id: str | None = None
    server_url: str = ""
    reminder_minutes: int = DEFAULT_REMINDER_MINUTES
    # Window geometry per window and screen ("visit@<screen>@<w>x<h>" → [x, y, w, h]).
    window_geometry: dict[str, list[int]] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> AppSettings:
        return replace(self, **changes)


def settings_path() -> Path:
    return home_dir() / "gui-settings.json"


def load_settings() -> AppSettings:
    """The saved settings; defaults for anything missing, unknown or of the wrong type."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppSettings()
    defaults = AppSettings()
    values: dict[str, Any] = {}
    for declared in fields(AppSettings):
        value = raw.get(declared.name) if isinstance(raw, dict) else None
        default = getattr(defaults, declared.name)
        if value is not None and (default is None or isinstance(value, type(default))):
            values[declared.name] = value
    settings = AppSettings(**values)
    if settings.language not in LANGUAGES:
        settings = settings.with_changes(language=defaults.language)
    minutes = min(MAX_IDLE_MINUTES, max(1, settings.idle_lock_minutes))
    reminder = min(MAX_REMINDER_MINUTES, max(0, settings.reminder_minutes))
    return settings.with_changes(idle_lock_minutes=minutes, reminder_minutes=reminder)


def save_settings(settings: AppSettings) -> None:
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n"
    write_atomic(settings_path(), text.encode("utf-8"))


ROLE_IDLE_MINUTES = {"volunteer": 2}
"""Before the first sync brings the server's policy: a shared help-desk laptop locks after
two idle minutes (the next volunteer must not find the last one's applicants open)."""


def effective_idle_minutes(settings: AppSettings, policies: dict[str, Any] | None,
                           role: str | None = None) -> int:
    """The user's idle minutes, lowered to the server policy's ``idle_lock_minutes`` and
    to its ``idle_lock_minutes_by_role`` for ``role``."""
    minutes = settings.idle_lock_minutes
    policy = (policies or {}).get("idle_lock_minutes")
    if isinstance(policy, int | float) and policy >= 1:
        minutes = min(minutes, int(policy))
    by_role = (policies or {}).get("idle_lock_minutes_by_role", ROLE_IDLE_MINUTES)
    if role and isinstance(by_role, dict):
        limit = by_role.get(role, ROLE_IDLE_MINUTES.get(role))
        if isinstance(limit, int | float) and limit >= 1:
            minutes = min(minutes, int(limit))
    return minutes
