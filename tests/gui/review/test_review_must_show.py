"""Issue 15's Must show, end to end: two profiles on one machine (a counselor's and a
supervisor's), a real server on loopback, the real widgets.

The counselor records and finalizes a visit in the wizard (a photo with a black-box
redaction, drawn signatures, an explained flag) and syncs; the supervisor syncs (the queue's
files are prefetched), finds the visit in the review queue, opens it: the displayed photo's
pixels are the redacted photo's, the signatures are shown. The supervisor clicks the wages
field and returns the visit with a comment on it (and raises a flag by hand); the counselor
syncs, sees the comment at the wages field in the wizard, revises the wages, answers the
comment there and resubmits; the supervisor sees the diff with the wages highlighted and
the answer, confirms the counselor's flag, dismisses the raised one with a reason and
approves with the review window's button; after one more sync both devices and the server
agree on status, flags, comments and answers.

Every decision goes through the review window's buttons and 15d's decision dialogs: the
return dialog gets its comment box by a click on the wages answer in the view.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.gui.qt import (
    QCoreApplication,
    QImage,
    QInputMethodEvent,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    Qt,
)
from homevisit.gui.review.decision_dialogs import (
    FlagDecisionDialog,
    RaiseFlagDialog,
    ReturnDialog,
)
from homevisit.gui.review.queue_model import ROW_ROLE
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.review.window import ReviewWindow
from homevisit.kdf import FLOOR
from homevisit.model import Attachment, Flag, Visit
from homevisit.review import comments
from homevisit.review.anchors import CommentAnchor
from homevisit.server import models as server
from homevisit.store import Store
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.workspace import Workspace
from tests.gui.visit.test_visit_sync_review import record_visit
from tests.gui.visit.test_whole_visit import open_wizard
from tests.sync.synckit import FAST_RETRY, Central

SUPERVISOR_PASSPHRASE = "supervisor passphrase 2026"


@pytest.fixture
def central(tmp_path):
    server = Central.start(tmp_path / "central")
    yield server
    server.stop()


@pytest.fixture
def supervisor_workspace(workspace):
    """A second profile on the same laptop (same HOMEVISIT_HOME), with its own store."""
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


def _click(qtbot, widget) -> None:
    assert widget is not None and widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type(widget, text: str) -> None:
    """Chinese text as an input method commits it (QTest synthesises ASCII keys only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def _rgb(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_RGB32)


def test_visit_reviewed_returned_revised_decided_and_approved_across_two_profiles(
        qtbot, workspace, supervisor_workspace, central, tmp_path):
    central.user("counselor", "teacher-li")
    central.user("supervisor", "office-zhang")
    household_id = central.household("teacher-li")
    counselor = _engine(central, workspace, "teacher-li", "laptop-li")
    supervisor = _engine(central, supervisor_workspace, "office-zhang", "office-pc")
    try:
        _sync(counselor)
        wizard, c = open_wizard(qtbot, workspace, household_id)
        record_visit(qtbot, c, tmp_path)
        with qtbot.waitSignal(wizard.finalized, timeout=10_000):
            c.finalize()
        visit_id = wizard.snapshot.visit_id
        wizard.close()
        _sync(counselor)

        # What the counselor's device holds: the redacted photo and the signatures.
        def sources(session):
            return [(a.id, a.doc_type, a.vault_file_id, a.file_key) for a in session.scalars(
                select(Attachment).where(Attachment.visit_id == visit_id))]

        held = workspace.store.run(sources)
        originals = {aid: workspace.vault.read_bytes(fid, key) for aid, _t, fid, key in held}
        photo_id = next(aid for aid, kind, _f, _k in held if kind == "hukou")
        signatures = {aid for aid, kind, _f, _k in held if kind.startswith("signature_")}
        assert len(signatures) == 3

        _sync(supervisor)  # pulls the visit and prefetches its files

        page = ReviewPage(supervisor_workspace, supervisor_workspace.account)
        qtbot.addWidget(page)
        page.show()
        with qtbot.waitSignal(page.queue_shown, timeout=10_000):
            page.refresh()
        assert page.model.rowCount() == 1
        qtbot.waitUntil(lambda: page.model.index(0, 0).data(ROW_ROLE) is not None,
                        timeout=5_000)
        row = page.model.index(0, 0).data(ROW_ROLE)
        assert (row.visit_id, row.student, row.status) == (visit_id, "王小明", "submitted")
        with qtbot.waitSignal(page.queue_shown, timeout=10_000):
            # The father, 王大山, by pinyin initials (the roster the counselor entered went
            # back to the household's members; the server had none for this family).
            qtbot.keyClicks(page.search, "wds")
        assert page.model.rowCount() == 1

        opened: list[str] = []
        page.open_requested.connect(opened.append)
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        assert opened == [visit_id]
        window = ReviewWindow(supervisor_workspace, visit_id)  # deletes itself on close
        shown: list[str] = []
        window.view.photo_shown.connect(shown.append)
        window.show()
        qtbot.waitUntil(lambda: len(shown) == 4, timeout=15_000)  # photo and 3 signatures
        view = window.view
        assert view.view is not None and view.view.student == "王小明"
        assert view.answers[("income.wages", None)].text() == "24,000 元"
        displayed = _rgb(view.images[photo_id])
        assert displayed == _rgb(QImage.fromData(originals[photo_id]))  # pixel for pixel
        assert displayed.pixelColor(5, 5).black() > 200  # the redacted corner stays black
        corner = displayed.pixelColor(displayed.width() - 5, displayed.height() - 5)
        assert corner.lightness() > 200
        for signature in signatures:
            assert _rgb(view.images[signature]) == _rgb(QImage.fromData(originals[signature]))
            assert view.file_labels[signature].pixmap() is not None
        # the time the counselor spent on each step travels with the visit
        assert {s.id: s.seconds for s in view.view.steps}["consent"] > 0
        assert view.view.duration is not None and view.view.duration.total_seconds() > 0
        assert len(view.view.flags) == 1 and view.view.flags[0].status == "explained"
        father_flag = view.view.flags[0].id

        # --- the supervisor raises a flag and returns the visit with a comment on wages ----
        bar = window.decisions
        _click(qtbot, bar.raise_button)
        raising = window.dialog
        assert isinstance(raising, RaiseFlagDialog)
        qtbot.waitUntil(raising.action.isEnabled, timeout=10_000)
        raising.category.setCurrentIndex(raising.category.findData("corporate_officer"))
        _type(raising.reason, "村民反映家中有人开办企业")
        with qtbot.waitSignal(bar.decided, timeout=10_000):
            _click(qtbot, raising.action)
        _click(qtbot, bar.return_button)
        returning = window.dialog
        assert isinstance(returning, ReturnDialog)
        qtbot.mouseClick(view.answers[("income.wages", None)], Qt.MouseButton.LeftButton)
        editor = returning.findChild(QPlainTextEdit, "comment:income.wages:")
        assert editor is not None  # the clicked field got its comment box
        _type(editor, "请补充工资收入证明")
        with qtbot.waitSignal(bar.decided, timeout=10_000):
            _click(qtbot, returning.action)
        raised = supervisor_workspace.store.run(lambda s: s.scalars(select(Flag.id).where(
            Flag.visit_id == visit_id, Flag.id != father_flag)).one())
        window.close()
        _sync(supervisor)

        # --- the counselor sees the comment at the field, revises, answers, resubmits -------
        _sync(counselor)
        wizard, c = open_wizard(qtbot, workspace, household_id)
        [comment] = comments.comments_of(workspace, visit_id)
        assert comment.anchor == CommentAnchor("income.wages", None)
        note = wizard.comment_notes.note(comment.id)
        assert note.parent() is c.row("income.wages")  # at the field, not only a banner
        assert "请补充工资收入证明" in note.text.text()
        wizard.go_to_page("income")
        c.type("income.wages", "30000")
        assert wizard.answers["income"]["wages"] == 30000
        c.keys(note.editor, "已补充工资证明，年工资 30000 元")
        with qtbot.waitSignal(note.answer_requested, timeout=10_000):
            c.click(note.button)
        qtbot.waitUntil(lambda: len(comments.comments_of(workspace, visit_id)[0].answers) == 1,
                        timeout=10_000)
        wizard.go_to_page("finalize")
        qtbot.waitUntil(lambda: wizard.finalize_page.button.isEnabled(), timeout=5_000)
        with qtbot.waitSignal(wizard.finalized, timeout=10_000):
            c.finalize()
        assert wizard.snapshot.version == 2
        wizard.close()
        _sync(counselor)

        # --- the supervisor sees the diff, decides the flags, approves ----------------------
        _sync(supervisor)
        with qtbot.waitSignal(page.queue_shown, timeout=10_000):
            page.search.clear()
            page.refresh()
        qtbot.waitUntil(lambda: page.model.index(0, 0).data(ROW_ROLE) is not None,
                        timeout=5_000)
        row = page.model.index(0, 0).data(ROW_ROLE)
        assert (row.status, row.version) == ("submitted", 2)
        window = ReviewWindow(supervisor_workspace, visit_id)  # deletes itself on close
        with qtbot.waitSignal(window.decisions.state_shown, timeout=10_000):
            window.show()
        view = window.view
        qtbot.waitUntil(lambda: view.view is not None and view.view.version == 2,
                        timeout=10_000)
        assert view.findChild(QLabel, f"commentAnswer:{comment.id}") is not None
        with qtbot.waitSignal(view.diff_shown, timeout=10_000):
            view.compare_with(1)
        wages = view.answers[("income.wages", None)]
        assert wages.changed and wages.text() == "30,000 元"
        assert not view.answers[("income.farming", None)].changed
        bar = window.decisions
        assert not bar.approve_button.isEnabled()  # two flags undecided
        assert "2" in bar.message.text()
        for flag_id, decision, reason in ((father_flag, "confirm", "核实为在编公务员"),
                                          (raised, "dismiss", "经核实为他人同名企业")):
            _click(qtbot, view.findChild(QPushButton, f"{decision}:{flag_id}"))
            dialog = window.dialog
            assert isinstance(dialog, FlagDecisionDialog)
            qtbot.waitUntil(dialog.action.isEnabled, timeout=10_000)
            _type(dialog.reason, reason)
            with qtbot.waitSignal(bar.state_shown, timeout=10_000):
                _click(qtbot, dialog.action)
        qtbot.waitUntil(bar.approve_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(bar.decided, timeout=10_000):
            qtbot.mouseClick(bar.approve_button, Qt.MouseButton.LeftButton)
        window.close()
        _sync(supervisor)
        _sync(counselor)
        _sync(supervisor)

        # --- both devices and the server agree ---------------------------------------------
        def local(session):
            visit = session.get(Visit, visit_id)
            flags = {f.id: str(f.status) for f in session.scalars(
                select(Flag).where(Flag.visit_id == visit_id))}
            notes = [(n.text, tuple(a.text for a in n.answers))
                     for n in comments.comments_in(session, visit_id)]
            return str(visit.status), visit.version, flags, notes

        with central.services.sessions() as s:
            remote = s.get(server.Visit, visit_id)
            remote_flags = {f.id: str(f.status) for f in s.scalars(
                select(server.Flag).where(server.Flag.visit_id == visit_id))}
            remote_state = (str(remote.status), remote.version)
        mine = supervisor_workspace.store.run(local)
        theirs = workspace.store.run(local)
        assert mine == theirs
        assert mine[:2] == remote_state == ("approved", 2)
        assert mine[2] == remote_flags == {father_flag: "confirmed", raised: "dismissed"}
        assert mine[3] == [("请补充工资收入证明", ("已补充工资证明，年工资 30000 元",))]
    finally:
        counselor.close()
        supervisor.close()
