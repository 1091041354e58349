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


PDF_TEXT = "Household register page one"


def write_hostile_pdf(path: Path, secret: str) -> Path:
    """A real one-page PDF with text, and everything a hostile or careless PDF carries:
    JavaScript run on opening (OpenAction and the document's JavaScript name tree), a link
    that launches a program, a page action, an embedded file and an attachment annotation,
    and ``secret`` in the Info author, the XMP creator and the embedded file."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    content = pdf.make_stream(f"BT /F1 24 Tf 72 720 Td ({PDF_TEXT}) Tj ET".encode())
    script = pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('opened')")))
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                              Rect=[72, 600, 300, 640], A=launch)
    attached = pikepdf.AttachedFileSpec(pdf, f"hidden {secret}".encode(), filename="x.txt")
    clip = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                              Rect=[72, 500, 90, 520], FS=attached.obj)
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=content,
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Annots=pikepdf.Array([pdf.make_indirect(link), pdf.make_indirect(clip)]),
        AA=pikepdf.Dictionary(O=script))
    pdf.pages.append(pikepdf.Page(page))
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("init"), script]))
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
        pdf, f"ID {secret}".encode(), filename="notes.txt")
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [f"张三 {secret}"]
    pdf.docinfo["/Author"] = f"张三 {secret}"
    pdf.save(path, compress_streams=False)
    return path
