"""What the visit wizard does besides answering questions: flag explanations, photos and
documents, signatures, and finalizing. A mixin of :class:`VisitWizard`, kept apart so each
module reads in one sitting; every store write goes through the store worker."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from homevisit.gui.qt import QCoreApplication, QImage, QLabel, QTimer, QWidget, SignalInstance
from homevisit.gui.tasks import run_in_store
from homevisit.gui.visit.attachments import load_image, store_attachment
from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.protocol.consent import choices_in_answers
from homevisit.visits import draft
from homevisit.visits.forms import FormDefinition, FormState, submitted_answers
from homevisit.visits.session import VisitSession
from homevisit.workspace import Workspace

if TYPE_CHECKING:
    from homevisit.gui.visit.flags_panel import FlagsPanel
    from homevisit.gui.visit.pages import DocumentsPage, FinalizePage, SignaturesPage
    from homevisit.gui.visit.signature_box import SignatureBox


class _WizardPage(Protocol):
    """A page of the wizard, as far as this mixin reads it (the wizard's own ``_Page``; not
    imported from there, so the wizard and its mixin do not import each other)."""

    @property
    def id(self) -> str: ...


class _Wizard(Protocol):
    """The wizard as this mixin sees it: what :class:`VisitWizard` provides, plus the
    mixin's own methods that call each other. The methods below take ``self: _Wizard``, so
    mypy checks that :class:`VisitWizard` matches wherever they are used on it."""

    workspace: Workspace
    snapshot: draft.DraftSnapshot | None
    definition: FormDefinition | None
    state: FormState | None
    session: VisitSession | None
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
    _timer: QTimer
    save_status: QLabel

    @property
    def saved(self) -> SignalInstance: ...
    @property
    def attachment_added(self) -> SignalInstance: ...
    @property
    def finalized(self) -> SignalInstance: ...

    # Provided by VisitWizard.
    def show_status(self, text: str, *, clear_error: bool = False) -> None: ...
    def flush(self) -> None: ...
    def current_page(self) -> _WizardPage: ...
    def _update_finalize(self) -> None: ...
    def _apply_status(self) -> None: ...
    def _failed(self, error: BaseException) -> None: ...

    # Provided by VisitEvidence.
    def add_attachment(self, data: bytes, name: str, doc_type: str) -> None: ...
    def _attachment_added(self, view: draft.AttachmentView) -> None: ...
    def _show_attachments(self) -> None: ...
    def _finalized(self, snapshot: draft.DraftSnapshot) -> None: ...


class VisitEvidence:
    """Mixed into :class:`homevisit.gui.visit.wizard.VisitWizard`, a QWidget that provides
    what :class:`_Wizard` lists. The ``isinstance`` asserts (always true) let mypy see
    ``self`` as that QWidget where it is passed on as a QObject owner or a QWidget parent."""

    # mypy records what the methods assign to ``self`` on this class, so the attributes they
    # assign are declared with the wizard's types.
    snapshot: draft.DraftSnapshot | None
    attachments: list[draft.AttachmentView]
    flags: tuple[draft.FlagView, ...]
    _dirty: bool

    def explain_flag(self: _Wizard, flag_id: str, explanation: str) -> None:
        assert isinstance(self, QWidget)
        def done(view: draft.FlagView) -> None:
            self.flags = tuple(view if f.id == view.id else f for f in self.flags)
            self.flags_panel.set_flags(self.flags)
            self._update_finalize()
            self.saved.emit()

        run_in_store(self.workspace.store, lambda s: draft.explain_flag(s, flag_id, explanation),
                     done, self._failed, owner=self)

    def open_capture(self: _Wizard) -> CaptureDialog:
        assert isinstance(self, QWidget)
        dialog = CaptureDialog(self, consented=choices_in_answers(self.answers))
        dialog.captured.connect(self.add_attachment)
        dialog.open()
        return dialog

    def add_attachment(self: _Wizard, data: bytes, name: str, doc_type: str) -> None:
        assert isinstance(self, QWidget)
        assert self.snapshot is not None
        # The consent ticks the capture depends on reach the store first (one worker, in order).
        self.flush()
        self.show_status(QCoreApplication.translate("VisitWizard", "Saving the photo…"),
                         clear_error=True)
        store_attachment(self.workspace, self.snapshot.visit_id, data, name, doc_type,
                         self._attachment_added, self._failed, owner=self)

    def save_signature(self: _Wizard, doc_type: str, png: bytes) -> None:
        self.add_attachment(png, f"{doc_type}.png", doc_type)

    def _attachment_added(self: _Wizard, view: draft.AttachmentView) -> None:
        if view.doc_type in draft.SIGNATURES:
            self.attachments = [a for a in self.attachments if a.doc_type != view.doc_type]
        self.attachments.append(view)
        self._show_attachments()
        self.show_status(QCoreApplication.translate("VisitWizard", "All changes saved."))
        self.attachment_added.emit(view.doc_type)
        self.saved.emit()

    def remove_attachment(self: _Wizard, attachment_id: str) -> None:
        assert isinstance(self, QWidget)
        def done(_: None) -> None:
            self.attachments = [a for a in self.attachments if a.id != attachment_id]
            self._show_attachments()
            self.saved.emit()

        run_in_store(self.workspace.store,
                     lambda s: draft.remove_attachment(s, attachment_id), done, self._failed,
                     owner=self)

    def _show_attachments(self: _Wizard) -> None:
        assert isinstance(self, QWidget)
        self.documents.set_attachments(self.attachments)
        for view in self.attachments:
            if view.doc_type not in draft.SIGNATURES and view.mime.startswith("image/"):
                def show_thumbnail(image: QImage, attachment_id: str = view.id) -> None:
                    self.documents.set_thumbnail(attachment_id, image)

                load_image(self.workspace, view, show_thumbnail, self._failed, owner=self)
        boxes = {**self.signatures.boxes(), draft.SIGNATURE_CONSENT: self.consent_signature}
        have = {a.doc_type for a in self.attachments}
        for kind, box in boxes.items():
            box.mark_saved(kind in have)
        for view in self.attachments:
            saved_box = boxes.get(view.doc_type)
            if saved_box is not None and saved_box.pad.saved_image.isNull():
                load_image(self.workspace, view, saved_box.show_saved, self._failed, owner=self)
        self._update_finalize()

    def finalize(self: _Wizard) -> None:
        assert isinstance(self, QWidget)
        assert self.snapshot is not None and self.definition is not None
        assert self.state is not None
        self._timer.stop()
        self._dirty = False
        # The last answers and the finalize go in one transaction: nothing typed is left out.
        visit_id, definition, today = self.snapshot.visit_id, self.definition, self.today
        actor = self.workspace.actor
        answers, submitted = copy.deepcopy(self.answers), submitted_answers(self.state)
        # The page and the time spent on each step (the supervisor sees it), not only the
        # page: the stays end here.
        if self.session is not None:
            self.session.close()
        place = self.session.place() if self.session is not None else self.current_page().id

        def save_and_finalize(session: Session) -> draft.DraftSnapshot:
            draft.save_answers(session, visit_id, answers, place, submitted, actor=actor)
            return draft.finalize(session, visit_id, definition, actor=actor, today=today)

        run_in_store(self.workspace.store, save_and_finalize, self._finalized, self._failed,
                     owner=self)

    def _finalized(self: _Wizard, snapshot: draft.DraftSnapshot) -> None:
        self.snapshot = snapshot
        self.flags = snapshot.flags
        self._apply_status()
        self.show_status(QCoreApplication.translate("VisitWizard", "The visit is finalized."),
                         clear_error=True)
        self.finalized.emit()
