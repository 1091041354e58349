"""Review tests share the sync tests' helpers (synchelp.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from synchelp import make_household  # noqa: F401 - a fixture
