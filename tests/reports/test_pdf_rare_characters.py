"""Rare characters in names (生僻字) on a printed record: printed with this machine's CJK font
when the shipped subset lacks them, and never silently dropped when no font has them (a box
and a note that sends the reader to the electronic record)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from homevisit import system_fonts
from homevisit.reports.pdf import REPLACEMENT, PdfDocument, font_path
from homevisit.system_fonts import FontFile
from tests.reports.conftest import pdf_text

EXT_A = "䶮"  # U+4DAE, CJK Extension A (刘䶮)
EXT_B = "\U00020bb7"  # 𠮷, CJK Extension B (the 土 variant of 吉, a common surname form)
NO_FONT = "\U0002a6a5"  # 𪚥, Extension B: neither the subset nor Noto Sans CJK has it
RARE = "堃喆燊镕珺赟"  # in names, outside GB2312


def _cmap(font: FontFile) -> set[int]:
    with TTFont(str(font.path), fontNumber=font.face, lazy=True) as ttf:
        return set(ttf.getBestCmap())


def _record(names: list[str], lang: str = "zh") -> PdfDocument:
    """A page like a printed record: the name in a heading, in fields and in a table."""
    doc = PdfDocument(footer="家访通 · 家访记录", lang=lang)
    doc.heading(f"{names[0]}的家访记录")
    doc.fields([("学生姓名", names[0]), ("户籍地址", f"{names[-1]}村三组")])
    doc.table(["姓名", "关系"], [[name, "本人" if i == 0 else "父亲"]
                               for i, name in enumerate(names)], widths=[2, 1])
    return doc


def _write(doc: PdfDocument, path: Path) -> str:
    path.write_bytes(doc.to_bytes())
    return pdf_text(path)


@pytest.fixture
def no_system_font(monkeypatch):
    monkeypatch.setattr(system_fonts, "cjk_fonts", lambda: ())


def test_the_shipped_subset_lacks_the_rare_name_characters():
    """Why the fallback exists: the GB2312 subset has none of these."""
    subset = _cmap(FontFile(font_path()))
    assert not [c for c in EXT_A + EXT_B + NO_FONT + RARE if ord(c) in subset]
    assert ord("张") in subset and ord(REPLACEMENT) in subset


def test_rare_name_characters_print_with_the_system_cjk_font(tmp_path):
    fonts = system_fonts.cjk_fonts()
    covered = set().union(*(_cmap(font) for font in fonts)) if fonts else set()
    if not {ord(EXT_A), ord(EXT_B)} <= covered:
        pytest.skip("no system CJK font with 䶮 and 𠮷 (install fonts-noto-cjk: ./dev setup)")
    names = [f"刘{EXT_A}", f"{EXT_B}{RARE}"]
    doc = _record(names)
    out = tmp_path / "record.pdf"
    text = _write(doc, out)
    assert doc.missing == 0
    for name in names:
        assert name in text
    assert REPLACEMENT not in text and "注：" not in text and "见文末注" not in text
    fonts_used = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                                check=True).stdout.splitlines()[2:]
    assert len(fonts_used) == 2  # the shipped subset and the system fallback, both embedded
    assert all(" yes yes yes " in line for line in fonts_used)


def test_without_a_fallback_font_each_missing_character_prints_as_a_box_with_a_note(
        tmp_path, no_system_font):
    doc = _record([f"刘{EXT_A}", f"王{EXT_B}"])
    text = _write(doc, tmp_path / "record.pdf")
    # Every place the name appears shows the box where the character was: no empty gap.
    assert text.count(f"刘{REPLACEMENT}") == 3  # heading, field, table
    assert text.count(f"王{REPLACEMENT}") == 2  # address, table
    assert EXT_A not in text and EXT_B not in text
    assert doc.missing == 5
    flat = "".join(text.split())
    assert "注：本文档有5处字符（以□标示）本机字体无法显示，未能打印。请与电子记录核对" in flat
    assert "□=无法打印的字符，见文末注" in flat  # in the footer of the page too


def test_the_note_is_in_the_documents_language(tmp_path, no_system_font):
    doc = _record([f"刘{EXT_A}"], lang="en")
    flat = " ".join(_write(doc, tmp_path / "record.pdf").split())
    assert "Note: 4 character(s) in this document (shown as □) are not in any font" in flat
    assert "Check them against the electronic record" in flat
    assert "□ = character not printable, see the note at the end" in flat


def test_a_character_no_installed_font_has_is_boxed_while_the_others_print(tmp_path):
    if not system_fonts.cjk_fonts():
        pytest.skip("no system CJK font (install fonts-noto-cjk: ./dev setup)")
    if any(ord(NO_FONT) in _cmap(font) for font in system_fonts.cjk_fonts()):
        pytest.skip("this machine has a font with 𪚥: nothing to box")
    doc = PdfDocument()
    doc.paragraph(f"张{RARE}{NO_FONT}")
    text = _write(doc, tmp_path / "doc.pdf")
    assert f"张{RARE}{REPLACEMENT}" in text and doc.missing == 1
    assert "注：本文档有1处字符" in "".join(text.split())


def test_an_unreadable_system_font_is_skipped_not_fatal(tmp_path, monkeypatch):
    broken = tmp_path / "broken.ttc"
    broken.write_bytes(b"ttcf" + b"\x00" * 64)
    monkeypatch.setattr(system_fonts, "cjk_fonts", lambda: (FontFile(broken, 3),))
    doc = PdfDocument()
    doc.paragraph(f"刘{EXT_A}")
    text = _write(doc, tmp_path / "doc.pdf")
    assert f"刘{REPLACEMENT}" in text and doc.missing == 1


def test_ordinary_text_loads_no_fallback_and_adds_no_note(tmp_path, monkeypatch):
    def must_not_look():
        raise AssertionError("looked for system fonts for GB2312 text")

    monkeypatch.setattr(system_fonts, "cjk_fonts", must_not_look)
    doc = _record(["张小明", "张大山"])
    text = _write(doc, tmp_path / "doc.pdf")
    assert doc.missing == 0 and "注：" not in text and REPLACEMENT not in text


def test_control_characters_and_variation_selectors_are_not_counted_as_missing(
        tmp_path, no_system_font):
    doc = PdfDocument()
    # NUL is hostile input (a box, as before, but no font note); a variation selector after
    # a character only picks a glyph variant, and the character itself still prints.
    doc.paragraph("名\x00字 葛\U000e0100")
    text = _write(doc, tmp_path / "doc.pdf")
    assert "名□字" in text and "葛" in text and doc.missing == 0 and "注：" not in text


def test_the_finder_returns_existing_font_files_and_works_without_fontconfig(monkeypatch):
    fonts = system_fonts.cjk_fonts()
    assert all(font.path.is_file() and font.face >= 0 for font in fonts)
    assert len(set(fonts)) == len(fonts)
    system_fonts.cjk_fonts.cache_clear()
    monkeypatch.setattr(system_fonts.shutil, "which", lambda name: None)
    try:
        without_fc = system_fonts.cjk_fonts()
        assert all(font.path.is_file() for font in without_fc)
        assert set(without_fc) <= set(fonts) | set(system_fonts._LINUX)
    finally:
        system_fonts.cjk_fonts.cache_clear()


@pytest.mark.parametrize(("answer", "expected"), [
    ("/fonts/a.ttc|2", [FontFile(Path("/fonts/a.ttc"), 2)]),
    ("/fonts/v.ttf|65536", [FontFile(Path("/fonts/v.ttf"), 0)]),  # a variable instance
    ("/fonts/b.pcf.gz|0", []),  # a bitmap font fpdf2 cannot embed
    ("", []),
])
def test_fontconfig_answers_are_read_safely(monkeypatch, answer, expected):
    monkeypatch.setattr(system_fonts.shutil, "which", lambda name: "/usr/bin/fc-match")
    monkeypatch.setattr(system_fonts.subprocess, "run", lambda *a, **k:
                        subprocess.CompletedProcess(a, 0, stdout=answer, stderr=""))
    assert system_fonts._fontconfig("zh-cn") == expected
