"""Real JPEG, PNG and PDF files for the vault tests, made cheaply."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

SMALL_CHUNK = 4096  # the smallest chunk the format allows: many chunks from little data


def write_pdf(path: Path, payload_size: int, marker: bytes = b"") -> Path:
    """A minimal valid PDF (catalog, pages, one page, one big stream), written in pieces.

    The stream holds ``payload_size`` bytes so a 50 MB file costs no 50 MB of memory.
    """
    offsets: list[int] = []
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

        def obj(body: bytes) -> None:
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % (len(offsets)) + body + b"\nendobj\n")

        obj(b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
        offsets.append(out.tell())
        out.write(b"4 0 obj\n<< /Length %d >>\nstream\n" % payload_size)
        piece = (b"% " + marker + b" " + b"0" * 1000 + b"\n")[:1024].ljust(1024, b"0")
        written = 0
        while written < payload_size:
            n = min(len(piece), payload_size - written)
            out.write(piece[:n])
            written += n
        out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(offsets) + 1))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return path


def jpeg_bytes(image: Image.Image, **save_args: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **save_args)
    return out.getvalue()
