"""Server revision 0009: stored review comments get an id, and a member's field anchored by
position gets the member's id from the reviewed version, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select
from synchelp import new_id

from homevisit.protocol.vocabulary import VisitStatus
from homevisit.server.db import alembic_config, migrate
from homevisit.server.models import Review, Visit, VisitVersion


def test_stored_comments_are_anchored_to_the_member(services, make_household, actor):
    counselor, supervisor = actor("counselor"), actor("supervisor")
    household = make_household(counselor.username)  # at head: see test_vocabulary_migration
    config = alembic_config()
    with services.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0010")
    father, mother = new_id(), new_id()
    answers = {"members": {"people": [{"_id": father}, {"_id": mother}]}}
    visit, review = new_id(), new_id()
    with services.sessions.begin() as s:
        # A Core insert names only the columns revision 0010 has (the model has more).
        s.execute(Visit.__table__.insert().values(
            id=visit, household_id=household, status=VisitStatus.RETURNED, version=1,
            answers=answers, rev=1))
        s.add(VisitVersion(id=new_id(), visit_id=visit, household_id=household, version=1,
                           answers=answers, rev=1))
        s.add(Review(id=review, visit_id=visit, household_id=household, visit_version=1,
                     reviewer=supervisor.username, decision="return", rev=1, comments=[
                         {"field": "members.people.1.income", "text": "母亲收入请核实"},
                         {"field": None, "text": "请补充照片"}]))
    migrate(services.engine)
    with services.sessions() as s:
        first, second = s.scalar(select(Review.comments).where(Review.id == review))
    assert (first["field"], first["member_id"]) == ("members.people.income", mother)
    assert (second["field"], second["member_id"], second["text"]) == (None, None, "请补充照片")
    assert len({first["id"], second["id"]}) == 2
