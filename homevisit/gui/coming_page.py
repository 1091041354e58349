"""The body shared by pages whose work arrives in a later release (the supervisor's review,
the volunteer's help desk): a heading, what the page will do, and who is signed in.

The texts are translated by each page's own class (Qt Linguist contexts are class names)."""

from __future__ import annotations

from homevisit.account import ROLE_LABELS, AccountInfo
from homevisit.gui.messages import core_language
from homevisit.gui.qt import QFrame, QLabel, Qt, QVBoxLayout, QWidget


def role_name(account: AccountInfo | None) -> str:
    if account is None:
        return ""
    return ROLE_LABELS[account.role].in_language(core_language())


def build_coming_page(page: QWidget, heading: str, paragraphs: list[str],
                      signed_in: str) -> QLabel:
    """Lay ``page`` out; returns the label that says who is signed in."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.setSpacing(14)
    title = QLabel(heading, page)
    title.setObjectName("pageHeading")
    title.setStyleSheet("font-size: 18pt; font-weight: bold;")
    layout.addWidget(title)
    for text in paragraphs:
        label = QLabel(text, page)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
    line = QFrame(page)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    layout.addWidget(line)
    who = QLabel(signed_in, page)
    who.setObjectName("signedInLabel")
    who.setWordWrap(True)
    who.setTextFormat(Qt.TextFormat.PlainText)
    who.setStyleSheet("color: #5f6368;")
    layout.addWidget(who)
    layout.addStretch(1)
    return who
