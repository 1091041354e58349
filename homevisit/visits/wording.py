"""The wording guard: free-text answers should describe what was seen, not label the family
(无痕资助). The words to notice are data (``resources/wording/stigmatising.yaml``), so an
aid office changes the list without a release; the guard only warns, it never blocks."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from homevisit.i18n import Text
from homevisit.resources import resource_path

WARNING = Text("请描述看到的情况，避免使用标签性词语：{words}",
               "Describe what you saw; avoid labelling words: {words}")


@cache
def _load(path: Path) -> tuple[str, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ()
    words = data.get("words") if isinstance(data, dict) else None
    # Longest first, so 贫困户 is reported rather than the 贫困 inside it.
    found = {str(w).strip() for w in words or () if str(w).strip()}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def stigmatising_words(path: Path | None = None) -> tuple[str, ...]:
    """The configured list (the shipped file unless ``path`` names another)."""
    return _load(path or resource_path("wording", "stigmatising.yaml"))


def words_in(text: str | None, words: Iterable[str] | None = None) -> list[str]:
    """The listed words that occur in ``text``, each once, in the order they appear
    (a word inside a longer listed word that also occurs is not repeated)."""
    if not text:
        return []
    chosen = list(words) if words is not None else list(stigmatising_words())
    chosen.sort(key=lambda w: (-len(w), w))
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for word in chosen:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                if all(w != word for _, w in hits):
                    hits.append((start, word))
            start = text.find(word, start + 1)
    return [w for _, w in sorted(hits)]


def warning_text(words: list[str], language: str) -> str:
    """The gentle inline warning for ``words`` in ``language`` ("zh" or "en")."""
    joined = "、".join(words) if language != "en" else ", ".join(words)
    return WARNING.in_language(language).replace("{words}", joined)
