"""The visit review view: one finalized version read-only in the form's own layout (steps in
order, members with their fields), and beside it what a supervisor decides on: the score
with its rule-by-rule explanation, the counselor's level and reason, the flags with their
evidence and explanations, the consent, photos, documents and signatures (decrypted in
memory only, never to a file), the visit's duration and time per step. Comparing with an
earlier version lists the changed fields and highlights them in the form.

Clicking an answer emits :attr:`ReviewView.answer_clicked` with its anchor (field path,
member id): what a return comment attaches to.
"""

from __future__ import annotations

from collections.abc import Mapping

from homevisit.gui.households.growth_view import GrowthView
from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QImage,
    QLabel,
    QMouseEvent,
    QPixmap,
    QPushButton,
    QScrollArea,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.gui.visit.fields import text_of
from homevisit.households.growth import StudentGrowth, growth_record
from homevisit.i18n import Text
from homevisit.review.view_model import (
    AnswerView,
    AttachmentRef,
    DiffLine,
    ReviewView,
    RosterView,
    attachment_key,
    review_view,
    version_diff_lines,
)
from homevisit.workspace import Workspace

CHANGED_STYLE = "background: #fff3cd; border-left: 3px solid #f9a825; padding: 2px 4px;"
PLAIN_STYLE = "padding: 2px 4px;"
COMMENT_STYLE = "background: #e8f0fe; border-left: 3px solid #1a73e8; padding: 2px 4px;"
PHOTO_EDGE = 360  # long edge of a shown photo, in pixels
SIGNATURE_EDGE = 220
DOC_NAMES = {"document_photo": Text("证件照片", "Document photo"),
             "home_photo": Text("家庭照片", "Home photo"),
             "signature_consent": Text("知情同意书签名", "Consent signature"),
             "signature_guardian": Text("监护人签名", "Guardian's signature"),
             "signature_visitor": Text("家访人签名", "Visitor's signature")}


def minutes(seconds: float) -> str:
    whole = round(seconds / 60)
    return f"{whole} min" if whole else f"{round(seconds)} s"


class AnswerLabel(QLabel):
    """An answer's value; a click says which field it is (for a comment)."""

    clicked = Signal(str, object)

    def __init__(self, answer: AnswerView, parent: QWidget | None = None) -> None:
        super().__init__(text_of(answer.value), parent)
        self.anchor = (answer.path, answer.member_id)
        self.setObjectName(f"answer:{answer.path}:{answer.member_id or ''}")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.changed = False
        self.setStyleSheet(PLAIN_STYLE)

    def set_changed(self, changed: bool) -> None:
        self.changed = changed
        self.setStyleSheet(CHANGED_STYLE if changed else PLAIN_STYLE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*self.anchor)


class ReviewViewWidget(QWidget):
    """Shows one visit; :meth:`load` (re)reads it from the store worker. Emits
    :attr:`loaded` with the :class:`ReviewView` once shown, :attr:`photo_shown` with an
    attachment id once its pixels are on screen."""

    loaded = Signal(object)
    growth_loaded = Signal(object)
    photo_shown = Signal(str)
    diff_shown = Signal(int)
    answer_clicked = Signal(str, object)
    flag_decision_wanted = Signal(str, str)  # flag id, "confirm" or "dismiss"

    def __init__(self, workspace: Workspace, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.setWindowTitle(self.tr("Review visit"))
        self.workspace = workspace
        self.visit_id = visit_id
        self.view: ReviewView | None = None
        self.answers: dict[tuple[str, str | None], AnswerLabel] = {}
        self.images: dict[str, QImage] = {}
        self.diff: list[DiffLine] = []
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("Loading…"), self)
        self.title.setObjectName("reviewTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        head.addWidget(self.title, 1)
        head.addWidget(QLabel(self.tr("Compare with:"), self))
        self.compare = QComboBox(self)
        self.compare.setObjectName("compareCombo")
        self.compare.addItem(self.tr("No comparison"), 0)
        self.compare.currentIndexChanged.connect(lambda _i: self._compare())
        head.addWidget(self.compare)
        layout.addLayout(head)
        self.facts = QLabel(self)
        self.facts.setObjectName("reviewFacts")
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)
        self.error = QLabel(self)
        self.error.setObjectName("reviewError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        layout.addWidget(self.error)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.form_area = QScrollArea(splitter)
        self.form_area.setWidgetResizable(True)
        self.form_body = QWidget()
        self.form_layout = QVBoxLayout(self.form_body)
        self.form_area.setWidget(self.form_body)
        # Beside the form: what the decision rests on, and the student's growth record
        # (visits, levels over the years, aid, help-desk cases, notes) in its own tab.
        self.side_tabs = QTabWidget(splitter)
        self.side_tabs.setObjectName("reviewSideTabs")
        self.side_area = QScrollArea()
        self.side_area.setWidgetResizable(True)
        self.side_body = QWidget()
        self.side_layout = QVBoxLayout(self.side_body)
        self.side_area.setWidget(self.side_body)
        self.growth = GrowthView()
        self.growth.setObjectName("reviewGrowth")
        self.side_tabs.addTab(self.side_area, self.tr("Decision"))
        self.side_tabs.addTab(self.growth, self.tr("Growth record"))
        splitter.addWidget(self.form_area)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The tabs' size hint is their widest page's (the growth timeline): without sizes
        # the form would be squeezed to a column. 3:2, as the stretch factors say.
        splitter.setSizes([3000, 2000])
        layout.addWidget(splitter, 1)
        # The decision buttons (approve, return, flags) go here.
        self.action_bar = QHBoxLayout()
        layout.addLayout(self.action_bar)
        self.resize(1200, 800)
        self.load()

    # --- loading ---------------------------------------------------------------------------

    def load(self, version: int | None = None) -> None:
        visit_id = self.visit_id
        run_in_store(self.workspace.store, lambda s: review_view(s, visit_id, version),
                     self._show, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self.error.setText(error_text(error))
        self.error.show()

    def _show(self, view: ReviewView) -> None:
        self.view = view
        self.error.hide()
        statuses = {"submitted": self.tr("To review"), "returned": self.tr("Returned"),
                    "approved": self.tr("Approved"), "revised": self.tr("Revised"),
                    "finalized": self.tr("Finalized")}
        self.title.setText(self.tr("%1 · %2 · version %3")
                           .replace("%1", view.student or self.tr("(no student name)"))
                           .replace("%2", statuses.get(view.status, view.status))
                           .replace("%3", str(view.version)))
        duration = view.duration
        facts = [self.tr("Counselor: %1").replace("%1", view.counselor or "—")]
        if view.visitors:
            facts.append(self.tr("Visitors: %1").replace("%1", "、".join(view.visitors)))
        if view.delegated_by_office:
            facts.append(self.tr("Delegated by: %1").replace("%1", view.delegated_by_office))
        if view.started_at is not None:
            facts.append(self.tr("Visited: %1").replace(
                "%1", view.started_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        if duration is not None:
            facts.append(self.tr("Duration: %1").replace(
                "%1", minutes(duration.total_seconds())))
        self.facts.setText(" · ".join(facts))
        self.compare.blockSignals(True)
        while self.compare.count() > 1:
            self.compare.removeItem(1)
        for number in view.versions:
            if number != view.version:
                self.compare.addItem(self.tr("Version %1").replace("%1", str(number)), number)
        self.compare.blockSignals(False)
        self._build_form(view)
        self._build_side(view)
        self.loaded.emit(view)
        household_id = view.household_id
        self.growth.set_source(self.workspace, household_id)
        run_in_store(self.workspace.store, lambda s: growth_record(s, household_id),
                     self._show_growth, self._failed, owner=self)
        self._load_images(view)

    def _show_growth(self, records: list[StudentGrowth]) -> None:
        self.growth.show_records(records)
        self.growth_loaded.emit(records)

    def _clear(self, layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _answer_row(self, grid: QGridLayout, answer: AnswerView, parent: QWidget) -> None:
        row = grid.rowCount()
        label = QLabel(text_of(answer.label), parent)
        label.setWordWrap(True)
        label.setStyleSheet("color: #5f6368;")
        value = AnswerLabel(answer, parent)
        value.clicked.connect(self.answer_clicked)
        self.answers[value.anchor] = value
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1)

    def _build_form(self, view: ReviewView) -> None:
        self._clear(self.form_layout)
        self.answers.clear()
        for step in view.steps:
            box = QGroupBox(text_of(step.title), self.form_body)
            box.setObjectName(f"reviewStep:{step.id}")
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            for item in step.items:
                if isinstance(item, AnswerView):
                    self._answer_row(grid, item, box)
                    continue
                assert isinstance(item, RosterView)
                for member in item.members:
                    card = QGroupBox(text_of(member.title), box)
                    card.setObjectName(f"member:{member.member_id or ''}")
                    inner = QGridLayout(card)
                    inner.setColumnStretch(1, 1)
                    for answer in member.answers:
                        self._answer_row(inner, answer, card)
                    grid.addWidget(card, grid.rowCount(), 0, 1, 2)
            self.form_layout.addWidget(box)
        self.form_layout.addStretch(1)
        self._highlight()

    def _section(self, title: str, name: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title, self.side_body)
        box.setObjectName(name)
        inner = QVBoxLayout(box)
        self.side_layout.addWidget(box)
        return box, inner

    def _line(self, layout: QVBoxLayout, text: str, name: str = "",
              style: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        if name:
            label.setObjectName(name)
        if style:
            label.setStyleSheet(style)
        layout.addWidget(label)
        return label

    def _build_side(self, view: ReviewView) -> None:
        self._clear(self.side_layout)
        self.diff_box, diff_layout = self._section(self.tr("Changes"), "diffBox")
        self.diff_layout = diff_layout
        self.diff_box.hide()

        if view.comments:
            _box, notes = self._section(self.tr("Comments and answers"), "commentsBox")
            for comment in view.comments:
                where = self.where(comment.anchor.field, comment.anchor.member_id)
                self._line(notes, self.tr("Version %1 · %2: %3").replace(
                    "%1", str(comment.visit_version)).replace("%2", where)
                    .replace("%3", comment.text), f"comment:{comment.id}", COMMENT_STYLE)
                for answer in comment.answers:
                    self._line(notes, self.tr("Counselor's answer: %1").replace(
                        "%1", answer.text), f"commentAnswer:{comment.id}")
                commented = self.answers.get((comment.anchor.field or "",
                                              comment.anchor.member_id))
                if commented is not None:
                    commented.setToolTip(comment.text)

        _box, score = self._section(self.tr("Indicator score"), "scoreBox")
        total = f"{view.score.total:g}" if view.score.total is not None else "—"
        headline = (self.tr("Score %1 (rule set %2, version %3); suggested: %4")
                    if view.score.rule_set_version is not None else
                    self.tr("Score %1 (rule set %2, an earlier version than this computer "
                            "has); suggested: %4"))
        self._line(score, headline.replace("%1", total).replace("%2", view.score.rule_set)
                   .replace("%3", str(view.score.rule_set_version))
                   .replace("%4", text_of(view.score.suggested) or "—"),
                   "scoreTotal", "font-weight: bold;")
        for _rule, explanation, points in view.score.lines:
            self._line(score, f"{points:+d}  {text_of(explanation)}")

        _box, level = self._section(self.tr("Counselor's recommendation"), "levelBox")
        self._line(level, text_of(view.recommended) or "—", "recommendedLevel",
                   "font-weight: bold;")
        if view.recommendation_reason:
            self._line(level, self.tr("Reason: %1").replace("%1", view.recommendation_reason),
                       "recommendationReason")

        _box, flags = self._section(self.tr("Flags (%1 undecided)").replace(
            "%1", str(len(view.undecided_flags))), "flagsBox")
        if not view.flags:
            self._line(flags, self.tr("No flags."))
        for flag in view.flags:
            card = QFrame()
            card.setObjectName(f"flag:{flag.id}")
            card.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(card)
            who = " · ".join(p for p in (flag.member, text_of(flag.category)) if p)
            self._line(inner, f"{who} — {text_of(flag.status_label)}", "flagTitle",
                       "font-weight: bold;")
            for evidence in flag.evidence:
                self._line(inner, self.tr("Evidence: %1").replace("%1", text_of(evidence)))
            if flag.explanation:
                self._line(inner, self.tr("Counselor's explanation: %1")
                           .replace("%1", flag.explanation), "flagExplanation")
            if flag.decision_reason:
                self._line(inner, self.tr("Decision reason: %1")
                           .replace("%1", flag.decision_reason))
            if flag.undecided and view.status == "submitted" and view.latest:
                buttons = QHBoxLayout()
                buttons.addStretch(1)
                for decision, caption in (("confirm", self.tr("Confirm…")),
                                          ("dismiss", self.tr("Dismiss…"))):
                    button = QPushButton(caption, card)
                    button.setObjectName(f"{decision}:{flag.id}")
                    button.clicked.connect(
                        lambda _c=False, f=flag.id, d=decision: self.flag_decision_wanted
                        .emit(f, d))
                    buttons.addWidget(button)
                inner.addLayout(buttons)
            flags.addWidget(card)

        _box, consent = self._section(self.tr("Consent"), "consentBox")
        if view.consent is None:
            self._line(consent, self.tr("No consent record on this device."))
        else:
            c = view.consent
            self._line(consent, self.tr("Guardian: %1 (%2) · notice %3")
                       .replace("%1", c.guardian or "—").replace("%2", text_of(c.relation))
                       .replace("%3", c.notice_version))
            self._line(consent, self.tr("Agreed: %1").replace(
                "%1", "、".join(text_of(t) for t in c.choices) or "—"))
            self._line(consent, self.tr("Roster checks authorised in writing")
                       if c.roster_check_authorised else
                       self.tr("No written authorisation for roster checks"))

        _box, files = self._section(self.tr("Photos, documents and signatures"), "filesBox")
        self.file_labels: dict[str, QLabel] = {}
        if not view.attachments:
            self._line(files, self.tr("No attachments."))
        for ref in view.attachments:
            name = DOC_NAMES.get(ref.doc_type, Text(ref.doc_type, ref.doc_type))
            self._line(files, text_of(name), style="color: #5f6368;")
            holder = self._line(files, self.tr("Loading…") if ref.cached else self.tr(
                "Not on this computer yet: it is fetched at the next sync."),
                f"{'signature' if ref.is_signature else 'photo'}:{ref.id}")
            self.file_labels[ref.id] = holder

        _box, times = self._section(self.tr("Time per step"), "timesBox")
        for step in view.steps:
            if step.seconds:
                self._line(times, f"{text_of(step.title)}: {minutes(step.seconds)}")
        if view.other_seconds:
            self._line(times, self.tr("Documents, signatures and finalizing: %1")
                       .replace("%1", minutes(view.other_seconds)))
        if not view.other_seconds and not any(step.seconds for step in view.steps):
            self._line(times, self.tr("No step times were recorded for this version."))
        self.side_layout.addStretch(1)

    def where(self, path: str | None, member_id: str | None) -> str:
        """A comment's field as the reader finds it in the form (the whole visit: so)."""
        if path is None or self.view is None:
            return self.tr("the whole visit")
        for step in self.view.steps:
            for item in step.items:
                if isinstance(item, AnswerView) and item.path == path:
                    return f"{text_of(step.title)} · {text_of(item.label)}"
                if isinstance(item, RosterView):
                    for member in item.members:
                        if member.member_id != member_id:
                            continue
                        for answer in member.answers:
                            if answer.path == path:
                                return f"{text_of(member.title)} · {text_of(answer.label)}"
        return path

    # --- photos, in memory only ------------------------------------------------------------

    def _load_images(self, view: ReviewView) -> None:
        # Photos first (the supervisor looks at them first), then signatures.
        ordered = sorted((a for a in view.attachments if a.cached and a.is_image),
                         key=lambda a: a.is_signature)
        for ref in ordered:
            self._load_image(ref)

    def _load_image(self, ref: AttachmentRef) -> None:
        vault = self.workspace.vault

        def decrypted(found: tuple[str, bytes, str] | None) -> None:
            if found is None:
                return
            file_id, key, _sha = found
            run_in_background(lambda: vault.read_bytes(file_id, key),
                              lambda data: self._show_image(ref, data),
                              lambda error: self._image_failed(ref, error), owner=self)

        run_in_store(self.workspace.store, lambda s: attachment_key(s, ref.id), decrypted,
                     lambda error: self._image_failed(ref, error), owner=self)

    def _show_image(self, ref: AttachmentRef, data: bytes) -> None:
        image = QImage.fromData(data)
        label = self.file_labels.get(ref.id)
        if image.isNull() or label is None:
            return
        self.images[ref.id] = image
        edge = SIGNATURE_EDGE if ref.is_signature else PHOTO_EDGE
        label.setText("")
        label.setWordWrap(False)  # a word-wrapping label sizes itself to text, not pixels
        label.setPixmap(QPixmap.fromImage(image).scaled(
            edge, edge, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        self.photo_shown.emit(ref.id)

    def _image_failed(self, ref: AttachmentRef, error: BaseException) -> None:
        label = self.file_labels.get(ref.id)
        if label is not None:
            label.setText(error_text(error))
            label.setStyleSheet("color: #b3261e;")

    # --- comparing versions ----------------------------------------------------------------

    def compare_with(self, version: int) -> None:
        """Compare the shown version with ``version`` (0: no comparison)."""
        self.compare.setCurrentIndex(max(0, self.compare.findData(version)))

    def _compare(self) -> None:
        other = int(self.compare.currentData() or 0)
        if self.view is None or not other:
            self.diff = []
            self._highlight()
            self._show_diff()
            return
        visit_id, shown = self.visit_id, self.view.version
        old, new = min(other, shown), max(other, shown)

        def arrived(lines: list[DiffLine]) -> None:
            self.diff = lines
            self._highlight()
            self._show_diff()
            self.diff_shown.emit(len(lines))

        run_in_store(self.workspace.store,
                     lambda s: version_diff_lines(s, visit_id, old, new), arrived,
                     self._failed, owner=self)

    def _highlight(self) -> None:
        anchors = {line.change.anchor for line in self.diff}
        members = {line.change.member_id for line in self.diff
                   if line.change.path.count(".") == 1 and line.change.member_id}
        for anchor, label in self.answers.items():
            label.set_changed(anchor in anchors or anchor[1] in members)

    def _show_diff(self) -> None:
        self._clear(self.diff_layout)
        self.diff_box.setVisible(bool(self.compare.currentData()))
        if not self.diff:
            self._line(self.diff_layout, self.tr("No answer changed between these versions."))
            return
        self._line(self.diff_layout, self.tr("Fields changed: %1 (highlighted in the form)")
                   .replace("%1", str(len(self.diff))), "diffCount", "font-weight: bold;")
        for line in self.diff:
            self._line(self.diff_layout, f"{text_of(line.change.label)}: "
                       f"{text_of(line.old)} → {text_of(line.new)}",
                       f"diff:{line.change.path}:{line.change.member_id or ''}", CHANGED_STYLE)

    def mark_decided(self, pending: Mapping[str, object]) -> None:
        """Flags with a decision of this supervisor waiting for the sync: their buttons
        give way to a note."""
        for flag_id in pending:
            for decision in ("confirm", "dismiss"):
                button = self.findChild(QPushButton, f"{decision}:{flag_id}")
                if button is not None:
                    button.setEnabled(False)
                    button.setToolTip(self.tr("Decided here; sent at the next sync."))

    def clear(self) -> None:
        """Forget every decrypted image and answer (the app is locking)."""
        self.images.clear()
        self._clear(self.form_layout)
        self._clear(self.side_layout)
        self.answers.clear()

