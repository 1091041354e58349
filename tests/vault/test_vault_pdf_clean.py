"""PDFs enter the vault clean: no scripts, actions, embedded files or metadata, still readable
(issue 13 item 1). Real PDFs made with pikepdf; the stored copy is read back with pikepdf and
with poppler's pdftotext, as a reader would."""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest
from vault_files import PDF_TEXT, write_hostile_pdf, write_pdf

from homevisit.errors import FileUnreadable, UnsupportedFileType

SECRET = "320122198706152711"


def stored_copy(vault, source, tmp_path):
    imported = vault.import_file(source)
    out = tmp_path / "stored.pdf"
    vault.export(imported.file_id, imported.key, out)
    return out


def pdftotext(path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is missing: run ./dev setup as root"
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def test_javascript_actions_embedded_files_and_metadata_are_removed_text_still_reads(
    vault, tmp_path
):
    source = write_hostile_pdf(tmp_path / "张三_户口本.pdf", SECRET)
    assert SECRET.encode() in source.read_bytes() and b"JavaScript" in source.read_bytes()

    out = stored_copy(vault, source, tmp_path)

    raw = out.read_bytes()
    for needle in (SECRET.encode(), b"JavaScript", b"/JS", b"OpenAction", b"/Launch",
                   b"calc.exe", b"EmbeddedFile", b"/Author", b"xmpmeta"):
        assert needle not in raw, needle
    with pikepdf.open(out) as pdf:
        assert "/OpenAction" not in pdf.Root and "/Metadata" not in pdf.Root
        assert "/Info" not in pdf.trailer
        assert len(pdf.attachments) == 0
        (page,) = pdf.pages
        assert "/AA" not in page.obj
        annots = page.obj.get("/Annots", [])
        assert [a.Subtype for a in annots] == [pikepdf.Name.Link]
        assert "/A" not in annots[0]
    assert PDF_TEXT in pdftotext(out)


def test_a_plain_pdf_keeps_its_pages_and_content(vault, tmp_path):
    source = write_pdf(tmp_path / "申请表.pdf", 5000, marker=b"page-marker")
    imported = vault.import_file(source)
    assert (imported.mime, imported.original_name) == ("application/pdf", "申请表.pdf")
    out = tmp_path / "stored.pdf"
    vault.export(imported.file_id, imported.key, out)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
        assert b"page-marker" in pdf.pages[0].Contents.read_bytes()


def test_a_pdf_html_polyglot_is_refused(vault, tmp_path):
    made = write_pdf(tmp_path / "made.pdf", 200).read_bytes()
    header, rest = made.split(b"\n", 1)
    # Markup in a comment right after the header: a browser sniffing the file runs it.
    polyglot = tmp_path / "form.pdf"
    polyglot.write_bytes(header + b"\n%<html><script>alert(1)</script>\n" + rest)
    with pytest.raises(UnsupportedFileType):
        vault.import_file(polyglot)
    assert vault.ids() == set()


def test_a_password_protected_pdf_is_refused_as_unreadable(vault, tmp_path):
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(write_hostile_pdf(tmp_path / "x.pdf", SECRET)) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(FileUnreadable):
        vault.import_file(locked)
    assert vault.ids() == set()
