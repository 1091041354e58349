"""Schema discipline (README "Schema discipline"): one Alembic head per tree, the store
fixtures of released client schemas present and untouched, and the wire never changing under
an old PROTOCOL_VERSION."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import re
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from homevisit.protocol import PROTOCOL_VERSION

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "tests" / "fixtures" / "stores"


def _load_snapshot_script():  # type: ignore[no-untyped-def]
    loader = importlib.machinery.SourceFileLoader("openapi_snapshot",
                                                  str(ROOT / "scripts" / "openapi-snapshot"))
    spec = importlib.util.spec_from_loader("openapi_snapshot", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("tree", ["client", "server"])
def test_each_migration_tree_has_exactly_one_head(tree: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations" / tree))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"migrations/{tree} has heads {heads}: re-chain down_revision"


def _released() -> dict[str, str]:
    lines = (STORES / "SHA256SUMS").read_text("utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def test_every_fixture_store_is_released_and_never_edited() -> None:
    released = _released()
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in STORES.glob("client-*.db")}
    assert set(on_disk) == set(released), "a fixture store went missing or is not in SHA256SUMS"
    changed = sorted(name for name, digest in on_disk.items() if released[name] != digest)
    assert changed == [], f"committed fixture stores were edited: {changed}"


def test_released_fixtures_form_an_unbroken_line_of_client_revisions() -> None:
    # A released revision without its fixture would leave laptops' stores untested.
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations" / "client"))
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    released = sorted(name[len("client-"):-len(".db")] for name in _released())
    assert set(released) <= known
    assert released == [f"{n:04d}" for n in range(1, len(released) + 1)]


def test_the_wire_matches_its_snapshot_under_this_protocol_version() -> None:
    script = _load_snapshot_script()
    snapshot = script.read_snapshot()
    assert snapshot["protocol_version"] == PROTOCOL_VERSION, (
        "PROTOCOL_VERSION moved: run scripts/openapi-snapshot to record the new wire")
    assert script.current_openapi() == snapshot["openapi"], (
        "the wire (OpenAPI) changed: bump PROTOCOL_VERSION in homevisit/protocol/__init__.py, "
        "then run scripts/openapi-snapshot")


def test_the_snapshot_script_refuses_a_wire_change_under_the_old_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _load_snapshot_script()
    stale = script.read_snapshot()
    stale["openapi"]["info"]["title"] = "an older wire"
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(stale), "utf-8")
    monkeypatch.setattr(script, "SNAPSHOT", path)
    assert script.main(["--check"]) == 1
    assert script.main([]) == 1  # not rewritten: the version did not move
    assert json.loads(path.read_text("utf-8")) == stale


def test_one_spelling_of_the_column_helpers() -> None:
    # Both model trees use homevisit.orm_types; the server's old names survive only as an
    # alias for migration scripts that were rendered with them.
    old = re.compile(r"\b(UTCDateTime|utcnow)\b")
    offenders = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "homevisit").rglob("*.py")
        if path != ROOT / "homevisit" / "server" / "models" / "base.py"
        and old.search(path.read_text("utf-8")))
    assert offenders == []
