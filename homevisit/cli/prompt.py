"""Passphrase input for the CLI: prompted without echo, or read from stdin for scripts."""

from __future__ import annotations

import getpass
import sys

from homevisit.errors import HomevisitError
from homevisit.i18n import Text

NO_MORE_INPUT = Text(
    "没有读到口令（标准输入已结束）。",
    "No passphrase was read (standard input ended).",
)
MISMATCH = Text("两次输入的口令不一致，请重新运行命令。",
                "The two passphrases differ; run the command again.")

PROMPT = Text("口令：", "Passphrase: ")
NEW_PROMPT = Text("新口令：", "New passphrase: ")
CONFIRM_PROMPT = Text("再次输入新口令：", "Repeat the new passphrase: ")
OLD_PROMPT = Text("当前口令：", "Current passphrase: ")


class PromptError(HomevisitError):
    code = "prompt"


class Passphrases:
    """Reads passphrases without echo, or one per line from stdin with ``--passphrase-stdin``."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask(self, prompt: Text = PROMPT) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise PromptError(NO_MORE_INPUT)
            return line.rstrip("\r\n")
        return getpass.getpass(str(prompt))

    def ask_new(self) -> str:
        first = self.ask(NEW_PROMPT)
        if self.ask(CONFIRM_PROMPT) != first:
            raise PromptError(MISMATCH)
        return first
