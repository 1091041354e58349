"""The finalized roster goes back to the household record (issue 14 item 10), driven through
the wizard: a member the counselor takes off the roster is marked moved out (kept, queued for
the server), and the household detail no longer lists her."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.households.detail import household_detail
from homevisit.model import Member, Outbox
from tests.gui.visit.conftest import TODAY
from tests.gui.visit.standard_visit import record_standard_visit
from tests.gui.visit.test_whole_visit import open_wizard


def test_a_member_removed_from_the_roster_moves_out_at_finalize(
        qtbot, workspace, household_id, tmp_path):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    record_standard_visit(c, tmp_path)
    # The mother has gone to work in the city: the counselor takes her off the roster.
    wizard.go_to_page("members")
    roster = wizard.page("members").step.rosters["people"]
    assert roster.items[2].rows["name"].editor.value() == "李秀英"
    with c.saved():
        c.click(roster.items[2].remove)
    assert [box.rows["name"].editor.value() for box in roster.items] == ["王小明", "王大山"]
    wizard.go_to_page("finalize")
    c.finalize()
    qtbot.waitUntil(lambda: wizard.snapshot is not None and not wizard.snapshot.editable,
                    timeout=10_000)

    def read(session):
        mother = session.scalars(select(Member).where(Member.name == "李秀英")).one()
        queued = session.scalars(select(Outbox).where(
            Outbox.entity == "member", Outbox.entity_id == mother.id)).one()
        return mother.deleted, mother.moved_out_on, queued.payload["record"]["moved_out_on"]

    assert workspace.store.run(read) == (False, TODAY, TODAY.isoformat())
    detail = workspace.store.run(lambda s: household_detail(s, household_id))
    assert {m.name for m in detail.members} == {"王小明", "王大山"}
