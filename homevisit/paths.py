"""Where Homevisit keeps its files: ``HOMEVISIT_HOME`` or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def home_dir() -> Path:
    """The data dir holding every profile on this machine (created on first use)."""
    explicit = os.environ.get("HOMEVISIT_HOME")
    root = Path(explicit) if explicit else Path(platformdirs.user_data_dir("homevisit", False))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def profiles_dir() -> Path:
    path = home_dir() / "profiles"
    path.mkdir(exist_ok=True, mode=0o700)
    return path


def logs_dir() -> Path:
    path = home_dir() / "logs"
    path.mkdir(exist_ok=True, mode=0o700)
    return path
