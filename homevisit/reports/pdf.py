"""The one PDF module (issue 18): every PDF the app, the CLI and the help desk write is laid
out here, with fpdf2 and the CJK font shipped in ``resources/fonts`` (a GB2312 subset of Noto
Sans SC; fpdf2 subsets it again per document), so a PDF looks the same on every laptop and
its Chinese text can be copied out.

The API is small and stable (other modules build their documents on it)::

    doc = PdfDocument(footer="家访通")
    doc.heading("家庭经济情况家访记录")
    doc.fields([("走访方式", "上门"), ("家访日期", "2026-05-01")])
    doc.paragraph("……")
    doc.table(["姓名", "关系"], [["张三", "父亲"]], widths=[2, 1])
    doc.image(png_bytes, width_mm=50, caption="监护人签名")
    data = doc.to_bytes()            # nothing touches the disk

and, to put it in a file, :func:`homevisit.reports.output.write_document` (audited first,
temp file and rename). Text is cleaned on the way in (NUL, other control characters and
lone surrogates become a box, □), so a hostile answer cannot break a document.

Rare characters in names (生僻字: 䶮 堃 喆, CJK Extension A and B) are outside the shipped
subset. When a text has one, the document loads this machine's CJK fonts
(:mod:`homevisit.system_fonts`) as fpdf2 fallback fonts. A character no font has is never
dropped (a name on an official record would silently change): it prints as □ and the
document ends with a note, and says in every later page's footer, that the boxes must be
checked against the electronic record. Refusing to print was the other choice; a help desk
must still be able to hand the record over.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from homevisit import system_fonts
from homevisit.i18n import Text, current_language
from homevisit.resources import resource_path

FONT_FILE = ("fonts", "NotoSansSC-Regular-subset.otf")
FAMILY = "homevisit-cjk"
# Millimetres, given as numbers: fpdf2 warns on named A5 (its size changed in 2.8.5).
PAGE_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
BODY_SIZE = 10.5
HEADING_SIZES = {1: 17.0, 2: 13.5, 3: 11.5}
GREY = (110, 110, 110)
REPLACEMENT = "\u25a1"  # □: in the font, unlike U+FFFD
# A table row must fit on one page: longer cell text is cut, saying how long it was (long
# text belongs in a paragraph or fields, which flow over pages).
MAX_CELL = 800

# C0/C1 controls except tab and newline, and lone surrogates: shown as a box, never passed on.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Variation selectors (e.g. an ideographic variation sequence in a name) pick a glyph variant
# no font here has; fpdf2 leaves them out and the base character still prints.
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

MISSING_NOTE = Text(
    "注：本文档有{count}处字符（以□标示）本机字体无法显示，未能打印。"
    "请与电子记录核对，并手写补充；"
    "或安装含这些字符的中文字体（如 SimSun-ExtB、Noto Sans CJK）后重新打印。",
    "Note: {count} character(s) in this document (shown as □) are not in any font on this "
    "computer and could not be printed. Check them against the electronic record and write "
    "them in by hand, or install a Chinese font that has them (e.g. SimSun-ExtB, Noto Sans "
    "CJK) and print again.")
MISSING_FOOTER = Text("□ = 无法打印的字符，见文末注",
                      "□ = character not printable, see the note at the end")

# fpdf2 names each glyph a font lacks in a warning; the text of a name or an address never
# goes to a log (DESIGN §4), so those warnings are dropped.
logging.getLogger("fpdf").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)


@cache
def font_path() -> Path:
    """The shipped CJK font (OFL; see resources/fonts/README.md)."""
    return resource_path(*FONT_FILE)


def clean(text: object) -> str:
    """``text`` as printable text: control characters and lone surrogates become □."""
    return _UNPRINTABLE.sub(REPLACEMENT, str(text)).replace("\t", "    ")


class PdfDocument:
    """A document being laid out top to bottom, in memory. Sizes are in points for text
    and millimetres for lengths."""

    def __init__(self, *, page: str = "A4", margin_mm: float = 15.0, footer: str = "",
                 lang: str | None = None) -> None:
        if page not in PAGE_SIZES:
            raise ValueError(f"page size {page!r} (expected one of {tuple(PAGE_SIZES)})")
        self._lang = lang or current_language()
        self._cmaps: list[dict[int, object]] | None = None  # the fallbacks', once loaded
        self.missing = 0
        """How many characters printed as □ because no font on this machine has them."""
        doc = self

        class _Pdf(FPDF):
            footer_text = ""

            def footer(self) -> None:
                self.set_y(-12)
                self.set_font(FAMILY, size=8)
                self.set_text_color(*GREY)
                parts = [self.footer_text] if self.footer_text else []
                if doc.missing:
                    parts.append(MISSING_FOOTER.in_language(doc._lang))
                parts.append(f"{self.page_no()}/{{nb}}")
                self.cell(0, 6, "    ".join(parts), align="C")
                self.set_text_color(0, 0, 0)

        pdf = _Pdf(orientation="portrait", unit="mm", format=PAGE_SIZES[page])
        pdf.set_margins(margin_mm, margin_mm, margin_mm)
        pdf.set_auto_page_break(True, margin=margin_mm + 4)
        pdf.add_font(FAMILY, fname=str(font_path()))
        # No name or number in the file's metadata: the document info stays neutral.
        pdf.set_title(" ")
        pdf.set_creator("Homevisit")
        pdf.set_producer("Homevisit")
        pdf.add_page()
        pdf.set_font(FAMILY, size=BODY_SIZE)
        self._pdf = pdf
        self._cmap: dict[int, object] = _font_cmap(pdf, FAMILY)
        pdf.footer_text = self._text(footer)

    @property
    def width_mm(self) -> float:
        """The width text may use (page width minus margins)."""
        return float(self._pdf.epw)

    def heading(self, text: str, level: int = 1) -> None:
        """A title (level 1, centred) or a section heading (2, 3)."""
        pdf = self._pdf
        size = HEADING_SIZES.get(level, HEADING_SIZES[3])
        if level > 1 and pdf.get_y() > pdf.h - pdf.b_margin - 25:
            pdf.add_page()  # no heading alone at the foot of a page
        pdf.ln(2 if level > 1 else 0)
        pdf.set_font(FAMILY, size=size)
        pdf.multi_cell(0, size * 0.5, self._text(text), align="C" if level == 1 else "L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if level == 2:
            y = pdf.get_y() + 0.5
            pdf.set_draw_color(*GREY)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_draw_color(0, 0, 0)
        pdf.ln(2)
        pdf.set_font(FAMILY, size=BODY_SIZE)

    def paragraph(self, text: str, *, size: float = BODY_SIZE, muted: bool = False) -> None:
        """Running text, wrapped (CJK text breaks between any two characters)."""
        pdf = self._pdf
        pdf.set_font(FAMILY, size=size)
        if muted:
            pdf.set_text_color(*GREY)
        pdf.multi_cell(0, size * 0.5, self._text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, size=BODY_SIZE)
        pdf.ln(1)

    def bullets(self, items: Iterable[str]) -> None:
        """A list, one item a line."""
        for item in items:
            self.paragraph(f"•  {item}")

    def fields(self, pairs: Sequence[tuple[str, str]], *, label_mm: float = 40.0) -> None:
        """Label: value lines (values wrap beside their label)."""
        pdf = self._pdf
        for label, value in pairs:
            y = pdf.get_y()
            if y > pdf.h - pdf.b_margin - 8:
                pdf.add_page()
                y = pdf.get_y()
            pdf.set_text_color(*GREY)
            pdf.multi_cell(label_mm - 2, 5.5, self._text(label), new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            after_label = pdf.get_y()  # a long label wraps: the next line starts below it
            pdf.set_xy(pdf.l_margin + label_mm, y)
            pdf.multi_cell(0, 5.5, self._text(value) or "—", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
            pdf.set_y(max(pdf.get_y(), after_label))
        pdf.ln(1)

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[object]], *,
              widths: Sequence[float] | None = None, size: float = 9.0) -> None:
        """A table with a header row repeated on each page; ``widths`` are relative."""
        pdf = self._pdf
        pdf.set_font(FAMILY, size=size)
        with pdf.table(col_widths=tuple(widths) if widths else None, text_align="LEFT",
                       line_height=size * 0.5, padding=1, first_row_as_headings=True,
                       headings_style=_heading_style()) as table:
            table.row([self._text(_cell(c)) for c in columns])
            for row in rows:
                table.row([self._text(_cell(c)) for c in row])
        pdf.set_font(FAMILY, size=BODY_SIZE)
        pdf.ln(2)

    def image(self, data: bytes, *, width_mm: float = 60.0, caption: str = "") -> None:
        """An image (PNG or JPEG bytes, e.g. a signature decrypted in memory: never a file)."""
        pdf = self._pdf
        # In the flow (no y): fpdf2 breaks the page if needed and moves below the image.
        pdf.image(io.BytesIO(data), w=width_mm, x=pdf.l_margin)
        if caption:
            self.paragraph(caption, size=8.5, muted=True)

    def spacer(self, mm: float = 4.0) -> None:
        self._pdf.ln(mm)

    def page_break(self) -> None:
        self._pdf.add_page()

    def to_bytes(self) -> bytes:
        """The finished PDF. Call once; the document cannot be extended afterwards."""
        if self.missing:
            self._pdf.ln(3)
            self.paragraph(MISSING_NOTE.format(count=self.missing).in_language(self._lang))
        return bytes(self._pdf.output())

    def _text(self, value: object) -> str:
        """``value`` cleaned (:func:`clean`), and each character no font here has as □
        (counted in :attr:`missing`), so nothing is left out of the page unseen."""
        text = clean(value)
        lacking = {c for c in set(text) if ord(c) not in self._cmap and c != "\n"
                   and not _SELECTORS.match(c)}
        if not lacking:
            return text
        cmaps = self._fallback_cmaps()
        unprintable = {c for c in lacking if not any(ord(c) in cmap for cmap in cmaps)}
        if not unprintable:
            return text
        self.missing += sum(text.count(c) for c in unprintable)
        return "".join(REPLACEMENT if c in unprintable else c for c in text)

    def _fallback_cmaps(self) -> list[dict[int, object]]:
        """Load the system CJK fonts into this document as fallbacks, the first time a text
        needs them (most documents never do: the shipped subset has GB2312)."""
        if self._cmaps is None:
            self._cmaps = []
            families = []
            for number, font in enumerate(system_fonts.cjk_fonts()):
                family = f"{FAMILY}-fallback-{number}"
                try:
                    self._pdf.add_font(family, fname=str(font.path),
                                       collection_font_number=font.face)
                except Exception:  # a damaged font, or one fpdf2 cannot read
                    logger.info("fallback font %s unusable, skipped", font.path.name)
                    continue
                families.append(family)
                self._cmaps.append(_font_cmap(self._pdf, family))
            if families:
                self._pdf.set_fallback_fonts(families, exact_match=False)
        return self._cmaps


def _font_cmap(pdf: FPDF, family: str) -> dict[int, object]:
    """The code points ``family`` (added to ``pdf``) has a glyph for."""
    cmap: dict[int, object] = getattr(pdf.fonts[family.lower()], "cmap", {})
    return cmap


def _cell(value: object) -> str:
    text = "" if value is None else clean(value)
    if len(text) <= MAX_CELL:
        return text
    return f"{text[:MAX_CELL]}…（{len(text)}）"


def _heading_style() -> FontFace:
    return FontFace(emphasis="", fill_color=(235, 235, 235))
