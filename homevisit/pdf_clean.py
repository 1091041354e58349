"""Cleaning a PDF before it enters the vault: no active content, no hidden files, no metadata.

A PDF the user picks may carry JavaScript, actions that run on opening (OpenAction, /AA),
launch and URI actions, form scripts (XFA), embedded files, and metadata (the Info dictionary
and XMP packets) naming the author — often a person, sometimes with an ID number. pikepdf
(qpdf) parses the file, every such entry is removed from the whole object graph, and the
document is written anew from its objects: comments, junk between objects and unreachable
objects do not survive. Text and images are untouched, so the document still reads.

A file that is also something else (a PDF/HTML polyglot: markup a browser would run, outside
any stream) is refused rather than cleaned: it was made to deceive.
"""

from __future__ import annotations

import contextlib
import io
import queue
import re
import threading
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

import pikepdf

from homevisit.errors import FileUnreadable, UnsupportedFileType

# Entries that run something or hide something, wherever they appear.
_ACTIVE_KEYS = (
    "/OpenAction", "/AA", "/JS", "/JavaScript", "/XFA", "/EmbeddedFiles", "/EF",
    "/Metadata", "/PieceInfo", "/RichMediaContent", "/RichMediaSettings", "/URI", "/Next",
    "/AF",
)
# Actions that only move within the document are kept (bookmarks, table-of-contents links).
_HARMLESS_ACTIONS = frozenset({"/GoTo"})
# Annotations that exist to play, attach or run something.
_ACTIVE_ANNOTATIONS = frozenset({
    "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D",
})
# Markup a browser would act on; outside streams, PDF syntax never has these after "<".
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|img|meta|style|form)\b",
    re.IGNORECASE,
)
_STREAM_START = re.compile(rb"\bstream\r?\n")
_STREAM_END = re.compile(rb"endstream")
_BLOCK = 1 << 20
_OVERLAP = 64  # longer than any keyword or markup tag searched for
_PIPE_DEPTH = 8  # chunks in flight between the writer thread and the vault


def refuse_polyglot(src: BinaryIO) -> None:
    """:class:`UnsupportedFileType` if the file holds web markup outside its streams.

    Read in blocks (a 60 MB scan never sits in memory); ``src`` is left at an unspecified
    offset."""
    src.seek(0)
    buf, in_stream = b"", False
    while True:
        block = src.read(_BLOCK)
        buf += block
        while True:
            if in_stream:
                end = _STREAM_END.search(buf)
                if end is None:
                    buf = buf[-_OVERLAP:]
                    break
                buf, in_stream = buf[end.end():], False
                continue
            start = _STREAM_START.search(buf)
            region = buf[: start.start()] if start else buf
            if _MARKUP.search(region):
                raise UnsupportedFileType
            if start is None:
                buf = buf[-_OVERLAP:]  # a tag or keyword split by the block edge
                break
            buf, in_stream = buf[start.end():], True
        if not block:
            return


@contextlib.contextmanager
def cleaned(src: BinaryIO) -> Iterator[BinaryIO]:
    """A stream of the cleaned PDF read from ``src``, produced while it is consumed.

    qpdf reads ``src`` lazily and writes the new document on a helper thread into a small
    pipe, so neither the file nor its clean copy sits in memory whole and nothing is written
    to disk in plaintext. :class:`FileUnreadable` if pikepdf cannot parse it (damaged, or
    encrypted with a password: such a file cannot be checked, so it is not stored), raised on
    entry or while reading.
    """
    src.seek(0)
    try:
        pdf = pikepdf.open(src)
    except _PDF_ERRORS:
        raise FileUnreadable(kind="PDF") from None
    pipe = _Pipe()

    def write() -> None:
        try:
            _strip(pdf)
            # Streams are (re)compressed: qpdf then hands the writer small pieces, where an
            # uncompressed stream would come as one piece of its whole size. A new document
            # ID from the content; no Producer line or XMP packet added back.
            # a raw stream is what pikepdf writes into; its stubs name only BinaryIO
            pdf.save(cast(BinaryIO, pipe), fix_metadata_version=False, deterministic_id=True)
        except _Cancelled:
            return
        except _PDF_ERRORS:
            pipe.fail(FileUnreadable(kind="PDF"))
            return
        except BaseException as error:  # reaches the reader, so the import fails whole
            pipe.fail(error)
            return
        pipe.finish()

    writer = threading.Thread(target=write, name="homevisit-pdf-clean", daemon=True)
    writer.start()
    try:
        yield cast(BinaryIO, pipe)  # read by the vault like any binary file
    finally:
        pipe.cancel()
        writer.join()
        pdf.close()


_PDF_ERRORS = (pikepdf.PdfError, pikepdf.PasswordError, ValueError, RecursionError,
               AttributeError)


class _Cancelled(Exception):
    pass


class _Pipe(io.RawIOBase):
    """Bytes pushed by qpdf's writer on one thread, pulled by the vault on another."""

    def __init__(self) -> None:
        super().__init__()
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(_PIPE_DEPTH)
        self._pending = b""
        self._done = False
        self._cancelled = threading.Event()

    # the writer's side
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        while not self._cancelled.is_set():
            try:
                self._queue.put(chunk, timeout=0.1)
                return len(chunk)
            except queue.Full:
                continue
        raise _Cancelled

    def finish(self) -> None:
        self._put(None)

    def fail(self, error: BaseException) -> None:
        self._put(error)

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self._cancelled.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def cancel(self) -> None:
        self._cancelled.set()

    # the reader's side
    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_BLOCK), b""))
        while not self._pending and not self._done:
            item = self._queue.get()
            if item is None:
                self._done = True
            elif isinstance(item, BaseException):
                self._done = True
                raise item
            else:
                self._pending = item
        out, self._pending = self._pending[:size], self._pending[size:]
        return out


def _strip(pdf: pikepdf.Pdf) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [pdf.Root]
    stack.extend(page.obj for page in pdf.pages)
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(item for item in obj if _is_container(item))
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _strip_dictionary(obj)
            stack.extend(value for _key, value in obj.items() if _is_container(value))


def _is_container(value: pikepdf.Object) -> bool:
    return isinstance(value, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream)


def _strip_dictionary(obj: pikepdf.Dictionary | pikepdf.Stream) -> None:
    for key in _ACTIVE_KEYS:
        if key in obj:
            del obj[key]
    action = obj.get("/A")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") not in _HARMLESS_ACTIONS:
        del obj["/A"]
    annotations = obj.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [a for a in annotations
                if not (isinstance(a, pikepdf.Dictionary)
                        and a.get("/Subtype") in _ACTIVE_ANNOTATIONS)]
        if len(kept) != len(annotations):
            obj["/Annots"] = pikepdf.Array(kept)
