"""Profile names on a shared laptop: one normal form, and no look-alikes (DESIGN §4).

A help-desk laptop holds several volunteers' profiles. A name that only looks like another
(``аlice`` with a Cyrillic а, ``ａｌｉｃｅ`` in full-width letters) would let one colleague's
profile pass for another's in the list, so such a name is refused at enrolment.

Names are NFKC-normalised (full-width and compatibility forms fold to their plain letters)
and compared case-insensitively. Look-alikes come from Unicode's confusables data as
packaged by ``confusable_homoglyphs`` (a small library that ships the data file and needs
nothing else): two names of the same length look alike when every pair of characters is
equal or one is listed as a homoglyph of the other.
"""

from __future__ import annotations

import functools
import unicodedata

from confusable_homoglyphs import confusables

from homevisit.errors import ValidationError
from homevisit.i18n import Text

MAX_NAME_LENGTH = 64
_BIDI_MARKS = "\u200e\u200f"  # the data file wraps right-to-left homoglyphs in these

NAME_INVALID = Text(
    f"档案名称不能为空，最长 {MAX_NAME_LENGTH} 个字符，且不能包含控制字符。",
    f"A profile name must be 1–{MAX_NAME_LENGTH} characters with no control characters.",
)


def normal_name(name: str) -> str:
    """``name`` in NFKC, trimmed; :class:`ValidationError` if empty, too long or holding
    control or format characters (zero-width joiners hide differences too)."""
    clean = unicodedata.normalize("NFKC", name).strip()
    if not clean or len(clean) > MAX_NAME_LENGTH or any(
        unicodedata.category(c).startswith("C") for c in clean
    ):
        raise ValidationError(NAME_INVALID)
    return clean


def name_key(name: str) -> str:
    """What two names are compared by when looking one up: NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def looks_alike(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same name or could be mistaken for each other."""
    a, b = name_key(a), name_key(b)
    if a == b:
        return True
    return len(a) == len(b) and all(
        x == y or y in _homoglyphs(x) or x in _homoglyphs(y) for x, y in zip(a, b, strict=True)
    )


@functools.lru_cache(maxsize=4096)
def _homoglyphs(char: str) -> frozenset[str]:
    found = confusables.is_confusable(char, greedy=True) or []
    glyphs = {
        glyph["c"].strip(_BIDI_MARKS)
        for entry in found
        for glyph in entry["homoglyphs"]
    }
    # Compare in the same folded form as the names themselves.
    return frozenset(g.casefold() for g in glyphs) | frozenset(glyphs)
