"""The supervisor's queue page and review view over a real encrypted store, driven the way a
supervisor clicks and types (no server: the store is as a sync leaves it)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from homevisit.gui.qt import QImage, Qt
from homevisit.gui.review.queue_model import COL_NOTE, COL_STUDENT, ROW_ROLE
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.review.review_view import ReviewViewWidget
from homevisit.model import Account, Flag, Outbox, Visit, VisitVersion
from homevisit.review import decisions
from tests.review.seed import add_photos, seed_queue


def png(colour: tuple[int, int, int], size=(64, 48)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.paste((0, 0, 0), (8, 8, 24, 24))  # a redaction box, burned into the pixels
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def page(qtbot, workspace):
    shown = ReviewPage(workspace, workspace.account)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.clear()


def _refresh(qtbot, page) -> int:
    with qtbot.waitSignal(page.queue_shown, timeout=10_000) as signal:
        page.refresh()
    return signal.args[0]


def _students(qtbot, page) -> list[str]:
    model = page.model
    if model.rowCount():
        qtbot.waitUntil(lambda: model.data(model.index(0, 0), ROW_ROLE) is not None,
                        timeout=5_000)
    return [model.index(r, COL_STUDENT).data() for r in range(model.rowCount())]


def test_queue_counts_filters_and_search_as_the_supervisor_types(qtbot, workspace, page):
    seeded = seed_queue(workspace.store, 40)
    assert _refresh(qtbot, page) == 40
    assert page.status_buttons[""].text().endswith("(40)")
    assert page.status_buttons["returned"].text().endswith("(8)")
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        qtbot.mouseClick(page.status_buttons["returned"], Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 8
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        qtbot.mouseClick(page.status_buttons[""], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        qtbot.keyClicks(page.search, "zxm")  # 张小明 by pinyin initials
    found = _students(qtbot, page)  # 张, 赵, 周, 朱 all start with z
    assert "张小明" in found and len(found) == 4 and all(n.endswith("小明") for n in found)
    page.search.clear()
    target = seeded[11]
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        qtbot.keyClicks(page.search, target.student_id_number[-4:])
    assert target.student in _students(qtbot, page)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 40, timeout=5_000)
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        page.flags_combo.setCurrentIndex(page.flags_combo.findData("yes"))
    assert 0 < page.model.rowCount() < 40
    township = page.township_combo.itemData(1)
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        page.township_combo.setCurrentIndex(1)
    rows = [page.model.index(r, 0).data(ROW_ROLE) for r in range(page.model.rowCount())]
    qtbot.waitUntil(lambda: all(page.model.index(r, 0).data(ROW_ROLE) is not None
                                for r in range(page.model.rowCount())), timeout=5_000)
    rows = [page.model.index(r, 0).data(ROW_ROLE) for r in range(page.model.rowCount())]
    assert rows and all(r.township == township and r.undecided_flags for r in rows)
    # Enter opens the first listed visit
    opened = []
    page.open_requested.connect(opened.append)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened == [rows[0].visit_id]


def test_an_empty_search_says_what_to_try(qtbot, workspace, page):
    seed_queue(workspace.store, 3)
    _refresh(qtbot, page)
    with qtbot.waitSignal(page.queue_shown, timeout=10_000):
        qtbot.keyClicks(page.search, "qqqq")
    assert page.empty_label.isVisible() and "qqqq" in page.empty_label.text()


def test_review_view_shows_answers_photos_pixel_exact_and_the_diff_highlighted(
        qtbot, workspace):
    [seeded] = seed_queue(workspace.store, 1)
    sources = [png((200, 40, 40)), png((40, 160, 40))]
    add_photos(workspace.store, workspace.vault, seeded, sources)

    def revise(session):
        first = session.query(VisitVersion).filter_by(visit_id=seeded.visit_id).one()
        answers = {**first.answers, "income": {**first.answers["income"], "wages": 20000}}
        people = [dict(p) for p in answers["members"]["people"]]
        people.reverse()  # reordered and the mother's occupation changed
        next(p for p in people if p["relation"] == "mother")["occupation"] = "worker"
        answers["members"] = {"people": people}
        session.add(VisitVersion(visit_id=seeded.visit_id, household_id=seeded.household_id,
                                 version=2, answers=answers, form_id="home-visit",
                                 form_version=1, rev=2))
        session.get(Visit, seeded.visit_id).version = 2

    workspace.store.run(revise)
    shown: list[str] = []
    view = ReviewViewWidget(workspace, seeded.visit_id)
    qtbot.addWidget(view)
    view.photo_shown.connect(shown.append)
    view.show()
    qtbot.waitUntil(lambda: view.view is not None, timeout=10_000)
    assert seeded.student in view.title.text()
    wages = view.answers[("income.wages", None)]
    assert wages.text() == "20,000 元"
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    for ref, source in zip(view.view.attachments, sources, strict=True):
        expected = QImage.fromData(source).convertToFormat(QImage.Format.Format_RGB32)
        assert view.images[ref.id].convertToFormat(QImage.Format.Format_RGB32) == expected
    # nothing decrypted touched the disk: the vault holds only its encrypted files
    assert all(p.suffix == "" or p.is_dir() for p in workspace.vault.root.rglob("*"))

    with qtbot.waitSignal(view.diff_shown, timeout=10_000) as diff:
        view.compare.setCurrentIndex(view.compare.findData(1))
    assert diff.args == [2]
    assert wages.changed
    assert view.answers[("members.people.occupation", "m-mother")].changed
    assert not view.answers[("members.people.occupation", "m-father")].changed
    assert not view.answers[("income.farming", None)].changed
    clicked = []
    view.answer_clicked.connect(lambda path, member: clicked.append((path, member)))
    qtbot.mouseClick(wages, Qt.MouseButton.LeftButton)
    assert clicked == [("income.wages", None)]


def test_a_refused_decision_shows_in_the_queue_with_its_reason(qtbot, workspace, page):
    [seeded] = seed_queue(workspace.store, 1)

    def ready(session):
        session.add(Account(id=1, user_id=7, username="li", display_name="李督导",
                            role="supervisor", team="team-a", region_code="320321"))
        visit = session.get(Visit, seeded.visit_id)
        visit.status = "submitted"
        for flag in session.query(Flag).filter_by(visit_id=visit.id):
            session.delete(flag)

    workspace.store.run(ready)
    decisions.approve(workspace, seeded.visit_id)

    def refused(session):  # what the push records when the server says the visit moved on
        row = session.query(Outbox).filter_by(entity="review").one()
        row.quarantined, row.last_error = True, "stale_version: a newer version exists"

    workspace.store.run(refused)
    _refresh(qtbot, page)
    assert page.rejections_label.isVisible()
    row = page.model.row_of(seeded.visit_id)
    qtbot.waitUntil(lambda: page.model.index(row, 0).data(ROW_ROLE) is not None, timeout=5_000)
    note = page.model.index(row, COL_NOTE).data()
    assert "newer version" in note or "新的版本" in note


def test_approve_is_disabled_saying_why_while_flags_are_undecided_then_queued(
        qtbot, workspace):
    from homevisit.gui.review.window import ReviewWindow

    seeded = seed_queue(workspace.store, 5)[4]  # submitted, two undecided flags

    def as_supervisor(session):
        session.add(Account(id=1, user_id=7, username="li", display_name="李督导",
                            role="supervisor", team="team-a", region_code="320321"))

    workspace.store.run(as_supervisor)
    window = ReviewWindow(workspace, seeded.visit_id)  # deletes itself on close
    with qtbot.waitSignal(window.decisions.state_shown, timeout=10_000):
        window.show()
    bar = window.decisions
    assert not bar.approve_button.isEnabled()
    assert "2" in bar.message.text() and bar.message.text() == bar.approve_button.toolTip()
    assert bar.return_button.isEnabled() and bar.raise_button.isEnabled()

    def decide_flags(session):  # as if the server had accepted the supervisor's rulings
        for flag in session.query(Flag).filter_by(visit_id=seeded.visit_id):
            flag.status = "confirmed"

    workspace.store.run(decide_flags)
    with qtbot.waitSignal(bar.state_shown, timeout=10_000):
        bar.refresh()
    assert bar.approve_button.isEnabled() and bar.message.text() == ""
    with qtbot.waitSignal(bar.decided, timeout=10_000):
        qtbot.mouseClick(bar.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.state is not None and bar.state.pending.review is not None,
                    timeout=10_000)
    assert not bar.approve_button.isEnabled() and not bar.return_button.isEnabled()
    assert "sync" in bar.message.text() or "同步" in bar.message.text()
    queued = workspace.store.run(lambda s: [o.entity for o in s.query(Outbox)])
    assert queued == ["review"]
    window.close()
