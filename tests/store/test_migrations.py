"""Stores are made by migrations only, match the models, and old stores upgrade with a backup."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select, text

from homevisit.errors import StoreTooNew
from homevisit.model import Base, Household, Member, Outbox, Visit, VisitMode, VisitVersion
from homevisit.store import Store, backup_path, head_revision
from tests.store.conftest import migrations_with_a_newer_revision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
FIXTURE_KEY = bytes.fromhex("a3" * 16 + "5c" * 16)  # the public key of make_fixture.py
FIXTURE_HOUSEHOLD = "11111111-1111-4111-8111-111111111111"


def _keyed_engine(path: Path, key: bytes):  # type: ignore[no-untyped-def]
    def connect() -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(str(path))
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return conn

    return create_engine("sqlite://", module=sqlcipher3, creator=connect)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_store_at_head_matches_the_models(store_dir: Path, key: bytes) -> None:
    Store.open(store_dir / "store.db", key, create=True).close()
    engine = _keyed_engine(store_dir / "store.db", key)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []
        trigger = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).scalars()
        assert list(trigger) == ["visit_versions_read_only"]
    engine.dispose()


def _copy_fixture(revision: str, folder: Path) -> Path:
    target = folder / "store.db"
    shutil.copyfile(FIXTURES / f"client-{revision}.db", target)
    return target


def _fixture_rows(store: Store) -> tuple[list[str], list[str], int]:
    def read(session) -> tuple[list[str], list[str], int]:  # type: ignore[no-untyped-def]
        household = session.get(Household, FIXTURE_HOUSEHOLD)
        # Members of an old store are present (moved_out_on came with 0008, NULL = present).
        names = sorted(m.name for m in household.members if m.moved_out_on is None)
        numbers = [m.id_number for m in household.members if m.id_number]
        return names, numbers, len(session.scalars(select(Outbox)).all())

    return store.run(read)


@pytest.mark.parametrize("revision", sorted(p.stem[7:] for p in FIXTURES.glob("client-*.db")))
def test_every_released_fixture_opens_and_upgrades_keeping_its_rows(
    revision: str, store_dir: Path
) -> None:
    path = _copy_fixture(revision, store_dir)
    original = _sha(path)
    with Store.open(path, FIXTURE_KEY) as store:
        assert _fixture_rows(store) == (["张三", "张小明"], ["11010519491231002X"], 1)
        assert store.check() == []
    backup = backup_path(path, head_revision())
    if revision != head_revision():
        # The pre-upgrade store, at its old revision (not byte-equal to the fixture: the open
        # switched it to WAL before copying, which rewrites the header).
        engine = _keyed_engine(backup, FIXTURE_KEY)
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == revision
            assert conn.execute(text("SELECT id FROM households")).scalars().all() == [
                FIXTURE_HOUSEHOLD
            ]
        engine.dispose()
        assert _sha(path) != original
    else:
        assert not backup.exists()  # nothing to upgrade, nothing copied


def test_an_upgrade_keeps_a_byte_copy_of_the_store_first(tmp_path: Path, store_dir: Path) -> None:
    path = _copy_fixture("0001", store_dir)
    newer = migrations_with_a_newer_revision(tmp_path)
    # Upgrade to head first (as a real open does), then take the pre-upgrade fingerprint.
    Store.open(path, FIXTURE_KEY).close()
    before = _sha(path)

    with Store.open(path, FIXTURE_KEY, migrations=newer) as store:
        # The rebuilt households table (batch mode) kept its rows and its members.
        assert _fixture_rows(store) == (["张三", "张小明"], ["11010519491231002X"], 1)
        notes = store.run(lambda s: s.execute(text("SELECT note FROM households")).all())
        assert notes == [(None,)]
        assert store.check() == []
    backup = backup_path(path, "9999")
    assert _sha(backup) == before
    with Store.open(backup, FIXTURE_KEY) as old:  # the backup is a working store
        assert _fixture_rows(old)[0] == ["张三", "张小明"]


def test_a_store_from_a_newer_app_is_refused_untouched(tmp_path: Path, store_dir: Path) -> None:
    path = _copy_fixture("0001", store_dir)
    Store.open(path, FIXTURE_KEY, migrations=migrations_with_a_newer_revision(tmp_path)).close()
    before = _sha(path)
    with pytest.raises(StoreTooNew):
        Store.open(path, FIXTURE_KEY)
    assert _sha(path) == before


def test_members_survive_the_rebuild_of_their_parent_table(tmp_path: Path, store_dir: Path) -> None:
    # Batch mode drops and recreates households; with foreign keys on, ON DELETE CASCADE
    # would empty members. The upgrade runs with them off and checks them before commit.
    path = _copy_fixture("0001", store_dir)
    with Store.open(path, FIXTURE_KEY, migrations=migrations_with_a_newer_revision(tmp_path)) as s:
        assert len(s.run(lambda x: x.scalars(select(Member)).all())) == 2


_OLD_ANSWERS = {"consent": {"visit_mode": "in_person", "guardian": "m1"}, "home": {"rooms": 2}}
_VISIT_COLUMNS = ("id, updated_at, household_id, status, version, mode, visitors, answers, "
                  "observations, traits, policies_explained, score_detail")


def _old_visit_rows(path: Path) -> None:
    """Rows as an app before the one vocabulary wrote them (the form answered ``in_person``)."""

    answers = json.dumps(_OLD_ANSWERS)
    phone = json.dumps({"consent": {"visit_mode": "phone"}})
    engine = _keyed_engine(path, FIXTURE_KEY)
    with engine.begin() as conn:
        for visit_id, mode, body in (("v-home", "home", answers), ("v-phone", "phone", phone)):
            conn.execute(text(
                f"INSERT INTO visits ({_VISIT_COLUMNS}) VALUES (:id, '2026-06-01 08:00:00', "
                ":household, 'finalized', 1, :mode, '[]', :answers, '', '', '[]', '[]')"),
                {"id": visit_id, "household": FIXTURE_HOUSEHOLD, "mode": mode, "answers": body})
        conn.execute(text(
            "INSERT INTO visit_versions (id, updated_at, visit_id, household_id, version, mode, "
            "visitors, answers, observations, traits, policies_explained, score_detail) VALUES "
            "('vv-1', '2026-06-01 08:00:00', 'v-home', :household, 1, 'home', '[]', :answers, "
            "'', '', '[]', '[]')"), {"household": FIXTURE_HOUSEHOLD, "answers": answers})
        conn.execute(text(
            "INSERT INTO outbox (entity, entity_id, operation, base_rev, payload, created_at, "
            "attempts, quarantined) VALUES ('visit', 'v-home', 'upsert', 0, :payload, "
            "'2026-06-01 08:00:00', 0, 0)"), {"payload": json.dumps({"answers": _OLD_ANSWERS})})
    engine.dispose()


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_old_stores_upgrade_keeping_visits_with_the_vocabulary_visit_mode(
    revision: str, store_dir: Path
) -> None:
    path = _copy_fixture(revision, store_dir)
    _old_visit_rows(path)
    with Store.open(path, FIXTURE_KEY) as store:
        def read(session):  # type: ignore[no-untyped-def]
            visits = {v.id: v for v in session.scalars(select(Visit))}
            version = session.scalars(select(VisitVersion)).one()
            payloads = [o.payload for o in session.scalars(select(Outbox)) if o.entity == "visit"]
            return ({k: (v.mode, v.answers) for k, v in visits.items()}, version.answers,
                    payloads)

        visits, version_answers, payloads = store.run(read)
        assert store.check() == []
    converted = {"consent": {"visit_mode": "home", "guardian": "m1"}, "home": {"rooms": 2}}
    assert visits == {"v-home": (VisitMode.HOME, converted),
                      "v-phone": (VisitMode.PHONE, {"consent": {"visit_mode": "phone"}})}
    assert version_answers == converted
    assert payloads == [{"answers": converted}]
    # The finalized version is read-only again after the conversion.
    engine = _keyed_engine(path, FIXTURE_KEY)
    with pytest.raises(Exception, match="read-only"), engine.begin() as conn:
        conn.execute(text("UPDATE visit_versions SET answers = '{}'"))
    engine.dispose()
