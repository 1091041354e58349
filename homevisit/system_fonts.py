"""The system's CJK fonts, for characters the shipped font subset lacks: the one place that
knows where each platform keeps them.

The PDF module (homevisit.reports.pdf) prints with a GB2312 subset of Noto Sans SC so a
document looks the same on every laptop. Rare characters in personal and place names (生僻字:
䶮 堃 喆 燊 镕, CJK Extension A and B) are outside it; the laptop's own CJK fonts usually have
them. Windows keeps SimSun, Microsoft YaHei and SimSun-ExtB (Extension B) in %WINDIR%\\Fonts,
macOS PingFang / Heiti / Songti in /System/Library/Fonts, and Linux asks fontconfig.
Nothing here reads a font: callers load the files and check each character themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple


class FontFile(NamedTuple):
    """A font file and, for a collection (.ttc), which face in it."""

    path: Path
    face: int = 0


_WINDOWS = ("simsun.ttc", "msyh.ttc", "simsunb.ttf", "SimsunExtG.ttf")
_MACOS = ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
          "/System/Library/Fonts/STHeiti Medium.ttc",
          "/System/Library/Fonts/Supplemental/Songti.ttc")
# Debian/Ubuntu's fonts-noto-cjk; face 2 of the collection is Simplified Chinese (SC).
_LINUX = (FontFile(Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),)


@cache
def cjk_fonts() -> tuple[FontFile, ...]:
    """This machine's CJK fonts, best first (may be empty). Looked up once per process."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found = [FontFile(folder / name) for name in _WINDOWS]
    elif sys.platform == "darwin":  # pragma: no cover - macOS only
        found = [FontFile(Path(name)) for name in _MACOS]
    else:
        found = [*_fontconfig("zh-cn"), *_LINUX]
    unique = dict.fromkeys(font for font in found if font.path.is_file())
    return tuple(unique)


def _fontconfig(lang: str) -> list[FontFile]:
    """fontconfig's best font for ``lang`` (none when fc-match is missing or fails)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    try:
        out = subprocess.run([fc_match, "-f", "%{file}|%{index}", f":lang={lang}"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    path, _, face = out.strip().partition("|")
    if not path or not path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
        return []  # fpdf2 reads TrueType/OpenType only (not, say, a .pcf bitmap font)
    # The high 16 bits of fontconfig's index name a variable font's instance, not a face.
    return [FontFile(Path(path), int(face) & 0xFFFF if face.isdigit() else 0)]
