"""Documents in the wizard: a PDF goes into the vault as it is; a file the vault refuses is
reported in words and leaves nothing behind (no row, no file)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import select

from homevisit.gui.qt import Qt
from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.model import Attachment
from tests.gui.visit.test_whole_visit import open_wizard


def _capture(c, path) -> CaptureDialog:
    c.tick("consent.consent_choices", "basic_information", "document_photos")
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


def test_a_photo_without_its_consent_choice_is_refused_and_the_dialog_says_why(
        qtbot, workspace, household_id, tmp_path):
    photo = tmp_path / "home.png"
    Image.new("RGB", (300, 200), (200, 180, 160)).save(photo)
    _wizard, c = open_wizard(qtbot, workspace, household_id)
    c.tick("consent.consent_choices", "basic_information", "document_photos")
    c.wizard.go_to_page("documents")
    c.press("addAttachment")
    dialog = c.wizard.findChild(CaptureDialog)
    assert dialog.load_file(photo)
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("home_photo"))
    # 拍摄居住环境 was not ticked: the save button is off and the note names the choice.
    assert not dialog.save_button.isEnabled()
    assert dialog.consent_note.isVisible()
    assert "拍摄居住环境" in dialog.consent_note.text()
    assert "拍摄居住环境" in dialog.doc_type.itemData(
        dialog.doc_type.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    c.shot(dialog, "capture_without_consent")
    # A document type whose choice was ticked can be saved.
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("certificate"))
    assert dialog.save_button.isEnabled() and not dialog.consent_note.isVisible()
    dialog.reject()
    assert workspace.store.run(lambda s: s.scalars(select(Attachment)).all()) == []


def test_the_store_refuses_a_capture_without_consent_whatever_the_widget_does(
        workspace, household_id, tmp_path):
    from homevisit.errors import ConsentRequired
    from homevisit.visits import draft

    photo = tmp_path / "home.png"
    Image.new("RGB", (300, 200), (200, 180, 160)).save(photo)
    visit_id = workspace.store.run(lambda s: draft.open_visit(s, household_id).visit_id)
    stored = workspace.vault.import_file(photo)
    with pytest.raises(ConsentRequired) as refused:
        workspace.store.run(lambda s: draft.record_attachment(
            s, visit_id, stored, "home_photo", actor=workspace.actor))
    assert "拍摄居住环境" in str(refused.value)
    assert workspace.store.run(lambda s: s.scalars(select(Attachment)).all()) == []
