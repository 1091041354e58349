"""Documents in the wizard: a PDF goes into the vault as it is; a file the vault refuses is
reported in words and leaves nothing behind (no row, no file)."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image
from sqlalchemy import select

from homevisit.gui.qt import Qt
from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.model import Attachment
from tests.gui.visit.test_whole_visit import open_wizard


def _capture(c, path) -> CaptureDialog:
    c.wizard.go_to_page("documents")
    c.press("addAttachment")
    dialog = c.wizard.findChild(CaptureDialog)
    assert dialog.load_file(path)
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("certificate"))
    return dialog


def test_pdf_certificate_is_stored_encrypted_and_cleaned(qtbot, workspace, household_id,
                                                        tmp_path):
    pdf = tmp_path / "低保证明.pdf"
    Image.new("RGB", (200, 120), (255, 255, 255)).save(pdf, "PDF")
    wizard, c = open_wizard(qtbot, workspace, household_id)
    dialog = _capture(c, pdf)
    with qtbot.waitSignal(wizard.attachment_added, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = workspace.store.run(lambda s: s.scalars(select(Attachment)).one())
    assert (row.mime, row.doc_type) == ("application/pdf", "certificate")
    stored = workspace.vault.read_bytes(row.vault_file_id, row.file_key)
    with pikepdf.open(io.BytesIO(stored)) as clean:  # rewritten without its metadata
        assert len(clean.pages) == 1 and "/Info" not in clean.trailer
    assert b"/Info" in pdf.read_bytes()
    assert wizard.documents.list.count() == 1


def test_refused_file_is_reported_and_leaves_nothing(qtbot, workspace, household_id, tmp_path):
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")  # no trailer: not a real PDF
    wizard, c = open_wizard(qtbot, workspace, household_id)
    dialog = _capture(c, broken)
    with qtbot.waitSignal(wizard.failed, timeout=10_000) as failure:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "PDF" in failure.args[0] and wizard.save_status.text() == failure.args[0]
    assert workspace.store.run(lambda s: s.scalars(select(Attachment)).all()) == []
    assert workspace.vault.ids() == set()
    assert wizard.documents.list.count() == 0
