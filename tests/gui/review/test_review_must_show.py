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

Not yet through the widgets (15d's decision dialogs are not merged): writing the return
comment, confirming and dismissing a flag and raising one go through the calls those
dialogs make (:mod:`homevisit.review.decisions`), with the anchor the field click gave.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.gui.qt import QImage, QLabel, Qt
from homevisit.gui.review.queue_model import ROW_ROLE
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.review.window import ReviewWindow
from homevisit.kdf import FLOOR
from homevisit.model import Attachment, Flag, FlagCategory, Visit
from homevisit.protocol.vocabulary import FlagDecision
from homevisit.review import comments, decisions
from homevisit.review.anchors import CommentAnchor
from homevisit.review.decisions import Comment
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

        # --- the supervisor returns it with a comment on the wages field -------------------
        clicked: list[CommentAnchor] = []
        view.answer_clicked.connect(lambda path, member: clicked.append(
            CommentAnchor(path, member)))
        qtbot.mouseClick(view.answers[("income.wages", None)], Qt.MouseButton.LeftButton)
        assert clicked == [CommentAnchor("income.wages", None)]
        decisions.return_visit(supervisor_workspace, visit_id,
                               [Comment(clicked[0], "请补充工资收入证明")])
        raised = decisions.raise_flag(supervisor_workspace, visit_id, None,
                                      FlagCategory.CORPORATE_OFFICER, "村民反映家中有人开办企业")
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
        decisions.decide_flag(supervisor_workspace, father_flag, FlagDecision.CONFIRM,
                              "核实为在编公务员")
        decisions.decide_flag(supervisor_workspace, raised, FlagDecision.DISMISS,
                              "经核实为他人同名企业")
        with qtbot.waitSignal(bar.state_shown, timeout=10_000):
            bar.refresh()
        assert bar.approve_button.isEnabled()
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
