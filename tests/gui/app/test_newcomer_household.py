"""The household detail and Qt's own dialogs as a first-time user meets them (issue 14):
Chinese everywhere a person reads, a reveal error that leaves the button alone, and a detail
that follows the visit being recorded."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.gui.qt import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, Qt
from homevisit.model import Visit
from homevisit.visits import draft
from tests.gui.conftest import seed_households, unlock_window
from tests.gui.visit.driver import Counselor

FULL_ID = "110101199003070019"


def test_qt_own_message_and_file_dialogs_speak_chinese(chinese_ui, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "定稿", "确定吗？",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Ok,
                                             QMessageBox.StandardButton.Cancel)}
    assert texts.isdisjoint({"OK", "&OK", "Cancel", "&Cancel"}), texts
    assert any("确定" in t for t in texts) and any("取消" in t for t in texts)

    dialog = QFileDialog(None, "导入照片或 PDF")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: what Linux shows
    qtbot.addWidget(dialog)
    name_label = dialog.findChild(QLabel, "fileNameLabel")
    assert name_label is not None and "文件" in name_label.text(), name_label.text()
    buttons = dialog.findChild(QDialogButtonBox)
    assert all("Cancel" not in b.text() for b in buttons.buttons())


def test_the_recommended_level_shows_as_a_label_in_history_and_growth_record(
        chinese_ui, qtbot, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])

    def visit_with_level(session) -> None:
        snapshot = draft.open_visit(session, household_id)
        session.get(Visit, snapshot.visit_id).recommended_level = "difficult"

    workspace.store.run(visit_with_level)
    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    cells = [dialog.visits.item(0, c).text() for c in range(dialog.visits.columnCount())]
    assert "比较困难" in cells and "difficult" not in cells
    view = dialog.growth  # a code never shows, whether or not a student is recorded
    growth = " ".join([view.levels.text(), view.empty.text()] + [
        view.table.item(r, c).text() for r in range(view.table.rowCount())
        for c in range(view.table.columnCount()) if view.table.item(r, c)])
    assert "difficult" not in growth


def test_a_wrong_passphrase_is_said_beside_the_button_not_on_it(chinese_ui, qtbot, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])
    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None)
    label = dialog.reveal_button.text()
    dialog.reveal("not my passphrase")
    qtbot.waitUntil(dialog.reveal_error.isVisible, timeout=10_000)
    assert dialog.reveal_button.text() == label
    assert dialog.reveal_error.text() and not dialog.revealed


def test_an_open_household_detail_follows_the_visit_being_recorded(
        chinese_ui, qtbot, app_window, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])
    shell = unlock_window(qtbot, app_window)
    shell.open_household(household_id)
    detail = shell._detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    assert detail.visits.rowCount() == 0

    shell.start_visit(household_id)
    wizard = shell._visit
    qtbot.waitUntil(lambda: wizard.session is not None, timeout=10_000)
    c = Counselor(qtbot, wizard)
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        c.choose("consent.visit_mode", "phone")  # saved, then the detail reads again
    qtbot.waitUntil(lambda: detail.visits.rowCount() == 1, timeout=10_000)
    assert detail.visits.item(0, 0).text() == "进行中"
    statuses = workspace.store.run(lambda s: list(s.scalars(select(Visit.status))))
    assert len(statuses) == 1
    wizard.close()


def _family_with_student(workspace, guardian: str, student: str, school: str, grade: str,
                         phone: str | None) -> str:
    import datetime as dt

    from homevisit.model import Household, Member, Student

    def add(session) -> str:
        household = Household(region_code="320826", address=f"{guardian}家",
                              due_date=dt.date(2026, 12, 1))
        session.add(household)
        session.add(Member(household=household, name=guardian, relation="father",
                           is_guardian=True, phone=phone))
        child = Member(household=household, name=student, relation="self")
        session.add(child)
        session.flush()
        session.add(Student(member_id=child.id, household_id=household.id, school=school,
                            grade=grade))
        return household.id

    return workspace.store.run(add)


def test_the_list_shows_the_student_readable_status_and_says_when_nothing_matches(
        chinese_ui, qtbot, app_window, workspace):
    from homevisit.gui.households.model import (
        COL_DUE,
        COL_GUARDIAN,
        COL_PHONE,
        COL_SCHOOL,
        COL_STATUS,
        COL_STUDENT,
    )

    _family_with_student(workspace, "王大山", "王小明", "涟水县红窑中学", "高二", None)
    _family_with_student(workspace, "李建国", "李梅", "淮安市第一中学", "高一", None)
    shell = unlock_window(qtbot, app_window)
    page, model = shell.households, shell.households.model
    qtbot.waitUntil(lambda: model.rowCount() == 2
                    and model.data(model.index(0, COL_GUARDIAN)) not in (None, "…"))
    rows = {model.data(model.index(r, COL_STUDENT)): r for r in range(2)}
    assert set(rows) == {"王小明", "李梅"}
    assert model.data(model.index(rows["王小明"], COL_SCHOOL)) == "涟水县红窑中学 高二"
    assert model.data(model.index(rows["王小明"], COL_STATUS)) == "未家访"
    assert page.table.isColumnHidden(COL_PHONE)  # nobody has a phone: no empty column
    header = page.table.horizontalHeader()
    for column in range(model.columnCount()):
        if page.table.isColumnHidden(column) or column == header.count() - 1:
            continue
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title)
    date = model.data(model.index(0, COL_DUE))
    assert header.sectionSize(COL_DUE) > page.table.fontMetrics().horizontalAdvance(date)

    page.search.setText("zzzz")
    qtbot.waitUntil(lambda: page.empty_label.isVisible(), timeout=5_000)
    assert "zzzz" in page.empty_label.text() and not page.table.isVisible()

    # Search, then Enter: the household opens without touching the mouse.
    page.search.clear()
    qtbot.keyClicks(page.search, "lm")  # 李梅's pinyin initials
    qtbot.waitUntil(lambda: model.rowCount() == 1 and page.table.isVisible(), timeout=5_000)
    with qtbot.waitSignal(page.open_requested, timeout=5_000) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args[0] == model.household_id(0)
    qtbot.waitUntil(lambda: shell._detail is not None and shell._detail.detail is not None)
