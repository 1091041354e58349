"""Where a window opens: the last place the user left it on this screen, else a useful
default size centred, and never partly off screen. Pure geometry (no Qt), so the rule is
tested on its own; the GUI passes rectangles as (x, y, width, height)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Rect = tuple[int, int, int, int]
MIN_SIZE = (640, 420)


def screen_key(name: str, available: Rect) -> str:
    """The key a window's geometry is remembered under: the screen and its size (a laptop
    on a projector gets its own place, and its own place back on the laptop)."""
    return f"{name}@{available[2]}x{available[3]}"


def placed(saved: Sequence[int] | None, available: Rect,
           preferred: tuple[int, int]) -> Rect:
    """The rectangle to open at on the screen whose usable area is ``available``: ``saved``
    when given (shrunk and moved to fit), else ``preferred`` (at most 90 % of the screen)
    centred. The result always lies wholly inside ``available``."""
    ax, ay, aw, ah = available
    if saved is not None and len(saved) == 4 and all(isinstance(v, int) for v in saved):
        x, y, w, h = saved
    else:
        w = min(preferred[0], aw * 9 // 10)
        h = min(preferred[1], ah * 9 // 10)
        x, y = ax + (aw - w) // 2, ay + (ah - h) // 2
    w = max(min(w, aw), min(MIN_SIZE[0], aw))
    h = max(min(h, ah), min(MIN_SIZE[1], ah))
    x = min(max(x, ax), ax + aw - w)
    y = min(max(y, ay), ay + ah - h)
    return x, y, w, h


def remembered(store: Mapping[str, object], key: str) -> list[int] | None:
    """The saved rectangle under ``key`` if it is four integers (settings are user files)."""
    value = store.get(key)
    if isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value):
        return list(value)
    return None
