"""The visit wizard: pages generated from the form definition, plus documents, signatures,
score and finalize. It renders a :class:`homevisit.visits.session.VisitSession`, which owns
the navigation (next, back, jump, which pages are shown, what is missing) and the time spent
on each page. Answers are evaluated on every edit (messages appear next to the field at
once) and saved, debounced, through the store worker with their outbox row; the session's
place is saved with them, so a restart resumes at the same page.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from homevisit.gui.messages import core_language, error_text
from homevisit.gui.placement import WindowPlacement
from homevisit.gui.qt import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.gui.uiload import child, load_ui
from homevisit.gui.visit.capture_dialog import doc_types
from homevisit.gui.visit.evidence import VisitEvidence
from homevisit.gui.visit.fields import text_of
from homevisit.gui.visit.finalize_confirm import FinalizeConfirm
from homevisit.gui.visit.flags_panel import FlagsPanel
from homevisit.gui.visit.pages import DocumentsPage, FinalizePage, ScoreBox, SignaturesPage
from homevisit.gui.visit.review_notes import CommentNotes, row_at
from homevisit.gui.visit.rows import ERROR_STYLE
from homevisit.gui.visit.signature_box import SignatureBox
from homevisit.gui.visit.step_page import StepPage
from homevisit.protocol.vocabulary import FlagStatus
from homevisit.review.comments import CommentView, answer_in, comments_in
from homevisit.visits import draft
from homevisit.visits.codelists import load_codelist
from homevisit.visits.forms import (
    FormDefinition,
    FormState,
    Message,
    submitted_answers,
)
from homevisit.visits.session import VisitSession
from homevisit.workspace import Workspace

SAVE_DELAY_MS = 400  # debounce: one write per pause in typing, not one per keystroke


@dataclass(slots=True)
class _Page:
    id: str
    title: str
    widget: QWidget
    step: StepPage | None = None  # pages generated from a form step


class VisitWizard(QWidget, VisitEvidence):
    """``VisitWizard(workspace, household_id)``: opens (or starts) the household's visit."""

    loaded = Signal()
    saved = Signal()
    attachment_added = Signal(str)  # doc type
    finalized = Signal()
    failed = Signal(str)

    def __init__(self, workspace: Workspace, household_id: str, parent: QWidget | None = None,
                 *, today: dt.date | None = None, save_delay_ms: int = SAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household_id = household_id
        self.today = today
        self.setWindowTitle(self.tr("Home visit"))
        # Its own window even when the shell passes itself as parent (owned, not embedded).
        self.setWindowFlag(Qt.WindowType.Window, True)
        root = load_ui("visit_wizard", self)
        # Whose visit this is stays in view on every page.
        self.header = child(root, QLabel, "titleLabel")
        self.header.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.placement = WindowPlacement(self, "visit", preferred=(1200, 820))
        self.step_list = child(root, QListWidget, "stepList")
        self.stack = child(root, QStackedWidget, "pages")
        self.step_title = child(root, QLabel, "stepTitle")
        self.step_title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.review_notes = QLabel(self)
        self.review_notes.setObjectName("reviewNotes")
        self.review_notes.setWordWrap(True)
        self.review_notes.setStyleSheet(
            "background: #fdecea; border: 1px solid #e6a19a; padding: 6px;")
        self.review_notes.hide()
        centre = child(root, QWidget, "centre").layout()
        assert isinstance(centre, QBoxLayout)  # a vertical box in the .ui file
        centre.insertWidget(0, self.review_notes)
        # Comments on the whole visit (or on a member no longer listed) sit under it; the
        # others next to their field.
        self.visit_notes = QWidget(self)
        self.visit_notes.setObjectName("visitNotes")
        notes_layout = QVBoxLayout(self.visit_notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        self.visit_notes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        centre.insertWidget(1, self.visit_notes)
        self.comment_notes = CommentNotes(notes_layout, self.answer_comment)
        self.status_badge = child(root, QLabel, "statusBadge")
        self.status_badge.setMinimumWidth(140)
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status_badge.setStyleSheet("font-weight: bold;")
        self.save_status = child(root, QLabel, "saveStatus")
        # Next never blocks, but never passes missing fields silently either: the footer
        # (which does not move anything when it changes) names them and leads back.
        self.missing_notice = QPushButton(self)
        self.missing_notice.setObjectName("missingNotice")
        self.missing_notice.setFlat(True)
        self.missing_notice.setStyleSheet("color: #b3261e; text-align: left;")
        self.missing_notice.hide()
        self.missing_notice.clicked.connect(self._back_to_missing)
        self._missing_target: tuple[str, str] | None = None
        footer = root.findChild(QHBoxLayout, "footer")
        assert footer is not None
        footer.insertWidget(1, self.missing_notice)
        self.back_button = child(root, QPushButton, "backButton")
        self.next_button = child(root, QPushButton, "nextButton")
        self.flags_panel = FlagsPanel(self)
        splitter = child(root, QSplitter, "splitter")
        placeholder = child(root, QWidget, "flagsPlaceholder")
        splitter.replaceWidget(splitter.indexOf(placeholder), self.flags_panel)
        placeholder.deleteLater()
        splitter.setStretchFactor(1, 1)
        # The form gets the room: the step list and the flags keep a readable width.
        self.flags_panel.setMaximumWidth(360)
        splitter.setSizes([200, 10_000, 300])
        self.pages: list[_Page] = []
        self.snapshot: draft.DraftSnapshot | None = None
        self.definition: FormDefinition | None = None
        self.state: FormState | None = None
        self.session: VisitSession | None = None
        self.answers: dict[str, Any] = {}
        self.attachments: list[draft.AttachmentView] = []
        self.flags: tuple[draft.FlagView, ...] = ()
        self._dirty = self._saving = False
        self._touched: set[str] = set()
        self._error: str | None = None
        self._left: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(save_delay_ms)
        self._timer.timeout.connect(self.flush)
        self.back_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(+1))
        self.step_list.currentRowChanged.connect(self._row_chosen)
        self.flags_panel.explain.connect(self.explain_flag)
        self.setEnabled(False)
        def open_visit(session: Session) -> tuple[draft.DraftSnapshot, FormDefinition,
                                                  list[CommentView]]:
            # The definition is read here too, off the GUI thread: the form and rule-set
            # versions the visit started with (published.visit_definition).
            snapshot = draft.open_visit(session, household_id)
            return (snapshot, draft.visit_definition(session, snapshot.visit_id),
                    comments_in(session, snapshot.visit_id))

        run_in_store(workspace.store, open_visit, self._loaded, self._failed, owner=self)

    # --- building -------------------------------------------------------------------------------

    def _loaded(self, opened: tuple[draft.DraftSnapshot, FormDefinition,
                                    list[CommentView]]) -> None:
        snapshot, self.definition, review_comments = opened
        self.comment_notes.set_comments(review_comments)
        self.snapshot = snapshot
        self.answers = copy.deepcopy({k: v for k, v in snapshot.answers.items()
                                      if k != draft.WIZARD_KEY})
        self.attachments = list(snapshot.attachments)
        self.flags = snapshot.flags
        self.session = VisitSession(
            self.definition, self.answers, household=snapshot.household_context,
            today=self.today, documents=[a.doc_type for a in self.attachments],
            place=snapshot.answers.get(draft.WIZARD_KEY))
        self._build_pages(self.definition)
        for page in self.pages:
            if page.step is not None:
                page.step.set_answers(self.answers.get(page.id))
        self._evaluate()
        self._show_attachments()
        self.flags_panel.set_flags(self.flags)
        self._apply_status()
        self.setEnabled(True)
        self.go_to(self.pages.index(self.page(self.session.current)), save=False)
        self.loaded.emit()

    def _build_pages(self, definition: FormDefinition) -> None:
        """One widget per page of the session, in its order."""
        self.documents = DocumentsPage()
        self.documents.doc_labels = dict(doc_types())
        self.documents.add_requested.connect(self.open_capture)
        self.documents.remove_requested.connect(self.remove_attachment)
        self.signatures = SignaturesPage()
        self.signatures.save_requested.connect(self.save_signature)
        self.finalize_page = FinalizePage()
        self.finalize_page.finalize_requested.connect(self.confirm_finalize)
        self.finalize_page.jump_requested.connect(self.go_to_field)
        self.consent_signature = SignatureBox(self.tr("Guardian's signature on the consent"),
                                              "consentSignature")
        self.consent_signature.save_requested.connect(
            lambda png: self.save_signature(draft.SIGNATURE_CONSENT, png))
        self.score_box = ScoreBox()
        own = {"documents": (self.tr("Documents and photos"), self.documents),
               "signatures": (self.tr("Signatures"), self.signatures),
               "finalize": (self.tr("Finalize"), self.finalize_page)}
        assert self.session is not None
        for session_page in self.session.pages:
            if not session_page.step:
                title, widget = own[session_page.id]
                self._add(_Page(session_page.id, title, widget))
                continue
            step = next(st for st in definition.steps if st.id == session_page.id)
            page = StepPage(step)
            page.edited.connect(self._edited)
            extra_before = [self.score_box] if step.id == "recommendation" else []
            extra_after = [self.consent_signature] if step.id == "consent" else []
            self._add(_Page(step.id, page.title(), _compose(extra_before, page, extra_after),
                            page))

    def _add(self, page: _Page) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page.widget)
        self.stack.addWidget(scroll)
        self.step_list.addItem(page.title)
        self.pages.append(page)

    # --- state ----------------------------------------------------------------------------------

    def _evaluate(self) -> None:
        assert self.session is not None
        self.state = self.session.set_answers(self.answers)
        for index, page in enumerate(self.pages):
            if page.step is not None:
                shown = self.state.step(page.id)
                self.step_list.item(index).setHidden(not self.session.is_shown(page.id))
                done = shown is not None and shown.progress.complete
                self.step_list.item(index).setText(("✓ " if done else "") + page.title)
        self._refresh_page_and_people()
        self._update_finalize()

    def _refresh_page_and_people(self) -> None:
        self._show_people()
        self._refresh_page()

    def _refresh_page(self) -> None:
        """Bring the page on screen up to date; the others catch up when they are shown
        (a keystroke then costs one page's refresh, not every page's)."""
        if self.state is None or self.snapshot is None or self.stack.currentIndex() < 0:
            return
        page = self.current_page()
        if page.step is not None:
            page.step.show_state(self.state, self._message_shown)
        if page.id == "recommendation":
            self.score_box.show_score(self.state, self.snapshot.household_context,
                                      self.definition.scoring if self.definition else None)

    def _comment_line(self, path: str, text: str) -> str:
        """A review comment, prefixed with the step and field it is about."""
        assert self.definition is not None
        parts = path.split(".")
        step = next((st for st in self.definition.steps if st.id == parts[0]), None)
        field = self.definition.field(".".join(p for p in parts if not p.isdigit()))
        labels = ([text_of(step.title)] if step else []) + (
            [text_of(field.label)] if field else [])
        where = " · ".join(labels)
        return f"• {where}：{text}" if where else f"• {text}"

    def _message_shown(self, message: Message) -> bool:
        # "Required" shouts at a fresh form; it waits until the field was touched or the
        # user moved past its step. Every other message shows as soon as it applies.
        return (message.code != "required" or message.path in self._touched
                or message.path.split(".", 1)[0] in self._left)

    def _update_finalize(self) -> None:
        if self.state is None or self.snapshot is None or self.session is None:
            return
        have = {a.doc_type for a in self.attachments}
        self.session.set_documents(have)
        language = core_language()
        missing = [(m.page, m.path, self.session.where(m).in_language(language)
                    if m.code == "signature" else
                    f"{self.session.where(m).in_language(language)}："
                    f"{m.text.in_language(language)}") for m in self.session.missing()]
        open_flags = sum(1 for f in self.flags if f.status == FlagStatus.OPEN)
        done = {"documents": bool(have - set(draft.SIGNATURES)),
                "signatures": {draft.SIGNATURE_GUARDIAN, draft.SIGNATURE_VISITOR} <= have}
        for page_id, complete in done.items():
            page = self.page(page_id)
            item = self.step_list.item(self.pages.index(page))
            item.setText(("✓ " if complete else "") + page.title)
        self.finalize_page.show_summary(self.state, missing, open_flags,
                                        self.snapshot.status.value, self.snapshot.version,
                                        can_finalize=self.session.can_finalize)

    def _member_names(self) -> dict[str, str]:
        """Names (with relation) of the roster's members, by record id and by position."""
        relations = load_codelist("relations")
        members = self.answers.get("members") or {}
        people = members.get("people") if isinstance(members, dict) else None
        names: dict[str, str] = {}
        for index, person in enumerate(people if isinstance(people, list) else []):
            if not isinstance(person, dict) or not person.get("name"):
                continue
            code = str(person.get("relation") or "")
            relation = relations.label(code).in_language(core_language()) if code else ""
            label = f"{person['name']}（{relation}）" if relation else str(person["name"])
            names[f"#{index}"] = label
            if isinstance(person.get("_id"), str):
                names[person["_id"]] = label
        return names

    def _show_people(self) -> None:
        assert self.session is not None
        self.flags_panel.member_names = self._member_names()
        student, guardian = self.session.people()
        parts = [self.tr("Home visit")]
        if student:
            parts.append(self.tr("Student: %1").replace("%1", student))
        if guardian:
            parts.append(self.tr("Guardian: %1").replace("%1", guardian))
        self.header.setText(" · ".join(parts))
        self.setWindowTitle(" · ".join(parts))

    def _edited(self, path: str) -> None:
        self._touched.add(path)
        page = self.current_page()
        if page.step is None or not self.editable:
            return
        self.answers[page.id] = page.step.answers()
        self._evaluate()
        if path in {r.definition.path for r in page.step.rosters.values()}:
            self._place_notes()  # a member added or removed: the boxes were rebuilt
        self._dirty = True
        self.show_status(self.tr("Editing…"), clear_error=True)
        self._timer.start()

    @property
    def editable(self) -> bool:
        return self.snapshot is not None and self.snapshot.editable

    def _apply_status(self) -> None:
        assert self.snapshot is not None
        labels = {"draft": self.tr("Draft"), "finalized": self.tr("Finalized"),
                  "submitted": self.tr("Submitted"), "approved": self.tr("Approved"),
                  "returned": self.tr("Returned for revision"), "revised": self.tr("Revised")}
        self.status_badge.setText(labels.get(self.snapshot.status.value, ""))
        comments = [self._comment_line(path, text)
                    for path, text in self.snapshot.review_comments]
        self.review_notes.setText("\n".join([self.tr("Returned by the supervisor:"),
                                             *comments]))
        self.review_notes.setVisible(bool(comments))
        read_only = not self.editable
        for page in self.pages:
            if page.step is not None:
                page.step.setEnabled(not read_only)
        self.consent_signature.set_read_only(read_only)
        for box in self.signatures.boxes().values():
            box.set_read_only(read_only)
        self.documents.set_read_only(read_only)
        # Flags stay explainable after finalizing, until a supervisor decides them.
        self.flags_panel.editable = True
        self.flags_panel.set_flags(self.flags)
        self._place_notes()
        self._update_finalize()

    # --- review comments ------------------------------------------------------------------------

    def _place_notes(self) -> None:
        steps = {page.id: page.step for page in self.pages if page.step is not None}
        self.comment_notes.place(self.answers, lambda path: row_at(steps, path),
                                 self.editable)

    def answer_comment(self, comment_id: str, text: str) -> None:
        """Store the counselor's answer (pushed at the next sync) and show it."""
        assert self.snapshot is not None
        visit_id = self.snapshot.visit_id

        def store(session: Session) -> list[CommentView]:
            answer_in(session, comment_id, text)
            return comments_in(session, visit_id)

        def done(comments: list[CommentView]) -> None:
            self.comment_notes.answered(comment_id)
            self.comment_notes.set_comments(comments)
            self._place_notes()
            self.show_status(self.tr("Answer saved; it reaches the supervisor at the next "
                                     "sync."))

        def failed(error: BaseException) -> None:
            self.comment_notes.note(comment_id).show_failure(error_text(error))

        run_in_store(self.workspace.store, store, done, failed, owner=self)

    # --- saving ---------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write pending answers and the current page now (one write at a time)."""
        self._timer.stop()
        if not self._dirty or self._saving or self.snapshot is None or not self.editable:
            return
        assert self.state is not None
        self._dirty, self._saving = False, True
        assert self.session is not None
        visit_id, answers = self.snapshot.visit_id, copy.deepcopy(self.answers)
        place, submitted = self.session.place(), submitted_answers(self.state)
        run_in_store(self.workspace.store,
                     lambda s: draft.save_answers(s, visit_id, answers, place, submitted,
                                                   actor=self.workspace.actor),
                     self._saved, self._save_failed, owner=self)

    def _saved(self, flags: tuple[draft.FlagView, ...]) -> None:
        self._saving = False
        self.flags = flags
        self.flags_panel.set_flags(flags)
        self._update_finalize()
        self.show_status(self.tr("All changes saved."))
        self.saved.emit()
        if self._dirty:
            self.flush()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        text = error_text(error)
        self._error = text
        self.save_status.setStyleSheet(ERROR_STYLE)
        self.save_status.setText(text)
        self.failed.emit(text)

    def show_status(self, text: str, *, clear_error: bool = False) -> None:
        """Progress in the footer; an error stays there until the user acts again."""
        if clear_error:
            self._error = None
            self.save_status.setStyleSheet("")
        if self._error is None:
            self.save_status.setText(text)

    def closeEvent(self, event: Any) -> None:
        if self.session is not None and self.editable:
            self.session.close()  # the time on the last page ends now, and is saved
            self._dirty = True
        self.flush()
        super().closeEvent(event)

    # --- navigation -----------------------------------------------------------------------------

    def current_page(self) -> _Page:
        return self.pages[max(self.stack.currentIndex(), 0)]

    def page(self, page_id: str) -> _Page:
        return next(p for p in self.pages if p.id == page_id)

    def _move(self, direction: int) -> None:
        assert self.session is not None
        here = self.session.current
        left_behind = self.session.missing_on(here) if direction > 0 and self.editable \
            else []
        target = self.session.next() if direction > 0 else self.session.back()
        if target != here:
            self.go_to(self.pages.index(self.page(target)))
        self._notice_missing(here, [m for m in left_behind if m.code != "signature"])

    def _notice_missing(self, page_id: str, missing: list[Any]) -> None:
        if not missing:
            self.missing_notice.hide()
            self._missing_target = None
            return
        assert self.session is not None
        self._missing_target = (page_id, missing[0].path)
        self.missing_notice.setText(
            self.tr("◀ %1: %2 required answers missing — go back")
            .replace("%1", self.page(page_id).title).replace("%2", str(len(missing))))
        self.missing_notice.show()

    def _back_to_missing(self) -> None:
        if self._missing_target is not None:
            self.go_to_field(*self._missing_target)

    def go_to_field(self, page_id: str, path: str) -> None:
        """Show ``page_id`` and put the cursor in the field at ``path`` (a checklist entry
        or the footer's notice of a missing answer)."""
        self.missing_notice.hide()
        self.go_to_page(page_id)
        page = self.current_page()
        widget = self._field_widget(page, path)
        if widget is None:
            return
        scroll = self.stack.currentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(widget, 40, 80)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_widget(self, page: _Page, path: str) -> QWidget | None:
        if path == draft.SIGNATURE_CONSENT:
            return self.consent_signature.pad
        if path in self.signatures.boxes():
            return self.signatures.boxes()[path].pad
        if page.step is None:
            return None
        bits = path.split(".")
        if len(bits) == 2 and bits[1] in page.step.rows:
            return page.step.rows[bits[1]].editor.focus_widget()
        if len(bits) >= 2 and bits[1] in page.step.rosters:
            roster = page.step.rosters[bits[1]]
            if len(bits) == 4 and bits[2].isdigit() and int(bits[2]) < len(roster.items):
                row = roster.items[int(bits[2])].rows.get(bits[3])
                return row.editor.focus_widget() if row is not None else None
            return roster.add_button
        return None

    def confirm_finalize(self) -> FinalizeConfirm:
        """Ask before finalizing, listing what will be sent (the Finalize button's job)."""
        assert self.snapshot is not None
        dialog = FinalizeConfirm(self.attachments, self.flags, self.snapshot.version + 1, self)
        dialog.finalize_button.clicked.connect(self.finalize)
        dialog.open()
        return dialog

    def _row_chosen(self, row: int) -> None:
        if row >= 0 and row != self.stack.currentIndex():
            self.go_to(row)

    def go_to(self, index: int, *, save: bool = True) -> None:
        """Show page ``index`` if the session lets the user go there (never a hidden step)."""
        assert self.session is not None
        page = self.pages[index]
        if self.session.jump(page.id) != page.id:
            self.step_list.setCurrentRow(self.stack.currentIndex())
            return
        if save and self.pages[self.stack.currentIndex()] is not page:
            self._left.add(self.pages[self.stack.currentIndex()].id)
            self._save_drawn_signatures(self.pages[self.stack.currentIndex()])
            if page.id == "finalize":
                self._left.update(p.id for p in self.pages)
        self.stack.setCurrentIndex(index)
        self.step_list.setCurrentRow(index)
        self.step_title.setText(page.title)
        self.back_button.setEnabled(self.session.can_back)
        self.next_button.setEnabled(self.session.can_next)
        if save and self.state is not None:
            self._evaluate()  # the step just left may now show its "required" messages
        else:
            self._refresh_page()
        if save and self.editable:
            self._dirty = True
            self.flush()

    def _save_drawn_signatures(self, page: _Page) -> None:
        boxes = [self.consent_signature] if page.id == "consent" else \
            list(self.signatures.boxes().values()) if page.id == "signatures" else []
        for box in boxes:
            if self.editable and box.has_unsaved():
                box.save_now()

    def go_to_page(self, page_id: str) -> None:
        self.go_to(self.pages.index(self.page(page_id)))


def _compose(before: Sequence[QWidget], page: StepPage, after: Sequence[QWidget]) -> QWidget:
    if not before and not after:
        return page
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in [*before, page, *after]:
        layout.addWidget(widget)
    return holder
