"""``homevisit gui``, ``homevisit demo`` and ``homevisit screenshots``: the desktop app.

The CLI itself never imports Qt (layer rule): these commands load ``homevisit.gui`` only
when run, through importlib, so ``homevisit profile list`` stays quick and headless.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any

from homevisit.errors import HomevisitError
from homevisit.i18n import Text, current_language

NO_DISPLAY = Text(
    "没有找到图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY）。请在桌面会话中运行；在服务器上可用 "
    "`xvfb-run ./dev run`，或用 `homevisit screenshots 目录` 把各页面渲染成图片查看。",
    "No graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Run this in a "
    "desktop session; on a server use `xvfb-run ./dev run`, or `homevisit screenshots DIR` to "
    "render every page to PNG files.",
)


class NoDisplay(HomevisitError):
    code = "no_display"
    text = NO_DISPLAY


def _require_display() -> None:
    """Qt aborts the process without a display; say what to do instead, before any work."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay()


def _t(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


def add_gui_commands(groups: Any) -> None:
    """Register the desktop commands on the CLI's sub-parsers."""
    gui = groups.add_parser("gui", help=_t("打开桌面应用", "open the desktop app"))
    gui.set_defaults(action="")
    demo = groups.add_parser("demo", help=_t(
        "演示：在本机启动带示例县数据的服务器，登记演示用户并打开应用（临时目录）",
        "demo: run the server with the demo county on loopback, enrol demo users and open "
        "the app (throwaway data dir)"))
    demo.add_argument("--households", type=int, default=200,
                      help=_t("示例户数", "number of demo households"))
    demo.add_argument("--dir", type=Path, default=None,
                      help=_t("数据目录（默认临时目录，退出后删除）",
                              "data dir (default: a temporary one, removed on exit)"))
    demo.set_defaults(action="")
    shots = groups.add_parser("screenshots", help=_t(
        "用演示数据把每个页面和对话框渲染成 PNG", "render every page and dialog with demo "
        "data to PNG files"))
    shots.add_argument("outdir", type=Path)
    shots.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")
    shots.set_defaults(action="")


def _gui(module: str) -> Any:
    # Imported by name so the CLI module graph stays free of Qt (see the module docstring).
    return importlib.import_module(f"homevisit.{module}")


def run_gui(args: argparse.Namespace, _secrets: object) -> int:
    _require_display()
    return int(_gui("gui.app").run())


def run_demo(args: argparse.Namespace, _secrets: object) -> int:
    _require_display()
    return int(_gui("demo.runner").run_demo(households=args.households, data_dir=args.dir))


def run_screenshots(args: argparse.Namespace, _secrets: object) -> int:
    written = _gui("demo.screenshots").render_all(args.outdir, language=args.language)
    for path in written:
        print(path)
    return 0


GUI_COMMANDS = {
    ("gui", ""): run_gui,
    ("demo", ""): run_demo,
    ("screenshots", ""): run_screenshots,
}
