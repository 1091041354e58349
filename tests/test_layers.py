"""The import-linter contract must list every core module (DESIGN §2 layer rules)."""

import pkgutil
import tomllib
from pathlib import Path

import homevisit

NOT_CORE = {"gui", "server", "sync", "protocol", "cli"}


def test_every_core_module_is_under_the_headless_contract():
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["name"].startswith("Core modules are headless"))
    listed = set(core["source_modules"])
    present = {
        f"homevisit.{m.name}"
        for m in pkgutil.iter_modules(homevisit.__path__)
        if m.name not in NOT_CORE
    }
    assert present - listed == set(), "add these core modules to the contract in pyproject.toml"
