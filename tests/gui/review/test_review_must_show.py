"""Issue 15's Must show, end to end: two profiles on one machine (a counselor's and a
supervisor's), a real server on loopback, the real widgets.

The counselor records and finalizes a visit in the wizard (a photo with a black-box
redaction, drawn signatures, an explained flag) and syncs; the supervisor syncs (the queue's
files are prefetched), finds the visit in the review queue, opens it: the displayed photo's
pixels are the redacted photo's, the signatures are shown, and the answers are those the
counselor gave.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.gui.qt import QImage, Qt
from homevisit.gui.review.queue_model import ROW_ROLE
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.review.window import ReviewWindow
from homevisit.kdf import FLOOR
from homevisit.model import Attachment
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


def test_counselor_finalizes_supervisor_reviews_photo_pixels_and_signatures(
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
        window = ReviewWindow(supervisor_workspace, visit_id)
        qtbot.addWidget(window)
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
        window.close()
    finally:
        counselor.close()
        supervisor.close()
