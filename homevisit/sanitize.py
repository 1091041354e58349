"""What may enter the attachment vault: JPEG, PNG and PDF, checked by content, never by name.

A file is sniffed from its first bytes, then really parsed: images are decoded by Pillow
(only the matching plugin is allowed to claim the file) and re-encoded from pixels, so EXIF,
GPS, XMP, maker notes, ICC profiles and PNG text chunks cannot survive; PDFs get a structural
check of their header, trailer and cross-reference offset. Everything happens in memory:
no plaintext temp file is ever written (DESIGN §4).
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps

from homevisit.errors import FileTypeMismatch, FileUnreadable, ImageTooLarge, UnsupportedFileType

JPEG_QUALITY = 90  # visually lossless for document photos; the stored copy is re-encoded once

# Kept size policy: the long edge an image is stored at, at most. Documents stay readable
# (a 3,000 px A4 scan is ~250 dpi); a photo of the home needs no more than 2,000 px.
DOCUMENT_LONG_EDGE = 3000
HOME_PHOTO_LONG_EDGE = 2000
HOME_PHOTO_TYPES = frozenset({"home_photo"})
# Megapixel policy: at most this many pixels are ever decoded into memory (~120 MB as RGBA).
# A JPEG is decoded at a reduced scale (draft mode: 1/2, 1/4, 1/8) no smaller than the kept
# size, so camera photos far above it fit; a PNG cannot be decoded reduced, so a PNG over it
# is refused. Pillow's own limit (MAX_IMAGE_PIXELS on the file's declared size) stays on.
MAX_DECODED_PIXELS = 30_000_000


def long_edge_for(doc_type: str) -> int:
    """The long edge, in pixels, an image of ``doc_type`` is stored at (at most)."""
    return HOME_PHOTO_LONG_EDGE if doc_type in HOME_PHOTO_TYPES else DOCUMENT_LONG_EDGE


@dataclass(frozen=True, slots=True)
class _Kind:
    label: str
    mime: str
    extensions: frozenset[str]
    magic: bytes


class FileKind(Enum):
    """The three accepted kinds of attachment."""

    JPEG = _Kind(
        "JPEG", "image/jpeg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}), b"\xff\xd8\xff"
    )
    PNG = _Kind("PNG", "image/png", frozenset({".png"}), b"\x89PNG\r\n\x1a\n")
    PDF = _Kind("PDF", "application/pdf", frozenset({".pdf"}), b"%PDF-")

    @property
    def mime(self) -> str:
        return self.value.mime

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def is_image(self) -> bool:
        return self is not FileKind.PDF


SNIFF_BYTES = 16


def sniff(head: bytes) -> FileKind:
    """The kind named by a file's first bytes; :class:`UnsupportedFileType` for anything else."""
    for kind in FileKind:
        if head.startswith(kind.value.magic):
            return kind
    raise UnsupportedFileType


def check_extension(name: str, kind: FileKind) -> None:
    """Refuse a file whose extension names another kind than its content.

    A name without an extension is accepted (content decides); an extension of an accepted kind
    must match the content, and any other extension is refused.
    """
    suffix = PurePath(name).suffix.lower()
    if not suffix or suffix in kind.value.extensions:
        return
    if any(suffix in other.value.extensions for other in FileKind):
        raise FileTypeMismatch(extension=suffix, actual=kind.label)
    raise UnsupportedFileType


# --- images -----------------------------------------------------------------------------

# Pillow raises these on malformed input; all of them mean "not a readable image".
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)
_PLUGINS = {FileKind.JPEG: ["JPEG", "MPO"], FileKind.PNG: ["PNG"]}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def reencode_image(src: BinaryIO, kind: FileKind, long_edge: int = DOCUMENT_LONG_EDGE) -> bytes:
    """Decode ``src`` and re-encode its pixels as ``kind``, upright, no longer than
    ``long_edge`` on its long side, and without any metadata.

    A JPEG is decoded at the smallest scale that still covers ``long_edge`` (draft mode), so
    memory follows the kept size, not the file's; then it is resized to ``long_edge``. EXIF
    orientation is applied; an embedded ICC profile is converted to sRGB, then dropped.
    Pillow's decompression-bomb limit stays on: more than ``Image.MAX_IMAGE_PIXELS`` pixels
    declared, or more than :data:`MAX_DECODED_PIXELS` to decode, raises
    :class:`ImageTooLarge`. Only the first frame of a multi-frame file (MPO, APNG) is kept.
    """
    try:
        with Image.open(src, formats=_PLUGINS[kind]) as decoded:
            _check_pixels(decoded)
            if kind is FileKind.JPEG:
                # CMYK and grey JPEGs keep their mode; draft only picks the DCT scale.
                decoded.draft(decoded.mode, _kept_size(decoded.size, long_edge))
            if decoded.width * decoded.height > MAX_DECODED_PIXELS:
                raise ImageTooLarge
            decoded.load()
            # In place; a no-op when already small enough. Orientation comes after, on the
            # small copy (a quarter turn swaps the sides, never the long edge).
            decoded.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
            upright = _upright(decoded)
            clean = _to_srgb(upright)
            clean = _storable_mode(clean, kind)
            transparency = clean.info.get("transparency") if clean.mode == "P" else None
            # Pillow's PNG writer falls back to im.info (ICC, …); start from empty info.
            clean.info = {}
            out = io.BytesIO()
            if kind is FileKind.JPEG:
                clean.save(out, "JPEG", quality=JPEG_QUALITY)
            else:
                extra = {} if transparency is None else {"transparency": transparency}
                clean.save(out, "PNG", **extra)
            return out.getvalue()
    except Image.DecompressionBombError:
        raise ImageTooLarge from None
    except _DECODE_ERRORS:
        raise FileUnreadable(kind=kind.label) from None


def _kept_size(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """``size`` scaled so its long side is ``long_edge`` (never enlarged). Draft mode picks
    a scale that keeps both sides at least this, so the request must keep the aspect."""
    width, height = size
    scale = min(1.0, long_edge / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _upright(image: Image.Image) -> Image.Image:
    """A copy turned as EXIF orientation says; unturned if the EXIF block itself is broken
    (the pixels are fine, and a phone's odd EXIF must not block a document photo)."""
    try:
        return ImageOps.exif_transpose(image)  # always a copy we may change
    except _DECODE_ERRORS:
        return image.copy()


def _check_pixels(image: Image.Image) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    width, height = image.size
    if limit is not None and width * height > limit:
        raise ImageTooLarge


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels described by an embedded ICC profile to sRGB, so dropping it is safe."""
    icc = image.info.get("icc_profile")
    # Grey and palette images look right without a profile; only colour spaces are converted.
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are, drop the profile
    return converted if converted is not None else image


def _storable_mode(image: Image.Image, kind: FileKind) -> Image.Image:
    if kind is FileKind.JPEG:
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image.mode in ("1", "L", "LA", "RGB", "RGBA", "I;16", "P"):
        return image
    has_alpha = "A" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


# --- PDF --------------------------------------------------------------------------------

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF$")
_PDF_XREF = re.compile(rb"xref\s|\d+\s+\d+\s+obj\b")
_PDF_WHITESPACE = b" \t\r\n\x00\x0c"
_PDF_TAIL_BYTES = 2048
_XREF_SLACK = 64  # some writers miscount the offset by a few bytes; readers tolerate it


def check_pdf(src: BinaryIO, size: int) -> None:
    """Check a PDF's structure without reading it whole; :class:`UnsupportedFileType` if not.

    The header must open the file, the trailer must end it (only whitespace after the last
    ``%%EOF``, which also refuses PDF/ZIP polyglots), and ``startxref`` must point at a
    cross-reference table or stream inside the file. ``src`` is left at an unspecified offset.
    """
    src.seek(0)
    if not _PDF_HEADER.match(src.read(16)):
        raise UnsupportedFileType
    src.seek(max(0, size - _PDF_TAIL_BYTES))
    tail = src.read(_PDF_TAIL_BYTES).rstrip(_PDF_WHITESPACE)
    found = _PDF_TAIL.search(tail)
    if found is None:
        raise FileUnreadable(kind=FileKind.PDF.label)
    offset = int(found.group(1))
    if offset >= size:
        raise FileUnreadable(kind=FileKind.PDF.label)
    start = max(0, offset - _XREF_SLACK)
    src.seek(start)
    window = src.read(offset - start + _XREF_SLACK + 32)
    if _PDF_XREF.search(window) is None:
        raise FileUnreadable(kind=FileKind.PDF.label)
