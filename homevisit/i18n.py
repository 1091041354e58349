"""The user's language for text produced by the core (errors, CLI, validation).

The GUI translates through Qt Linguist; the core carries both languages itself so a typed
error can be shown in Simplified Chinese (the default) or English without a Qt dependency.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

SUPPORTED = ("zh", "en")
DEFAULT = "zh"


def current_language() -> str:
    """``HOMEVISIT_LANG`` wins, then ``LANGUAGE``/``LC_ALL``/``LANG``; Chinese by default."""
    explicit = os.environ.get("HOMEVISIT_LANG", "").strip().lower()
    if explicit[:2] in SUPPORTED:
        return explicit[:2]
    for var in ("LANGUAGE", "LC_ALL", "LANG"):
        value = os.environ.get(var, "").lower()
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh"
    return DEFAULT


@dataclass(frozen=True, slots=True)
class Text:
    """A user-visible sentence in both languages."""

    zh: str
    en: str

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))

    def in_language(self, lang: str | None = None) -> str:
        return self.en if (lang or current_language()) == "en" else self.zh

    def __str__(self) -> str:
        return self.in_language()
