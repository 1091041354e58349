"""The sync status agrees with itself (issue 14 item 8): one reading of what waits to be
sent, counted in visits, photos and households with units, listed on the sync page; the
connection state never contradicts the last sync; conflicts and refused items are settled
from the sync page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from homevisit import outbox
from homevisit.gui.qt import Qt
from homevisit.model import Conflict, Household, Member, Outbox, SyncState
from homevisit.outbox import to_wire
from homevisit.protocol.records import Entity
from homevisit.visits import draft
from tests.gui.conftest import seed_households, unlock_window

FULL_ID = "110101199003070019"


def _click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_pending_work_is_counted_once_in_things_a_person_knows(
        chinese_ui, qtbot, app_window, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])

    def work(session) -> None:
        snapshot = draft.open_visit(session, household_id)
        father = {"relation": "father", "occupation": "civil_servant"}
        draft.save_answers(session, snapshot.visit_id, {"consent": {"visit_mode": "phone"}},
                           "consent", {"members": {"people": [father]}})  # raises a flag
        member = session.scalars(select(Member)).one()
        member.phone = "13900001111"  # the household record changed too
        outbox.save(session, member)
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.last_sync_at = dt.datetime(2026, 12, 1, 4, 1, tzinfo=dt.UTC)
        session.add(state)

    workspace.store.run(work)
    shell = unlock_window(qtbot, app_window)
    page = shell.sync_page
    page.refresh()
    qtbot.waitUntil(lambda: not page.overview.work.empty, timeout=10_000)
    raw_rows = workspace.store.run(lambda s: len(s.scalars(select(Outbox)).all()))
    assert raw_rows > 1  # a dozen rows inside, one visit to the counselor
    # The status bar and the sync page say the same, in visits and households, with units.
    assert shell.status.pending_label.text() == page.pending_label.text()
    assert page.pending_label.text() == "待发送：1 次家访、1 户家庭信息"
    lines = [page.pending_list.item(i).text() for i in range(page.pending_list.count())]
    assert lines == ["张三 家: 家访记录、家庭信息"]
    # Before any contact in this session: "not connected", never "not synced" beside a time.
    assert "尚未同步" not in shell.status.online_label.text()
    assert "尚未同步" not in page.state_label.text()
    assert shell.status.last_sync_label.text().startswith("上次同步")


def test_conflicts_and_refused_items_are_settled_from_the_sync_page(
        chinese_ui, qtbot, app_window, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])

    def trouble(session) -> None:
        household = session.get(Household, household_id)
        household.rev = 2
        local = to_wire(Entity.HOUSEHOLD, household)
        server = {**local, "address": "欢口镇西村", "rev": 3}
        session.add(Conflict(entity="household", entity_id=household_id, local=local,
                             server=server, fields=["address"]))
        for op_id in (1, 2):
            session.add(Outbox(op_id=900 + op_id, entity="visit", entity_id=f"v-{op_id}",
                               operation="upsert", base_rev=0, payload={"record": {}},
                               quarantined=True, last_error="illegal_transition"))

    workspace.store.run(trouble)
    shell = unlock_window(qtbot, app_window)
    page = shell.sync_page
    page.refresh()
    qtbot.waitUntil(lambda: len(page.overview.quarantined) == 2, timeout=10_000)
    assert not page.take_server.isEnabled()

    page.conflicts.setCurrentRow(0)
    _click(qtbot, page.take_server)
    qtbot.waitUntil(lambda: not page.overview.conflicts, timeout=10_000)
    address = workspace.store.run(lambda s: s.get(Household, household_id).address)
    assert address == "欢口镇西村"

    page.quarantine.setCurrentRow(0)
    _click(qtbot, page.retry_button)
    qtbot.waitUntil(lambda: len(page.overview.quarantined) == 1, timeout=10_000)
    page.quarantine.setCurrentRow(0)
    _click(qtbot, page.discard_button)
    qtbot.waitUntil(lambda: not page.overview.quarantined, timeout=10_000)
    rows = workspace.store.run(lambda s: [(o.op_id, o.quarantined) for o in s.scalars(
        select(Outbox).where(Outbox.op_id > 900))])
    assert rows == [(901, False)]  # retried: queued again; the other discarded


def test_a_refused_published_document_is_said_on_the_sync_page(
        chinese_ui, qtbot, app_window, workspace):
    def refused(session) -> None:  # what the documents pull records (tests/sync)
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.documents_refused = [{"kind": "codelist", "doc_id": "aid-kinds", "version": 2,
                                    "schema_version": 2, "reason": "newer_schema"}]
        session.add(state)

    workspace.store.run(refused)
    shell = unlock_window(qtbot, app_window)
    page = shell.sync_page
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.overview.refused_documents), timeout=10_000)
    lines = [page.quarantine.item(i).text() for i in range(page.quarantine.count())]
    assert lines == ["已拒收代码表 aid-kinds v2：格式版本 2 比本应用能读的 1 新，"
                     "请更新应用；仍使用上一个可用版本。"]
    page.quarantine.setCurrentRow(0)
    assert not page.retry_button.isEnabled() and not page.discard_button.isEnabled()
