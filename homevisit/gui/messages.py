"""Turning typed core errors into words in the app's language."""

from __future__ import annotations

from homevisit.errors import HomevisitError
from homevisit.gui.qt import QCoreApplication

_current = "zh_CN"


def set_language(language: str) -> None:
    global _current
    _current = language


def core_language() -> str:
    """The core's two-letter language for :class:`homevisit.i18n.Text`."""
    return "en" if _current.startswith("en") else "zh"


def error_text(error: BaseException) -> str:
    """A sentence for the user. Unknown exceptions get a generic line: their messages may
    carry personal data or internals."""
    if isinstance(error, HomevisitError):
        return error.text.in_language(core_language())
    return QCoreApplication.translate("messages", "Something went wrong. Please try again.")
