"""What a first-time counselor tripped over in the visit wizard (issue 14): the window's
size and header, a deliberate finalize, what is missing and where, controls that stay put,
and the wording guard."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.app_settings import load_settings
from homevisit.gui.qt import QApplication, QLabel, QLineEdit, Qt
from homevisit.gui.visit.finalize_confirm import FinalizeConfirm
from homevisit.gui.visit.wizard import VisitWizard
from homevisit.model import Flag
from homevisit.visits import wording
from tests.gui.visit.conftest import TODAY
from tests.gui.visit.driver import Counselor
from tests.gui.visit.standard_visit import record_standard_visit
from tests.gui.visit.test_whole_visit import fill_consent, open_wizard


def _shown_wizard(qtbot, workspace, household_id) -> tuple[VisitWizard, Counselor]:
    """The wizard shown the way the shell shows it: no size given by the caller."""
    wizard = VisitWizard(workspace, household_id, today=TODAY, save_delay_ms=50)
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.loaded, timeout=10_000):
        wizard.show()
    return wizard, Counselor(qtbot, wizard)


def test_the_wizard_opens_on_screen_at_a_useful_size_and_names_the_family(
        chinese_ui, qtbot, workspace, household_id):
    wizard, _ = _shown_wizard(qtbot, workspace, household_id)
    area = wizard.screen().availableGeometry()
    frame = wizard.geometry()
    assert area.contains(frame), (area, frame)  # never partly off screen
    assert frame.width() >= min(900, area.width() * 8 // 10)
    assert frame.height() >= min(600, area.height() * 8 // 10)
    assert "王小明" in wizard.header.text() and "王大山" in wizard.header.text()
    assert wizard.header.isVisible()

    # Where the user leaves it is where it opens next time on this screen.
    wizard.resize(700, 500)
    wizard.move(area.x() + 20, area.y() + 10)
    wizard.close()
    assert any(key.startswith("visit@") for key in load_settings().window_geometry)
    again, _ = _shown_wizard(qtbot, workspace, household_id)
    assert (again.width(), again.height()) == (700, 500)
    assert area.contains(again.geometry())


def test_finalize_asks_first_lists_what_is_sent_and_flags_stay_explainable(
        chinese_ui, qtbot, workspace, household_id, tmp_path):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    record_standard_visit(c, tmp_path, explain=False)
    assert wizard.current_page().id == "finalize"
    unexplained = [f for f in wizard.flags if f.status == "open"]
    assert unexplained

    c.press("finalizeButton")  # one click no longer finalizes
    dialog = next(d for d in wizard.findChildren(FinalizeConfirm) if d.isVisible())
    assert wizard.snapshot.status.value == "draft"
    listed = dialog.informativeText()
    assert "1 张照片和证件" in listed or "1 photos" in listed
    assert str(len(unexplained)) in listed and "说明" in listed
    assert dialog.defaultButton() is dialog.back_button  # Enter does not finalize
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert wizard.snapshot.status.value == "draft"

    with qtbot.waitSignal(wizard.finalized, timeout=10_000):
        c.finalize()
    assert wizard.snapshot.status.value == "finalized"
    # After finalizing, the open flag still takes an explanation, until a supervisor decides.
    card = next(card for card in wizard.flags_panel.cards if card.flag.status == "open")
    assert card.save.isVisible() and not card.explanation.isReadOnly()
    open_style = card.styleSheet()
    c.keys(card.explanation, "父亲已于2020年退休")
    with c.saved():
        c.click(card.save)
    explained = next(card for card in wizard.flags_panel.cards
                     if card.flag.id == unexplained[0].id)
    assert explained.flag.status == "explained"
    assert explained.styleSheet() != open_style  # explained cards look different
    assert explained.save.isVisible()  # still explainable until decided


def test_empty_numbers_look_empty_and_next_names_what_it_left_behind(
        chinese_ui, qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    wizard.go_to_page("income")
    wages = c.row("income.wages").editor.line
    assert wages.text() == "" and wages.placeholderText() != "0"
    assert not wizard.missing_notice.isVisible()
    c.next()  # wages, farming and business left empty
    assert wizard.current_page().id == "expenses"
    assert wizard.missing_notice.isVisible()
    assert wizard.page("income").title in wizard.missing_notice.text()
    c.click(wizard.missing_notice)
    assert wizard.current_page().id == "income"
    assert QApplication.focusWidget() is wages


def test_the_final_checklist_lists_every_missing_field_and_jumps_to_it(
        chinese_ui, qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    c.click(wizard.step_list.viewport())  # nothing happens: no row under the point
    wizard.go_to_page("finalize")
    checklist = wizard.finalize_page.missing_list
    entries = [checklist.item(i).text() for i in range(checklist.count())]
    assert len(entries) == len(wizard.session.missing())
    assert any("家庭收入" in e and "工资" in e for e in entries), entries
    assert any("签名" in e for e in entries)
    assert not wizard.finalize_page.button.isEnabled()

    row = next(i for i, e in enumerate(entries) if "家庭收入" in e and "工资" in e)
    rect = checklist.visualItemRect(checklist.item(row))
    qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.current_page().id == "income"
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert focused is c.row("income.wages").editor.line


def test_a_message_appearing_does_not_move_the_controls_below_it(
        chinese_ui, qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    wizard.go_to_page("income")
    below = [c.row(f"income.{name}").editor.line for name in ("farming", "business")]
    before = [w.mapTo(wizard, w.rect().topLeft()) for w in below]
    c.type("income.wages", "abc")
    assert c.message("income.wages") != ""  # "please enter a number" appeared
    after = [w.mapTo(wizard, w.rect().topLeft()) for w in below]
    assert after == before


def test_labelling_words_in_observations_get_a_gentle_warning(
        chinese_ui, qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    wizard.go_to_page("observations")
    c.type("observations.observations", "家庭比较贫困，")
    message = c.message("observations.observations")
    assert "贫困" in message and "标签" in message
    c.row("observations.observations").editor.set_value("家具简朴，学习用品齐全。")
    c.row("observations.observations").editor.edited.emit()
    assert c.message("observations.observations") == ""
    # Only a warning: the answer is kept and counts as answered.
    c.type("observations.observations", "贫困户")
    assert "贫困户" in wizard.answers["observations"]["observations"]
    assert "贫困户" in c.message("observations.observations")


def test_the_word_list_is_data_and_longest_words_win(tmp_path):
    assert "贫困" in wording.stigmatising_words()
    assert wording.words_in("他家是贫困户，很贫困") == ["贫困户", "贫困"]
    assert wording.words_in("家具简朴") == []
    custom = tmp_path / "words.yaml"
    custom.write_text("version: 1\nwords: [可怜]\n", encoding="utf-8")
    assert wording.stigmatising_words(custom) == ("可怜",)
    assert wording.words_in("孩子很可怜", wording.stigmatising_words(custom)) == ["可怜"]


def test_one_fact_about_the_father_is_one_card_naming_him_with_every_rule(
        chinese_ui, qtbot, workspace, household_id):
    from tests.gui.visit.test_whole_visit import fill_members

    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    wizard.go_to_page("members")
    fill_members(c)  # the father works at 红窑镇人民政府, employer type 机关
    c.choose("members.people.1.occupation", "civil_servant")
    with c.saved():
        wizard.flush()
    qtbot.waitUntil(lambda: len(wizard.flags_panel.cards) >= 1, timeout=10_000)
    cards = wizard.flags_panel.cards
    assert len(cards) == 1, [card.flag.rule_id for card in cards]
    card = cards[0]
    assert "王大山" in card.title.text() and "财政供养" in card.title.text()
    assert len(card.flag.rules) >= 3  # employer type, employer name, occupation
    assert card.findChild(QLabel, "evidence").text().count("•") == len(card.flag.rules)
    assert "父亲" in card.findChild(QLabel, "question").text()
    stored = workspace.store.run(lambda s: [(f.member_id, f.category.value) for f in
                                            s.scalars(select(Flag)) if not f.deleted])
    assert len(stored) == 1 and stored[0][0] is not None  # the member is recorded


def _places(wizard, widgets) -> list[tuple[int, int]]:
    QApplication.processEvents()  # the layout settles on its own request
    return [(w.mapTo(wizard, w.rect().topLeft()).x(), w.mapTo(wizard, w.rect().topLeft()).y())
            for w in widgets]


def test_a_follow_up_question_appearing_moves_no_control(
        chinese_ui, qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    fill_consent(c)
    wizard.go_to_page("housing")
    controls = [c.row("housing.has_registered_business").editor.no,
                c.row("housing.has_second_house").editor.yes,
                c.row("housing.has_car").editor.yes]
    before = _places(wizard, controls)
    c.answer("housing.has_car", True)
    assert c.row("housing.car_note").isVisible()  # 车辆用途 appeared in the place kept for it
    assert _places(wizard, controls) == before
    c.answer("housing.has_car", False)
    assert not c.row("housing.car_note").isVisible()
    assert _places(wizard, controls) == before

    # In the roster too: the father's occupation brings the employer questions, and
    # neither his income nor the mother below him moves.
    wizard.go_to_page("members")
    controls = [c.row("members.people.1.yearly_income").editor.line,
                c.row("members.people.2.name").editor.line,
                c.row("members.people.1.occupation").editor]
    before = _places(wizard, controls)
    c.choose("members.people.1.occupation", "worker")
    assert c.row("members.people.1.employer_type").isVisible()
    assert _places(wizard, controls) == before
