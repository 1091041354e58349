"""Flags (核查提示) during the visit: what triggered each one, the question to ask, and the
counselor's explanation. A flag is a prompt to ask, never a verdict."""

from __future__ import annotations

from collections.abc import Sequence

from homevisit.gui.qt import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.visit.fields import text_of
from homevisit.protocol.vocabulary import FlagStatus
from homevisit.visits.flag_rows import FlagView

EXPLANATION_DELAY_MS = 800  # one write per pause in typing

# Open cards ask for attention; explained ones are calm; decided ones are grey and final.
CARD_STYLES = {
    "open": "FlagCard { background: #fff8e1; border: 2px solid #f0a500; }",
    "explained": "FlagCard { background: #eef7ee; border: 1px solid #9cc59c; }",
    "confirmed": "FlagCard { background: #f1f3f4; border: 1px solid #bdc1c6; }",
    "dismissed": "FlagCard { background: #f1f3f4; border: 1px solid #bdc1c6; }",
}
STATUS_STYLES = {"open": "font-weight: bold; color: #8a5a00;",
                 "explained": "font-weight: bold; color: #1e6b1e;"}


class FlagCard(QFrame):
    explain = Signal(str, str)  # flag id, explanation

    def __init__(self, flag: FlagView, editable: bool, parent: QWidget | None = None,
                 *, member: str = "") -> None:
        super().__init__(parent)
        self.flag = flag
        self.setObjectName(f"flag:{flag.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(CARD_STYLES.get(flag.status, CARD_STYLES["open"]))
        layout = QVBoxLayout(self)
        # Who and what: one card per family member and category.
        category = {"public_employee": self.tr("Public-finance employee"),
                    "corporate_officer": self.tr("Corporate officer")}.get(flag.category, "")
        self.title = QLabel(" · ".join(part for part in (member, category) if part), self)
        self.title.setObjectName("flagTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.title.setVisible(bool(self.title.text()))
        layout.addWidget(self.title)
        self.status = QLabel(self.status_text(flag.status), self)
        self.status.setObjectName("flagStatus")
        self.status.setStyleSheet(STATUS_STYLES.get(flag.status, "font-weight: bold;"))
        # Explainable until a supervisor decides the flag (also after finalizing).
        editable = editable and flag.status in ("open", "explained")
        lines = [f"• {text_of(rule)}" for rule in flag.rules] if len(flag.rules) > 1 \
            else [text_of(flag.evidence)]
        evidence = QLabel("\n".join(lines), self)
        evidence.setObjectName("evidence")
        evidence.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(evidence)
        if flag.question is not None:
            heading = QLabel(self.tr("Follow-up question"), self)
            heading.setStyleSheet("font-weight: bold; color: #5f4b00;")
            question = QLabel(text_of(flag.question), self)
            question.setWordWrap(True)
            question.setObjectName("question")
            layout.addWidget(heading)
            layout.addWidget(question)
        self.explanation = QPlainTextEdit(self)
        self.explanation.setObjectName("explanation")
        self.explanation.setPlaceholderText(self.tr("What the family said (e.g. retired, "
                                                    "company deregistered)"))
        self._quiet = True
        self.explanation.setPlainText(flag.explanation or "")
        self.explanation.setFixedHeight(64)
        self.explanation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation.setTabChangesFocus(True)
        self.save = QPushButton(self.tr("Record explanation"), self)
        self.save.setObjectName("recordExplanation")
        layout.addWidget(self.explanation)
        layout.addWidget(self.save)
        self.explanation.setReadOnly(not editable)
        self.save.setVisible(editable)
        self.save.clicked.connect(self._record)
        # What is typed is recorded after a pause too, like every answer of the visit: an
        # explanation is never lost for want of a click on 记录说明.
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(EXPLANATION_DELAY_MS)
        self._pause.timeout.connect(self._record)
        self.explanation.textChanged.connect(
            lambda: self._pause.start() if editable and not self._quiet else None)
        self._quiet = False
        self._recorded = flag.explanation or ""

    def unrecorded(self) -> bool:
        """Typed here and not recorded yet."""
        return self.explanation.toPlainText().strip() != self._recorded.strip()

    def hold_typing(self, text: str, position: int, focused: bool) -> None:
        """Carry on what was being typed in the card this one replaces (text, cursor,
        focus); what was not recorded yet is recorded after the usual pause."""
        if text != self.explanation.toPlainText():
            self.explanation.setPlainText(text)  # starts the pause when it differs
        cursor = self.explanation.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.explanation.setTextCursor(cursor)
        if focused:
            self.explanation.setFocus()

    def _record(self) -> None:
        self._pause.stop()
        text = self.explanation.toPlainText()
        if text.strip() != self._recorded.strip() or self.sender() is self.save:
            self._recorded = text
            self.explain.emit(self.flag.id, text)

    def status_text(self, status: str) -> str:
        return {
            "open": self.tr("Open — ask the question below"),
            "explained": self.tr("✓ Explained — waiting for the supervisor"),
            "confirmed": self.tr("Confirmed by the supervisor"),
            "dismissed": self.tr("Dismissed by the supervisor"),
        }.get(status, status)


class FlagsPanel(QWidget):
    """The visit's flags, newest state from the store; ``explain`` asks the wizard to save."""

    explain = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagsPanel")
        self.setMinimumWidth(260)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.tr("Things to verify"), self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.empty = QLabel(self.tr("No flags. Flags appear here as soon as an answer "
                                    "needs a follow-up question."), self)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6368;")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(scroll)
        self.cards_layout = QVBoxLayout(self.body)
        self.cards_layout.addStretch(1)
        scroll.setWidget(self.body)
        outer.addWidget(self.heading)
        outer.addWidget(self.empty)
        outer.addWidget(scroll, 1)
        self.cards: list[FlagCard] = []
        self.editable = True
        # Member names by record id and by roster position ("#1"), from the visit's answers:
        # shown on the cards only (flags themselves carry no names).
        self.member_names: dict[str, str] = {}

    def set_flags(self, flags: Sequence[FlagView]) -> None:
        # Keep what the counselor is typing in a card whose flag did not change.
        # (focused, or typed and not recorded yet: a rebuild never loses a keystroke).
        typing = {c.flag.id: (c.explanation.toPlainText(),
                              c.explanation.textCursor().position(), c.explanation.hasFocus())
                  for c in self.cards if c.explanation.hasFocus() or c.unrecorded()}
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for flag in flags:
            name = self.member_names.get(flag.member_id or "") or self.member_names.get(
                f"#{flag.member_index}", "")
            card = FlagCard(flag, self.editable, self.body, member=name)
            card.explain.connect(self.explain)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            card.show()  # at once, not at the layout's next pass (screenshots, tests)
            if flag.id in typing:  # the counselor types on where they were
                card.hold_typing(*typing[flag.id])
            self.cards.append(card)
        self.empty.setVisible(not flags)
        open_count = sum(1 for f in flags if f.status == FlagStatus.OPEN)
        self.heading.setText(self.tr("Things to verify (%1 open)").replace("%1", str(open_count)))
