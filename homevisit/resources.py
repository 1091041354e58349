"""Where the shipped data files live: form definitions, code lists, scoring rules.

The repository keeps them in ``resources/`` next to the ``homevisit`` package. A wheel or a
frozen app may ship the same tree as ``homevisit/resources_data`` (package data); both are
looked up so callers never hard-code a path.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from homevisit.errors import ResourcesMissing


@cache
def resources_root() -> Path:
    """The ``resources`` directory: ``HOMEVISIT_RESOURCES``, the package data, or the repo's."""
    explicit = os.environ.get("HOMEVISIT_RESOURCES")
    package = Path(__file__).resolve().parent
    candidates = [Path(explicit)] if explicit else []
    candidates += [package / "resources_data", package.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise ResourcesMissing()


def resource_path(*parts: str) -> Path:
    """Path of a shipped data file or directory, e.g. ``resource_path("forms", "home-visit")``.

    The path is not checked for existence: callers decide whether a missing file is an error.
    """
    return resources_root().joinpath(*parts)
