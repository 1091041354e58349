"""Which profile a command works on, and opening its workspace (shared by every command
group, so the groups need not import ``homevisit.cli.main`` and its parser)."""

from __future__ import annotations

import argparse

from homevisit import profiles
from homevisit.cli.prompt import Passphrases
from homevisit.errors import ProfileError
from homevisit.i18n import Text
from homevisit.sync.offline_gate import open_checked
from homevisit.workspace import Workspace

CHOOSE_PROFILE = Text(
    "本机有多个档案，请用 --profile 名称 指定一个（`homevisit profile list` 可查看）。",
    "This machine has several profiles; pick one with --profile NAME "
    "(see `homevisit profile list`).",
)
NO_PROFILE = Text(
    "还没有档案。请先运行 `homevisit profile create 名称`。",
    "There is no profile yet. Run `homevisit profile create NAME` first.",
)


def choose_profile(args: argparse.Namespace) -> profiles.Profile:
    """``--profile NAME``, or the only profile on this machine."""
    if args.profile:
        return profiles.find_profile(args.profile)
    found = profiles.list_profiles()
    if len(found) == 1:
        return found[0]
    raise ProfileError(NO_PROFILE if not found else CHOOSE_PROFILE)


def open_workspace(args: argparse.Namespace, secrets: Passphrases) -> Workspace:
    # Past the policy's offline days, or with the clock set back: an online check first.
    return open_checked(choose_profile(args), secrets.ask())
