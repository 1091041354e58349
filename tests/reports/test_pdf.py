"""The PDF module: Chinese text a reader can copy, images from memory, hostile text, and
files written the audited way (homevisit.reports.output)."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from homevisit.model import AuditEvent, PendingExport
from homevisit.reports.output import write_document
from homevisit.reports.pdf import PdfDocument, font_path
from tests.reports.conftest import pdf_text, signature_png


def _sample() -> PdfDocument:
    doc = PdfDocument(footer="家访通")
    doc.heading("家庭经济情况家访记录")
    doc.heading("家庭成员", 2)
    doc.fields([("走访方式", "上门"), ("地址", "江苏省徐州市丰县东村" * 8)])
    doc.table(["姓名", "关系"], [["张小明", "本人"], ["张大山", "父亲"]], widths=[2, 1])
    doc.image(signature_png(), width_mm=50, caption="监护人签名")
    doc.bullets(["政策宣传：生源地信用助学贷款"])
    return doc


def test_chinese_text_is_embedded_and_copyable(tmp_path):
    out = tmp_path / "doc.pdf"
    out.write_bytes(_sample().to_bytes())
    text = pdf_text(out)
    for words in ("家庭经济情况家访记录", "家庭成员", "张小明", "父亲", "监护人签名",
                  "生源地信用助学贷款", "江苏省徐州市丰县东村"):
        assert words in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoSansCJK" in fonts.replace(" ", "") or "Noto" in fonts
    assert " yes " in fonts  # embedded (and subset per document)


def test_the_shipped_font_is_a_few_megabytes_with_its_licence():
    assert font_path().is_file() and font_path().stat().st_size < 5_000_000
    assert "OPEN FONT LICENSE" in (font_path().parent / "OFL.txt").read_text("utf-8")


def test_the_document_info_names_nobody(tmp_path):
    out = tmp_path / "doc.pdf"
    doc = PdfDocument()
    doc.heading("张小明的家访记录")
    out.write_bytes(doc.to_bytes())
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "张小明" not in info and "Homevisit" in info


@pytest.mark.parametrize("hostile", ["名\x00字", "\ud800孤", "\x1b[31m红", "\u202e反向",
                                     "a" * 20_000, "𠀀𪚥罕见字"])
def test_hostile_text_never_breaks_a_document(tmp_path, hostile):
    doc = PdfDocument()
    doc.heading(hostile)
    doc.paragraph(hostile)
    doc.fields([(hostile, hostile)])
    doc.table([hostile, "b"], [[hostile, None]])
    out = tmp_path / "doc.pdf"
    out.write_bytes(doc.to_bytes())
    assert pdf_text(out)  # poppler reads it
    assert b"\x00\xd8" not in out.read_bytes()


def test_write_document_audits_before_writing_and_leaves_no_temp(workspace, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "记录.pdf"
    data = _sample().to_bytes()
    write_document(workspace.store, data, actor=workspace.actor, out=out, entity="visit",
                   entity_id="v-1", kind="visit_record", action="print")
    assert out.read_bytes() == data
    assert [p.name for p in out.parent.iterdir()] == ["记录.pdf"]
    events = workspace.store.run(lambda s: [(e.action, e.entity_id, e.detail) for e in
                                            s.scalars(select(AuditEvent))])
    assert ("print", "v-1", {"phase": "started", "kind": "visit_record"}) in events
    assert workspace.store.run(lambda s: s.scalars(select(PendingExport)).all()) == []


def test_a_failed_write_leaves_no_file_but_its_audit_row(workspace, tmp_path):
    missing = tmp_path / "no-such-folder" / "记录.pdf"
    with pytest.raises(OSError):
        write_document(workspace.store, b"%PDF-", actor=workspace.actor, out=missing,
                       entity="visit", entity_id="v-1", kind="visit_record")
    assert not missing.parent.exists()
    actions = workspace.store.run(lambda s: [e.action for e in s.scalars(select(AuditEvent))])
    assert "export" in actions
    assert workspace.store.run(lambda s: s.scalars(select(PendingExport)).all()) == []
