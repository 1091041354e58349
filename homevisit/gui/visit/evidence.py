"""What the visit wizard does besides answering questions: flag explanations, photos and
documents, signatures, and finalizing. A mixin of :class:`VisitWizard`, kept apart so each
module reads in one sitting; every store write goes through the store worker."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from homevisit.gui.qt import QCoreApplication, QLabel
from homevisit.gui.tasks import run_in_store
from homevisit.gui.visit.attachments import load_image, store_attachment
from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.visits import draft
from homevisit.visits.forms import FormDefinition, FormState, submitted_answers
from homevisit.workspace import Workspace

if TYPE_CHECKING:
    from homevisit.gui.visit.flags_panel import FlagsPanel
    from homevisit.gui.visit.pages import DocumentsPage, FinalizePage, SignaturesPage
    from homevisit.gui.visit.signature_box import SignatureBox


class VisitEvidence:
    """Mixed into :class:`homevisit.gui.visit.wizard.VisitWizard` (which provides these)."""

    workspace: Workspace
    snapshot: draft.DraftSnapshot | None
    definition: FormDefinition | None
    state: FormState | None
    answers: dict[str, Any]
    attachments: list[draft.AttachmentView]
    flags: tuple[draft.FlagView, ...]
    today: dt.date | None
    flags_panel: FlagsPanel
    documents: DocumentsPage
    signatures: SignaturesPage
    finalize_page: FinalizePage
    consent_signature: SignatureBox
    _dirty: bool
    save_status: QLabel
    show_status: Any
    saved: Any
    attachment_added: Any
    finalized: Any

    def explain_flag(self, flag_id: str, explanation: str) -> None:
        def done(view: draft.FlagView) -> None:
            self.flags = tuple(view if f.id == view.id else f for f in self.flags)
            self.flags_panel.set_flags(self.flags)
            self._update_finalize()
            self.saved.emit()

        run_in_store(self.workspace.store, lambda s: draft.explain_flag(s, flag_id, explanation),
                     done, self._failed, owner=self)

    def open_capture(self) -> CaptureDialog:
        dialog = CaptureDialog(self)
        dialog.captured.connect(self.add_attachment)
        dialog.open()
        return dialog

    def add_attachment(self, data: bytes, name: str, doc_type: str) -> None:
        assert self.snapshot is not None
        self.show_status(QCoreApplication.translate("VisitWizard", "Saving the photo…"),
                         clear_error=True)
        store_attachment(self.workspace, self.snapshot.visit_id, data, name, doc_type,
                         self._attachment_added, self._failed, owner=self)

    def save_signature(self, doc_type: str, png: bytes) -> None:
        self.add_attachment(png, f"{doc_type}.png", doc_type)

    def _attachment_added(self, view: draft.AttachmentView) -> None:
        if view.doc_type in draft.SIGNATURES:
            self.attachments = [a for a in self.attachments if a.doc_type != view.doc_type]
        self.attachments.append(view)
        self._show_attachments()
        self.show_status(QCoreApplication.translate("VisitWizard", "All changes saved."))
        self.attachment_added.emit(view.doc_type)
        self.saved.emit()

    def remove_attachment(self, attachment_id: str) -> None:
        def done(_: None) -> None:
            self.attachments = [a for a in self.attachments if a.id != attachment_id]
            self._show_attachments()
            self.saved.emit()

        run_in_store(self.workspace.store,
                     lambda s: draft.remove_attachment(s, attachment_id), done, self._failed,
                     owner=self)

    def _show_attachments(self) -> None:
        self.documents.set_attachments(self.attachments)
        for view in self.attachments:
            if view.doc_type not in draft.SIGNATURES and view.mime.startswith("image/"):
                load_image(self.workspace, view,
                           lambda image, i=view.id: self.documents.set_thumbnail(i, image),
                           self._failed, owner=self)
        boxes = {**self.signatures.boxes(), draft.SIGNATURE_CONSENT: self.consent_signature}
        have = {a.doc_type for a in self.attachments}
        for kind, box in boxes.items():
            box.mark_saved(kind in have)
        for view in self.attachments:
            box = boxes.get(view.doc_type)
            if box is not None and box.pad.saved_image.isNull():
                load_image(self.workspace, view, box.show_saved, self._failed, owner=self)
        self._update_finalize()

    def finalize(self) -> None:
        assert self.snapshot is not None and self.definition is not None
        assert self.state is not None
        self._timer.stop()
        self._dirty = False
        # The last answers and the finalize go in one transaction: nothing typed is left out.
        visit_id, definition, today = self.snapshot.visit_id, self.definition, self.today
        actor = self.workspace.actor
        answers, submitted = copy.deepcopy(self.answers), submitted_answers(self.state)
        step = self.current_page().id

        def save_and_finalize(session: Session) -> draft.DraftSnapshot:
            draft.save_answers(session, visit_id, answers, step, submitted)
            return draft.finalize(session, visit_id, definition, actor=actor, today=today)

        run_in_store(self.workspace.store, save_and_finalize, self._finalized, self._failed,
                     owner=self)

    def _finalized(self, snapshot: draft.DraftSnapshot) -> None:
        self.snapshot = snapshot
        self.flags = snapshot.flags
        self._apply_status()
        self.show_status(QCoreApplication.translate("VisitWizard", "The visit is finalized."),
                         clear_error=True)
        self.finalized.emit()
