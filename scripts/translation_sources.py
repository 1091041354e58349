"""Which files belong to which translation area, and the lupdate/lrelease runs over them.

A build tool, not part of the app (so it sits in scripts/, not in homevisit/gui, where every
module uses Qt): it drives the ``pyside6-lupdate`` and ``pyside6-lrelease`` tools that ship
with PySide6, for scripts/update-translations, scripts/build-translations and the tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")


def _tool(name: str) -> str:
    """``pyside6-<name>`` next to the running Python, in the project venv, else on PATH."""
    # ./dev runs the scripts with the system python3; the tools live in the project venv.
    for local in (Path(sys.executable).with_name(f"pyside6-{name}"),
                  ROOT / ".venv" / "bin" / f"pyside6-{name}"):
        if local.exists():
            return str(local)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} not found; install PySide6")
    return found


def _is_visit(path: Path) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return rel.startswith(("homevisit/gui/visit/", "ui/visit/", "ui/visit_"))


def area_sources(area: str) -> list[Path]:
    """Python and .ui files whose strings belong to ``area`` (``app`` or ``visit``)."""
    candidates = sorted((ROOT / "homevisit" / "gui").rglob("*.py")) + sorted(
        (ROOT / "ui").rglob("*.ui"))
    if area == "visit":
        return [p for p in candidates if _is_visit(p)]
    if area == "app":
        return [p for p in candidates if not _is_visit(p)]
    raise ValueError(f"unknown area {area}")


def areas() -> list[str]:
    return ["app"] + (["visit"] if area_sources("visit") else [])


def ts_path(area: str, language: str) -> Path:
    return TRANSLATIONS / f"{area}_{language}.ts"


def _lupdate(sources: list[Path], target: Path) -> None:
    subprocess.run([_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    *map(str, sources), "-ts", str(target)], check=True)


def update_areas(only: list[str] | None = None) -> None:
    for area in only or areas():
        for language in LANGUAGES:
            target = ts_path(area, language)
            _lupdate(area_sources(area), target)
            _set_language(target, language)


def _set_language(path: Path, language: str) -> None:
    tree = ET.parse(path)  # noqa: S314 - our own .ts files, not untrusted input
    tree.getroot().set("language", language)
    tree.getroot().set("sourcelanguage", "en")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the <translation> element of every current message."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            found[(name, message.findtext("source") or "")] = translation  # type: ignore[assignment]
    return found


def unfinished(path: Path) -> list[tuple[str, str]]:
    """Messages of ``path`` with no finished translation."""
    return [key for key, tr in messages(path).items()
            if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip()]


def check_areas() -> dict[str, list[tuple[str, str]]]:
    """For each area, the strings lupdate finds in the sources but the .ts files lack."""
    missing: dict[str, list[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for area in areas():
            fresh = Path(tmp) / f"{area}.ts"
            _lupdate(area_sources(area), fresh)
            wanted = set(messages(fresh))
            gaps: set[tuple[str, str]] = set()
            for language in LANGUAGES:
                path = ts_path(area, language)
                have = set(messages(path)) if path.exists() else set()
                gaps |= wanted - have
            missing[area] = sorted(gaps)
    return missing


def build_all(force: bool = False) -> int:
    """lrelease every .ts whose .qm is missing or older; returns a process exit status."""
    status = 0
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        done = subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
                              check=False)
        status = status or done.returncode
    return status
