"""The households page: search as you type by pinyin initials, ID tail and address; masks."""

from __future__ import annotations

from homevisit.gui.households.model import COL_GUARDIAN, COL_ID, COL_PHONE
from tests.gui.conftest import seed_households, unlock_window

ROWS = [
    ("张三", "110101199003070019", "欢口镇东村 1 号"),
    ("李四", "110101199003074757", "师寨镇西村 2 号"),
    ("王五", "11010119900307251X", "华山镇南庄 3 号"),
]


def _shown_names(page) -> list[str]:
    model = page.model
    return [model.data(model.index(r, COL_GUARDIAN)) for r in range(model.rowCount())]


def _type(qtbot, page, text: str) -> None:
    page.search.clear()
    with qtbot.waitSignal(page.list_shown, timeout=5_000):
        if text.isascii():
            qtbot.keyClicks(page.search, text)
        else:  # QTest can only type ASCII keys; an input method commits CJK text whole
            page.search.insert(text)


def test_find_a_household_by_pinyin_initials(qtbot, app_window, workspace):
    seed_households(workspace, ROWS)
    shell = unlock_window(qtbot, app_window)
    page = shell.households
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    qtbot.waitUntil(lambda: "…" not in _shown_names(page))

    _type(qtbot, page, "zs")
    qtbot.waitUntil(lambda: _shown_names(page) == ["张三"])
    assert page.count_label.text().startswith("1")

    _type(qtbot, page, "251x")  # ID tail, case-insensitive
    qtbot.waitUntil(lambda: _shown_names(page) == ["王五"])
    _type(qtbot, page, "师寨")  # address
    qtbot.waitUntil(lambda: _shown_names(page) == ["李四"])


def test_ids_and_phones_are_masked_in_the_list(qtbot, app_window, workspace):
    seed_households(workspace, ROWS[:1])
    shell = unlock_window(qtbot, app_window)
    model = shell.households.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, COL_ID)) != None)  # noqa: E711
    assert model.data(model.index(0, COL_ID)) == "1101**********0019"
    assert model.data(model.index(0, COL_PHONE)) == "138****1234"


def test_opening_a_household_shows_its_members_masked(qtbot, app_window, workspace):
    seed_households(workspace, ROWS[:1])
    shell = unlock_window(qtbot, app_window)
    page = shell.households
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.open_button.click()
    dialog = shell._detail
    qtbot.waitUntil(lambda: dialog.detail is not None)
    cells = [dialog.members.item(0, c).text() for c in range(dialog.members.columnCount())]
    assert cells[0].startswith("张三")
    assert "1101**********0019" in cells
    assert "110101199003070019" not in " ".join(cells)
