"""Server revision 0004: visit answers move from the form's old ``in_person`` to the one
vocabulary word ``home`` (homevisit.protocol.vocabulary.VisitMode), on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select
from synchelp import new_id

from homevisit.protocol.vocabulary import VisitMode, VisitStatus
from homevisit.server.db import alembic_config, migrate
from homevisit.server.models import Visit, VisitVersion

OLD = {"consent": {"visit_mode": "in_person", "guardian": "m1"}, "home": {"rooms": 2}}


def test_visit_answers_take_the_vocabulary_word_and_keep_the_rest(services, make_household,
                                                                 actor):
    # The household is made at head (its member row has every later column, and assigning
    # it replays every synced kind's rows), then the database goes back to before 0004.
    household = make_household(actor("counselor").username)
    config = alembic_config()
    before = ScriptDirectory.from_config(config).get_revision("0004").down_revision
    with services.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, before)
    home, phone = new_id(), new_id()
    # Rows as that schema holds them: only its columns (the models know later ones too).
    with services.sessions.begin() as s:
        s.execute(insert(Visit), [
            {"id": home, "household_id": household, "status": VisitStatus.SUBMITTED,
             "version": 1, "mode": VisitMode.HOME, "answers": OLD, "rev": 1},
            {"id": phone, "household_id": household, "status": VisitStatus.DRAFT,
             "version": 0, "mode": VisitMode.PHONE,
             "answers": {"consent": {"visit_mode": "phone"}}, "rev": 1},
        ])
        s.execute(insert(VisitVersion), [
            {"id": new_id(), "visit_id": home, "household_id": household, "version": 1,
             "mode": VisitMode.HOME, "answers": OLD, "rev": 1}])
    migrate(services.engine)
    converted = {"consent": {"visit_mode": "home", "guardian": "m1"}, "home": {"rooms": 2}}
    with services.sessions() as s:
        answers = {v.id: v.answers for v in s.scalars(select(Visit))}
        assert answers == {home: converted, phone: {"consent": {"visit_mode": "phone"}}}
        assert [v.answers for v in s.scalars(select(VisitVersion))] == [converted]
