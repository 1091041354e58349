"""Client revision 0010: review comments anchored by a member's position get an id and
the member's id (so they survive reordering), on a real encrypted store made before it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sqlalchemy import text

from homevisit.store import Store
from homevisit.store_migrations import migrations_dir

FATHER, MOTHER = "f0000000-0000-4000-8000-000000000001", "f0000000-0000-4000-8000-000000000002"


def _revision(script: Path, name: str) -> str | None:
    found = re.search(rf"^{name} = '(\w+)'", script.read_text("utf-8"), re.M)
    return found[1] if found else None


def test_positional_comments_are_anchored_to_the_member(tmp_path: Path) -> None:
    old = tmp_path / "migrations-before-0010"
    shutil.copytree(migrations_dir(), old)
    # The tree without issue 15: 0010 and every revision made after it.
    gone, scripts = {"0010"}, list((old / "versions").glob("*.py"))
    while True:
        later = [p for p in scripts if p.exists() and (_revision(p, "down_revision") in gone
                                                       or _revision(p, "revision") in gone)]
        if not later:
            break
        for script in later:
            gone.add(_revision(script, "revision"))
            script.unlink()
    key = bytes(range(32))
    path = tmp_path / "store.db"
    answers = json.dumps({"members": {"people": [{"_id": FATHER, "income": 1},
                                                 {"_id": MOTHER, "income": 2}]}})
    comments = ('[{"field": "members.people.1.income", "text": "母亲收入请核实"}, '
                '{"field": "answers.income", "text": "请补充证明"}]')
    with Store.open(path, key, create=True, migrations=old) as store:
        def seed(session) -> None:
            for sql in (
                "INSERT INTO households (id, rev, deleted, updated_at, region_code, address, "
                "rural, special_categories) VALUES ('h1', 1, 0, '2026-10-01', '320826', '', 0,"
                " '[]')",
                "INSERT INTO visits (id, rev, deleted, updated_at, household_id, status, "
                "version, visitors, answers, policies_explained, score_detail, observations, "
                f"traits) VALUES ('v1', 2, 0, '2026-10-01', 'h1', 'returned', 1, '[]', "
                f"'{answers}', '[]', '[]', '', '')",
                "INSERT INTO visit_versions (id, rev, deleted, updated_at, visit_id, "
                "household_id, version, visitors, answers, policies_explained, score_detail,"
                f" observations, traits) VALUES ('vv1', 1, 0, '2026-10-01', 'v1', 'h1', 1, "
                f"'[]', '{answers}', '[]', '[]', '', '')",
                "INSERT INTO reviews (id, rev, deleted, updated_at, visit_id, household_id, "
                "visit_version, reviewer, decision, comments) VALUES ('r1', 1, 0, "
                f"'2026-10-02', 'v1', 'h1', 1, 'li', 'return', '{comments}')"):
                session.execute(text(sql))

        store.run(seed)

    with Store.open(path, key) as store:  # upgrades to 0010
        stored = store.run(lambda s: s.execute(text(
            "SELECT comments FROM reviews WHERE id = 'r1'")).scalar_one())
        tables = store.run(lambda s: set(s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()))
        assert store.check() == []
    first, second = json.loads(stored)
    assert (first["field"], first["member_id"], first["text"]) == (
        "members.people.income", MOTHER, "母亲收入请核实")
    assert (second["field"], second["member_id"]) == ("answers.income", None)
    assert len(first["id"]) == 36 and first["id"] != second["id"]
    assert {"flag_decisions", "comment_answers"} <= tables
