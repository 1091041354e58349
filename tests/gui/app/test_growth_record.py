"""The growth record with real data (issue 18, item 5), end to end: a real server on
loopback, a counselor's and a supervisor's profile on one laptop, a volunteer's laptop, and
the real widgets.

The office imports aid with ``homevisit-server aid import``; the counselor finalizes a visit
and syncs; the supervisor approves it (the server writes the recognised level); a volunteer
logs a loan case for the same student at the township desk. After a sync the counselor
opens the household, clicks the growth-record tab and sees one timeline — the visit, the
level by school year, the aid received with amounts, the help-desk case and the notes — not
暂无 — and prints it (passphrase, audited; the PDF has the entries, never the full ID
number). The supervisor sees the same timeline in the review view's tab.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import uuid

import pytest
from sqlalchemy import select

from homevisit import outbox, profiles
from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.gui.qt import Qt, QTabWidget
from homevisit.gui.review.review_view import ReviewViewWidget
from homevisit.ids import id_check_character
from homevisit.kdf import FLOOR
from homevisit.model import AuditEvent, HelpDeskCase, Visit, VisitStatus, VisitVersion
from homevisit.protocol.records import Entity
from homevisit.review import decisions
from homevisit.server import models as server
from homevisit.server.aid import school_year_of
from homevisit.server.changes import bump, record_change
from homevisit.server.cli import main as server_cli
from homevisit.store import Store
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.workspace import Workspace
from tests.gui.conftest import PASSPHRASE
from tests.reports.conftest import pdf_text
from tests.sync.synckit import FAST_RETRY, Central, Device

SUPERVISOR_PASSPHRASE = "supervisor passphrase 2026"
CHILD = "32032120080303003" + id_check_character("32032120080303003")
CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def central(tmp_path):
    running = Central.start(tmp_path / "central")
    yield running
    running.stop()


@pytest.fixture
def supervisor_workspace(workspace):
    made = profiles.create_profile("督导", SUPERVISOR_PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, SUPERVISOR_PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    opened = Workspace.open(made, SUPERVISOR_PASSPHRASE)
    yield opened
    opened.close()


def _engine(central: Central, ws: Workspace, username: str, device: str) -> SyncEngine:
    enrolment = enrol(central.url, username, central.users[username], device)
    ws.store.run(lambda s: save_enrolment(s, enrolment))
    return SyncEngine(ws.store, ws.vault, retry=FAST_RETRY)


def _sync(engine: SyncEngine) -> None:
    result = engine.run()
    assert result.error is None and result.rejected == 0, result


def _add_student(central: Central, household_id: str) -> str:
    with central.services.sessions.begin() as s:
        member = server.Member(id=str(uuid.uuid4()), household_id=household_id,
                               name="王小明", relation="child", id_number=CHILD, rev=0)
        student = server.Student(id=str(uuid.uuid4()), member_id=member.id,
                                 household_id=household_id, school="丰县中学", grade="高二",
                                 rev=0)
        for row, entity in ((member, Entity.MEMBER), (student, Entity.STUDENT)):
            bump(row)
            s.add(row)
            s.flush()
            record_change(s, entity, row)
        return student.id


def _finalize(ws: Workspace, household_id: str) -> str:
    def make(session) -> str:
        content = {"mode": "home", "answers": {"income": 8000},
                   "started_at": dt.datetime(2026, 10, 12, 1, tzinfo=dt.UTC),
                   "recommended_level": "difficult", "traits": "学习刻苦，乐于助人"}
        visit = Visit(household_id=household_id, status=VisitStatus.FINALIZED, version=1,
                      **content)
        outbox.save(session, visit)
        outbox.save(session, VisitVersion(visit_id=visit.id, household_id=household_id,
                                          version=1, finalized_at=dt.datetime.now(dt.UTC),
                                          **content))
        return visit.id

    return ws.store.run(make)


def _import_aid(central: Central, tmp_path) -> None:
    path = tmp_path / "aid.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id_number", "kind", "school_year", "amount", "title", "date", "note"])
        writer.writerow([CHILD, "助学金", "2025-2026", "2000", "国家助学金", "2025-11-20", ""])
        writer.writerow([CHILD, "fee_waiver", "2026", "1200.50", "学费减免", "2026-09-05",
                         "县教育局审批"])
    assert server_cli(["--database-url", central.settings.database_url, "--secret-file",
                       str(central.settings.roster_secret_path), "aid", "import",
                       str(path)]) == 0


def _log_case(central: Central, tmp_path) -> None:
    volunteer = Device.enrolled(tmp_path / "desk-laptop", central, "zhao")
    try:
        def make(session) -> None:
            outbox.save(session, HelpDeskCase(
                desk_id=central.desk_id, desk_date=dt.date(2026, 7, 20), loan_type="first",
                student_name="王小明", student_id_number=CHILD, co_borrower_name="王伟",
                student_phone="13812345678", outcome="accepted"))

        volunteer.store.run(make)
        result = volunteer.sync()
        assert result.ok and result.rejected == 0, result
    finally:
        volunteer.close()


def _timeline(view) -> list[tuple[str, ...]]:
    table = view.table
    return [tuple(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())]


def _click_tab(qtbot, tabs: QTabWidget, title: str) -> None:
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_the_growth_record_shows_visits_levels_aid_cases_and_notes_for_counselor_and_supervisor(
        chinese_ui, qtbot, workspace, supervisor_workspace, central, tmp_path):
    central.user("counselor", "wang")
    central.user("supervisor", "li")
    central.user("volunteer", "zhao")
    household_id = central.household("wang")
    student_id = _add_student(central, household_id)
    counselor = _engine(central, workspace, "wang", "laptop-wang")
    supervisor = _engine(central, supervisor_workspace, "li", "office-pc")
    try:
        _sync(counselor)
        visit_id = _finalize(workspace, household_id)
        _sync(counselor)
        _import_aid(central, tmp_path)
        _log_case(central, tmp_path)
        _sync(supervisor)
        decisions.approve(supervisor_workspace, visit_id)
        _sync(supervisor)  # the server approves and writes the level entry
        _sync(counselor)
        _sync(supervisor)
    finally:
        counselor.close()
        supervisor.close()
    this_year = school_year_of(dt.datetime.now(CHINA).date())

    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.growth.records != [], timeout=10_000)
    _click_tab(qtbot, dialog.findChild(QTabWidget, "detailTabs"), "资助成长档案")
    view = dialog.growth
    assert view.isVisible() and not view.empty.isVisible()  # not 暂无
    assert view.students.currentData() == student_id
    assert view.students.currentText() == "王小明 丰县中学 高二"
    assert view.levels.text() == f"各学年认定档次：{this_year}—{this_year + 1}：比较困难"
    assert view.aid_total.text() == "已获资助：￥3,200.50"
    rows = _timeline(view)
    today = dt.datetime.now(CHINA).date().isoformat()
    assert rows == sorted(rows, key=lambda r: r[0])  # oldest first
    assert ("2025-11-20", "2025—2026", "助学金", "国家助学金", "￥2,000.00") in rows
    assert ("2026-07-20", "2026—2027", "贷款办理点咨询", "欢口镇办理点 · 首贷 · 已受理",
            "") in rows
    assert ("2026-09-05", "2026—2027", "学费减免", "学费减免 · 县教育局审批", "￥1,200.50") in rows
    assert ("2026-10-12", "", "家访", "已通过 · 比较困难", "") in rows
    assert ("2026-10-12", "", "备注", "学习刻苦，乐于助人", "") in rows
    assert (today, f"{this_year}—{this_year + 1}", "认定档次", "比较困难（家访审核通过）",
            "") in rows
    shown = " ".join(" ".join(r) for r in rows)
    for private in ("13812345678", "王伟", CHILD, "贫困"):
        assert private not in shown

    # Printing: the export dialog asks where and (not fresh) the passphrase; the audit row
    # comes first, then the PDF with the entries.
    out = tmp_path / "growth.pdf"
    workspace.reauth.forget()  # the grace after unlocking has run out
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog.windowTitle() == "打印成长档案"
    assert not dialog.full_ids.isEnabled()  # the growth record never prints full numbers
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    assert not dialog.ok_button.isEnabled()  # the passphrase first
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(view.printed, timeout=30_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert view.print_note.text() == f"已保存到 {out}"
    text = pdf_text(out)
    for expected in ("学生资助成长档案", "王小明", "3203**********", "国家助学金", "￥2,000.00",
                     "学费减免", "￥1,200.50", "贷款办理点咨询", "欢口镇办理点", "首贷", "已受理",
                     "学习刻苦，乐于助人", "比较困难", "￥3,200.50"):
        assert expected in text, expected
    for private in (CHILD, "13812345678", "王伟", "贫困"):
        assert private not in text
    printed = workspace.store.run(lambda s: [
        (e.action, e.entity, e.entity_id) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "print"))])
    assert printed == [("print", "student", student_id)]
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(out),
                    str(tmp_path / "growth")], check=True)
    assert (tmp_path / "growth.png").stat().st_size > 10_000  # a page with text on it

    # The supervisor sees the same timeline beside the visit they reviewed.
    review = ReviewViewWidget(supervisor_workspace, visit_id)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitUntil(lambda: review.growth.records != [], timeout=10_000)
    _click_tab(qtbot, review.side_tabs, "资助成长档案")
    assert review.growth.isVisible() and not review.growth.empty.isVisible()
    assert review.growth.levels.text() == view.levels.text()
    assert review.growth.aid_total.text() == view.aid_total.text()
    assert _timeline(review.growth) == rows
