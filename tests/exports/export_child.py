"""Child process of the kill -9 export trial: export one attachment, announcing each step on
stdout and lingering a moment after it, so the parent can SIGKILL it right there.

Usage: python export_child.py PROFILE PASSPHRASE ATTACHMENT_ID OUT   (HOMEVISIT_HOME set)

The steps are announced by wrapping what the export goes through (the vault's export, its
chunk reader and the rename); the real code runs unchanged in between.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from homevisit import durable, exports, vault
from homevisit.workspace import Workspace

LINGER = 0.02  # seconds the child stays at each step; the parent kills within it


def announce(step: str) -> None:
    sys.stdout.write(step + "\n")
    sys.stdout.flush()
    time.sleep(LINGER)


def instrument() -> None:
    real_export, real_chunks, real_replace = vault.Vault.export, vault.read_chunks, os.replace

    def export(self, *args, **kwargs):
        announce("audit-committed")  # the "export started" row is in the store by now
        return real_export(self, *args, **kwargs)

    def chunks(*args, **kwargs):
        for index, chunk in enumerate(real_chunks(*args, **kwargs)):
            yield chunk
            if index == 0:
                announce("temp-half-written")

    def replace(src, dst, *args, **kwargs):
        ours = Path(src).name.startswith(exports.TEMP_PREFIX)  # not the audit head file's
        if ours:
            announce("before-rename")
        real_replace(src, dst, *args, **kwargs)
        if ours:
            announce("after-rename")

    vault.Vault.export = export  # type: ignore[method-assign]
    vault.read_chunks = chunks  # type: ignore[assignment]
    # durable.py does every rename: wrap it there, announcing the export's only.
    durable.os = _OsWith(replace)  # type: ignore[attr-defined]


class _OsWith:
    def __init__(self, replace) -> None:
        self.replace = replace

    def __getattr__(self, name: str):
        return getattr(os, name)


def main() -> None:
    profile, passphrase, attachment_id, out = sys.argv[1:5]
    workspace = Workspace.open(profile, passphrase)
    instrument()
    announce("start")
    workspace.export_attachment(attachment_id, Path(out))
    announce("done")
    workspace.close()


if __name__ == "__main__":
    main()
