"""Opening a file the user named, refusing anything but a regular file (DESIGN §4).

A FIFO blocks ``open()`` until a writer appears, a device never ends and a directory cannot be
read: each must be a clear one-line refusal, never a hang or a traceback. The file is opened
non-blocking where the platform has that flag (a FIFO then opens at once) and checked on the
open descriptor, so nothing swapped in between a check and the open slips through.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from homevisit.errors import InputFileMissing, InputFileUnreadable, NotARegularFile

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs on the file system
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0) | _NONBLOCK


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for binary reading; :class:`InputFileMissing`,
    :class:`NotARegularFile` (a directory, FIFO, socket or device) or
    :class:`InputFileUnreadable` otherwise. The errors never carry the path."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise InputFileMissing() from None
    except IsADirectoryError:
        raise NotARegularFile() from None
    except OSError:
        # Windows answers "permission denied" for a directory.
        if os.path.isdir(path):
            raise NotARegularFile() from None
        raise InputFileUnreadable() from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile()
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes (see
    :func:`open_regular`); a longer file raises :class:`homevisit.errors.FileTooLarge`."""
    from homevisit.errors import FileTooLarge

    with open_regular(path) as src:
        data = src.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(limit_mb=max(1, limit // (1024 * 1024)))
    return data
