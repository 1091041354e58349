"""Toneless pinyin of single characters, for search tokens, from pypinyin's character table.

pypinyin's own API also loads its phrase dictionary: about 57 MB of RSS and half a second of
import, a fifth of the app's memory budget (DESIGN §6), for names, where the per-character
reading is what people type anyway. This reads only pypinyin's per-character table
(``pinyin_dict.json``), once, on first use, and keeps it compact (a few MB).
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache
from pathlib import Path

# pypinyin's plain style writes ü as v (lv for 绿), which is also what people type.
_U_UMLAUT = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))


def toneless(reading: str) -> str:
    """``zhāng`` → ``zhang``, ``lǜ`` → ``lv``."""
    decomposed = unicodedata.normalize("NFD", reading.translate(_U_UMLAUT))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _table_path() -> Path:
    # find_spec locates the package without importing it (importing is what costs the RAM).
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    return Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"


@cache
def _table() -> dict[int, tuple[str, ...]]:
    raw: dict[str, str] = json.loads(_table_path().read_text(encoding="utf-8"))
    # ~1,500 distinct toned readings of ~400 syllables, shared by 40,000 characters: each
    # is made toneless once, and equal syllables are one string.
    plain: dict[str, str] = {}
    syllables: dict[str, str] = {}
    table: dict[int, tuple[str, ...]] = {}
    for code, readings in raw.items():
        found = []
        for reading in readings.split(","):
            if reading not in plain:
                bare = toneless(reading)
                plain[reading] = syllables.setdefault(bare, bare)
            found.append(plain[reading])
        table[int(code)] = tuple(dict.fromkeys(found))
    return table


def readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character, the usual one first; empty if it has none."""
    return _table().get(ord(char), ())
