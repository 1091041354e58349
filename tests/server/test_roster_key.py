"""Roster matching with a keyed hash (issue 9 item 9), on every backend: ``init`` makes the
secret file once (mode 0600) and stores its fingerprint; rosters are stored as HMAC-SHA-256,
not a plain hash anyone can reverse by enumeration; a server or command given another file
refuses to start with a clear message; rosters stored before the secret are rehashed by
``init``, and still match."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sync.synchelp import authorise_roster_checks
from test_cli import FATHER, _assignment_rows, _write_csv, run

from homevisit.server.app import build_services
from homevisit.server.db import current_revision, head_revision, make_engine, migrate
from homevisit.server.errors import RosterSecretMismatch
from homevisit.server.models import Household, Member, RosterEntry, ServerKey
from homevisit.server.roster import match_household
from homevisit.server.roster_key import create_secret_file, keyed_sessions, load

PG_URL = os.environ.get("HOMEVISIT_TEST_PG_URL")


def stored_hashes(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = list(conn.execute(select(RosterEntry.id_number_hash)).scalars())
    engine.dispose()
    return found


def test_init_makes_the_secret_once_and_stores_only_its_fingerprint(database_url, tmp_path):
    path = tmp_path / "keys" / "roster.key"
    assert run(database_url, "--secret-file", str(path), "init") == 0
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    made = path.read_bytes()
    assert run(database_url, "--secret-file", str(path), "init") == 0
    assert path.read_bytes() == made  # kept, never remade
    engine = make_engine(database_url)
    with engine.connect() as conn:
        [stored] = conn.execute(select(ServerKey.fingerprint)).scalars()
    engine.dispose()
    assert stored == load(path).fingerprint and made.strip().decode() not in stored


def test_rosters_are_stored_keyed_and_still_match_over_http(
        database_url, people, actor, secret_file, tmp_path, capsys):
    admin = actor("admin", team=None)
    people.user("counselor", username="teacher")
    assert run(database_url, "assign", "import",
               str(_write_csv(tmp_path / "assign.csv", _assignment_rows()))) == 0
    roster = _write_csv(tmp_path / "payroll.csv", [
        {"id_number": FATHER, "employer": "丰县教育局", "position": "科员"}])
    assert run(database_url, "roster", "import", "payroll", str(roster)) == 0
    [stored] = stored_hashes(database_url)
    assert stored != hashlib.sha256(FATHER.encode()).hexdigest()
    assert stored == load(secret_file).id_number_hash(FATHER)
    with people.services.sessions() as s:
        household = s.execute(
            select(Member.household_id).where(Member.id_number == FATHER)).scalar_one()
    with people.services.sessions.begin() as s:
        authorise_roster_checks(s, household)
    r = admin.client.post("/api/v1/admin/assignments",
                          json={"household_id": household, "counselor": "teacher"})
    assert r.status_code == 200 and r.json()["flags_raised"] == 1


def test_another_secret_file_refuses_to_start(database_url, settings, services, tmp_path,
                                              capsys, monkeypatch):
    other = tmp_path / "other.key"
    create_secret_file(other)
    with pytest.raises(RosterSecretMismatch):
        build_services(dataclasses.replace(settings, secret_file=other))
    monkeypatch.setenv("HOMEVISIT_LANG", "en")
    with pytest.raises(SystemExit, match="--trusted-proxy takes an address"):
        run(database_url, "run", "--port", "1", "--trusted-proxy", "10.0.0.300")
    assert run(database_url, "--secret-file", str(other), "run", "--port", "1") == 1
    assert "does not match the fingerprint" in capsys.readouterr().err
    missing = tmp_path / "missing.key"
    assert run(database_url, "--secret-file", str(missing), "user", "list") == 1
    err = capsys.readouterr().err
    assert "homevisit-server init" in err and str(tmp_path) not in err


@pytest.fixture(params=["sqlite", *(["postgresql"] if PG_URL else [])])
def database_at_0001(request, tmp_path: Path) -> Iterator[str]:
    """A database as the code before the keyed hash left it (revision 0001)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        schema = None
    else:
        assert PG_URL
        schema = f"hv_old_{uuid.uuid4().hex[:12]}"
        with create_engine(PG_URL).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(PG_URL).update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate(engine, "0001")
    engine.dispose()
    yield url
    if schema:
        admin = create_engine(PG_URL or "")
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_init_rehashes_rosters_stored_before_the_secret(database_at_0001, tmp_path):
    url = database_at_0001
    with pytest.raises(SystemExit, match="run `homevisit-server init` first"):
        run(url, "--secret-file", str(tmp_path / "roster.key"), "run", "--port", "1")
    plain = hashlib.sha256(FATHER.encode()).hexdigest()  # what the old code stored
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(RosterEntry.__table__.insert().values(
            kind="payroll", id_number_hash=plain, employer="丰县教育局", position="科员",
            evidence="", batch="2025", imported_at=dt.datetime.now(dt.UTC)))
    engine.dispose()
    key_file = tmp_path / "roster.key"
    assert run(url, "--secret-file", str(key_file), "init") == 0
    key = load(key_file)
    assert stored_hashes(url) == [key.id_number_hash(FATHER)]
    assert run(url, "--secret-file", str(key_file), "init") == 0  # not rehashed twice
    assert stored_hashes(url) == [key.id_number_hash(FATHER)]
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    sessions, _ = keyed_sessions(engine, key_file)
    with sessions.begin() as s:
        household = Household(id=str(uuid.uuid4()), rev=1, region_code="320321")
        s.add(household)
        s.add(Member(id=str(uuid.uuid4()), rev=1, household_id=household.id, name="甲父",
                     relation="father", id_number=FATHER, is_guardian=True))
        s.flush()
        authorise_roster_checks(s, household.id)
        flags = match_household(s, household.id)
        assert [f.category for f in flags] == ["public_employee"]
    engine.dispose()
