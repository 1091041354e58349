"""The wizard's pages that are not plain form steps: documents, signatures, score, finalize."""

from __future__ import annotations

from collections.abc import Sequence

from homevisit.gui.messages import core_language
from homevisit.gui.qt import (
    QHBoxLayout,
    QIcon,
    QImage,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPixmap,
    QPushButton,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.visit.fields import text_of
from homevisit.gui.visit.signature_box import SignatureBox
from homevisit.protocol.vocabulary import VisitStatus
from homevisit.visits import documents, draft
from homevisit.visits.forms import FormState, submitted_answers, value_at
from homevisit.visits.scoring import RuleSet, level_label, score


class DocumentsPage(QWidget):
    """Photos and documents of the visit; ``add_requested`` opens the capture dialog."""

    add_requested = Signal()
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:documents")
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Photograph the documents that support the answers (ID cards, "
                              "household register, certificates). Black out details of people "
                              "who are not part of this visit."), self)
        hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(160, 120))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.add_button = QPushButton(self.tr("&Add photo or document…"), self)
        self.add_button.setObjectName("addAttachment")
        self.remove_button = QPushButton(self.tr("Remove selected"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove)
        self.doc_labels: dict[str, str] = {}

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.remove_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def set_attachments(self, views: Sequence[draft.AttachmentView]) -> None:
        self.list.clear()
        for view in views:
            if view.doc_type in documents.SIGNATURES:
                continue
            item = QListWidgetItem(self.doc_labels.get(view.doc_type, view.doc_type))
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.list.addItem(item)

    def set_thumbnail(self, attachment_id: str, image: QImage) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == attachment_id and not image.isNull():
                item.setIcon(QIcon(QPixmap.fromImage(
                    image.scaled(QSize(160, 120), Qt.AspectRatioMode.KeepAspectRatio))))

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)


class ScoreBox(QLabel):
    """The computed indicator score and the level it suggests, with how it was reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreBox")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("background: #eef4fb; border: 1px solid #b6cbe4; padding: 8px;")
        self.suggested: str | None = None

    def show_score(self, state: FormState, household: dict[str, object],
                   rules: RuleSet | None) -> None:
        """Score with ``rules``: the rule-set version the visit started with."""
        if rules is None:  # a form that does not score
            self.suggested = None
            self.clear()
            return
        result = score(rules, submitted_answers(state), household)
        self.suggested = result.suggested_level
        lines = [self.tr("Indicator score: %1 — suggested level: %2")
                 .replace("%1", str(result.total))
                 .replace("%2", text_of(level_label(result.suggested_level)))]
        for line in result.lines:
            label = line.en if core_language() == "en" else line.zh
            lines.append(f"  {label}: {line.points:+d}")
        lines.append(self.tr("The score only suggests; if you recommend another level, "
                             "give a reason."))
        self.setText("\n".join(lines))


class SignaturesPage(QWidget):
    save_requested = Signal(str, bytes)  # doc type, png

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:signatures")
        layout = QVBoxLayout(self)
        self.guardian = SignatureBox(self.tr("Guardian's signature"), "guardianSignature", self)
        self.visitor = SignatureBox(self.tr("Visitor's signature"), "visitorSignature", self)
        layout.addWidget(self.guardian)
        layout.addWidget(self.visitor)
        layout.addStretch(1)
        self.guardian.save_requested.connect(
            lambda png: self.save_requested.emit(documents.SIGNATURE_GUARDIAN, png))
        self.visitor.save_requested.connect(
            lambda png: self.save_requested.emit(documents.SIGNATURE_VISITOR, png))

    def boxes(self) -> dict[str, SignatureBox]:
        return {documents.SIGNATURE_GUARDIAN: self.guardian,
                documents.SIGNATURE_VISITOR: self.visitor}


class FinalizePage(QWidget):
    """The checklist before finalizing: every step's mark, then each missing field or
    signature by name; activating one (click or Enter) asks the wizard to go to it."""

    finalize_requested = Signal()
    jump_requested = Signal(str, str)  # page id, answer path (or signature kind)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:finalize")
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("finalizeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.missing_heading = QLabel(self.tr("Still to do (click one to go there):"), self)
        self.missing_heading.setStyleSheet("font-weight: bold; color: #b3261e;")
        self.missing_list = QListWidget(self)
        self.missing_list.setObjectName("missingList")
        self.missing_list.setStyleSheet("QListWidget { color: #b3261e; }")
        self.missing_list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button = QPushButton(self.tr("&Finalize the visit…"), self)
        self.button.setObjectName("finalizeButton")
        note = QLabel(self.tr("A finalized visit is read-only on this device. It is sent to "
                              "your supervisor at the next sync. Flags can still be explained "
                              "until the supervisor decides them."), self)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.summary)
        layout.addWidget(self.missing_heading)
        layout.addWidget(self.missing_list, 1)
        layout.addWidget(note)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.button.clicked.connect(self.finalize_requested)
        self.missing_list.itemClicked.connect(self._jump)
        self.missing_list.itemActivated.connect(self._jump)

    def _jump(self, item: QListWidgetItem) -> None:
        page, path = item.data(Qt.ItemDataRole.UserRole)
        self.jump_requested.emit(page, path)

    def show_summary(self, state: FormState, missing: Sequence[tuple[str, str, str]],
                     open_flags: int, status: str, version: int, *,
                     can_finalize: bool) -> None:
        """What is done and what is left: ``missing`` is (page id, path, "where · what")
        for each item the visit session reports; ``can_finalize`` is its answer."""
        self.missing_list.clear()
        if status not in (VisitStatus.DRAFT, VisitStatus.RETURNED):
            level = value_at(state, "recommendation.level")
            lines = [self.tr("This visit is finalized (version %1).").replace("%1", str(version))]
            if isinstance(level, str):
                lines.append(self.tr("Recommended level: %1")
                             .replace("%1", text_of(level_label(level))))
            self.summary.setText("\n".join(lines))
            self.missing_heading.hide()
            self.missing_list.hide()
            self.button.setEnabled(False)
            return
        lines = []
        for step in state.steps:
            mark = "✓" if step.progress.complete else "✗"
            lines.append(f"{mark} {text_of(step.title)}")
        signatures = {path for _page, path, _text in missing if path in documents.SIGNATURES}
        names = {documents.SIGNATURE_CONSENT: self.tr("consent signature"),
                 documents.SIGNATURE_GUARDIAN: self.tr("guardian's signature"),
                 documents.SIGNATURE_VISITOR: self.tr("visitor's signature")}
        for kind in documents.SIGNATURES:
            mark = "✗" if kind in signatures else "✓"
            lines.append(f"{mark} {names[kind]}")
        if open_flags:
            lines.append(self.tr("Flags still open: %1. The supervisor cannot approve the "
                                 "visit until they are explained.").replace("%1",
                                                                            str(open_flags)))
        self.summary.setText("\n".join(lines))
        for page, path, text in missing:
            item = QListWidgetItem(f"✗ {text}")
            item.setData(Qt.ItemDataRole.UserRole, (page, path))
            self.missing_list.addItem(item)
        self.missing_heading.setVisible(bool(missing))
        self.missing_list.setVisible(bool(missing))
        self.button.setEnabled(can_finalize)
