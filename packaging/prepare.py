"""Stamp the one version and render the icons before PyInstaller and makensis run.

    python packaging/prepare.py [BUILD_DIR]      (default: build/)

Writes, from pyproject's version (the installed distribution's metadata) and
resources/icons/homevisit.svg:
- icons/hicolor/<n>x<n>/apps/cn.homevisit.Homevisit.png and scalable/…svg (Linux menus);
- homevisit.ico (the Windows executable, Start-menu entry and uninstaller);
- version-info.txt (the Windows file version resource PyInstaller embeds in homevisit.exe);
- version.nsh (the installer's version defines).
Refuses when the AppStream metainfo has no <release> for this version: a release that the
software centre does not know about should not ship.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "cn.homevisit.Homevisit"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def numeric(text: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0): Windows file versions are four 16-bit numbers."""
    parts = [int(p) for p in re.findall(r"\d+", text)[:4]]
    return tuple([*parts, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def render_icons(build: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    svg = ROOT / "resources" / "icons" / "homevisit.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"prepare: cannot render {svg}")
    hicolor = build / "icons" / "hicolor"
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        out = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out)):
            raise SystemExit(f"prepare: cannot write {out}")
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(svg.read_bytes())
    largest = Image.open(hicolor / "256x256" / "apps" / f"{APP_ID}.png")
    largest.save(build / "homevisit.ico", sizes=[(s, s) for s in ICO_SIZES])


VERSION_INFO = """\
# Windows file version resource of homevisit.exe (written by packaging/prepare.py).
VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'Homevisit'),
      StringStruct('FileDescription', '家访通 Homevisit'),
      StringStruct('FileVersion', '{text}'),
      StringStruct('InternalName', 'homevisit'),
      StringStruct('OriginalFilename', 'homevisit.exe'),
      StringStruct('ProductName', '家访通 Homevisit'),
      StringStruct('ProductVersion', '{text}')])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"


def prepare(build: Path, metainfo_path: Path = METAINFO) -> str:
    """Write the version files and icons into ``build``; returns the version."""
    build.mkdir(parents=True, exist_ok=True)
    text = version("homevisit")
    metainfo = metainfo_path.read_text("utf-8")
    if f'<release version="{text}"' not in metainfo:
        raise SystemExit(f"prepare: {metainfo_path.name} has no <release "
                         f'version="{text}">; add one for this version')
    nums = numeric(text)
    (build / "version-info.txt").write_text(VERSION_INFO.format(nums=nums, text=text),
                                            encoding="utf-8")
    (build / "version.nsh").write_text(
        f'!define HV_VERSION "{text}"\n!define HV_VERSION4 "{".".join(map(str, nums))}"\n',
        encoding="utf-8")
    render_icons(build)
    return text


def main(argv: list[str]) -> int:
    build = Path(argv[1]) if len(argv) > 1 else ROOT / "build"
    text = prepare(build)
    print(f"prepare: version {text} stamped, icons rendered in {build}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
