"""What every generated PDF shares: embedded Noto fonts with complex-script shaping, styles,
tables that repeat their header row across pages, and a header and footer with the case
reference and "page X of Y" (never her identity).

Text is split into runs by script: Bengali runs are set in Noto Sans Bengali, Devanagari
runs in Noto Sans Devanagari, everything else in Noto Sans (the Indic fonts have no Latin
letters, and Noto Sans has no Indic glyphs). Shaping (uharfbuzz) is on for every style, so
conjuncts and vowel signs render correctly.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR_DEFAULT = "/usr/share/fonts/truetype/noto"
LATIN, BENGALI, DEVANAGARI = "NotoSans", "NotoSansBengali", "NotoSansDevanagari"
FONT_FILES = {
    LATIN: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    BENGALI: ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    DEVANAGARI: ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
}
NOT_RECORDED = "Not recorded"

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#cbd2d9")
HEAD_BG = colors.HexColor("#e4e7eb")
ALERT = colors.HexColor("#b42318")
ALERT_BG = colors.HexColor("#fdecea")
ZEBRA = colors.HexColor("#f5f7fa")

Progress = Callable[[int, str], None]


def no_progress(percent: int, step: str) -> None:
    pass


class FontsMissing(RuntimeError):
    """The Noto fonts are not installed (Debian: fonts-noto-core, `make system-deps`)."""


_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    font_dir = Path(getattr(settings, "PDF_FONT_DIR", "") or FONT_DIR_DEFAULT)
    for family, (regular, bold) in FONT_FILES.items():
        for name, filename in ((family, regular), (f"{family}-Bold", bold)):
            path = font_dir / filename
            if not path.exists():
                raise FontsMissing(f"Font {filename} not found in {font_dir}: install fonts-noto-core.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(family, normal=family, bold=f"{family}-Bold", italic=family, boldItalic=family)
    _no_discretionary_ligatures()
    _registered = True


def _no_discretionary_ligatures() -> None:
    """Latin "fi"/"fl" ligatures would come out of text extraction and search as U+FB01:
    switch off the `liga`/`dlig` features reportlab asks HarfBuzz for. Indic conjuncts and
    vowel signs come from the script's own required features (akhn, half, pres...), which
    HarfBuzz applies regardless. (Nothing else in Nyaya shapes text.)"""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None)
    if defaults and isinstance(defaults[0], dict):
        defaults[0].update(liga=False, dlig=False)


# --- text in several scripts ----------------------------------------------------------------------

_BENGALI = re.compile(r"[\u0980-\u09FF]")
_DEVANAGARI = re.compile(r"[\u0900-\u0963\u0966-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF]")
# Characters every font has or that belong to the run around them (spaces, digits, punctuation,
# the danda shared by Bengali and Devanagari, zero-width joiners).
_NEUTRAL = re.compile(r"[\s0-9.,;:!?()\[\]'\"/\-–—‘’“”…|\u0964\u0965\u200c\u200d]")


def _script_of(char: str) -> str | None:
    if _NEUTRAL.match(char):
        return None
    if _BENGALI.match(char):
        return BENGALI
    if _DEVANAGARI.match(char):
        return DEVANAGARI
    return LATIN


def script_runs(text: str) -> list[tuple[str, str]]:
    """[(font family, text)]: neutral characters join the run they sit in."""
    runs: list[list] = []
    pending = ""
    for char in text:
        script = _script_of(char)
        if script is None:
            if runs:
                runs[-1][1] += char
            else:
                pending += char
            continue
        if runs and runs[-1][0] == script:
            runs[-1][1] += char
        else:
            runs.append([script, char])
        if pending:
            runs[-1][1] = pending + runs[-1][1]
            pending = ""
    if pending:
        runs.append([LATIN, pending])
    return [(font, chunk) for font, chunk in runs]


def rich(text, *, bold: bool = False) -> str:
    """Escaped paragraph markup with each script in its font. `text` is plain text.

    `bold` names the bold face of each script outright: a <font face> inside <b> would
    otherwise fall back to the regular face of the Indic font.
    """
    if text is None:
        return ""
    out = []
    for font, chunk in script_runs(str(text)):
        chunk = escape(chunk).replace("\n", "<br/>")
        if font == LATIN:
            out.append(f"<b>{chunk}</b>" if bold else chunk)
        else:
            out.append(f'<font face="{font}-Bold">{chunk}</font>' if bold else f'<font face="{font}">{chunk}</font>')
    return "".join(out)


def value_or_gap(value, gap: str = NOT_RECORDED) -> str:
    """Markup for a value, or a clearly marked gap when nothing was recorded."""
    if value is None or (isinstance(value, str | list | tuple) and not value):
        return f'<font color="#b42318"><b>{rich(gap)}</b></font>'
    return rich(value)


# --- styles ---------------------------------------------------------------------------------------


@dataclass
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    notice: ParagraphStyle
    letter: ParagraphStyle


def styles(*, base_size: float = 9.5) -> Styles:
    register_fonts()

    def style(name, **kw):
        kw.setdefault("fontName", LATIN)
        kw.setdefault("textColor", INK)
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(name, shaping=1, **kw)

    return Styles(
        title=style("title", fontName=f"{LATIN}-Bold", fontSize=18, leading=23, spaceAfter=2),
        subtitle=style("subtitle", fontSize=10, leading=14, textColor=MUTED, spaceAfter=8),
        h2=style("h2", fontName=f"{LATIN}-Bold", fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        h3=style("h3", fontName=f"{LATIN}-Bold", fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=2),
        body=style("body", fontSize=base_size, leading=base_size * 1.45, spaceAfter=3),
        small=style("small", fontSize=base_size - 1.5, leading=(base_size - 1.5) * 1.4, textColor=MUTED),
        cell=style("cell", fontSize=base_size - 1, leading=(base_size - 1) * 1.35),
        cell_head=style("cell_head", fontName=f"{LATIN}-Bold", fontSize=base_size - 1, leading=(base_size - 1) * 1.35),
        notice=style(
            "notice",
            fontSize=base_size - 1,
            leading=(base_size - 1) * 1.4,
            textColor=ALERT,
            backColor=ALERT_BG,
            borderPadding=(4, 6, 4, 6),
            spaceBefore=4,
            spaceAfter=8,
        ),
        letter=style("letter", fontSize=12, leading=19, spaceAfter=8),
    )


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, style)


def facts_table(rows: list[tuple[str, str]], st: Styles, *, label_width: float = 45 * mm) -> Table:
    """Two columns: a label and its value (markup), for "the case" or "the applicant"."""
    data = [[para(rich(label, bold=True), st.cell_head), para(value, st.cell)] for label, value in rows]
    table = Table(data, colWidths=[label_width, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def data_table(header: list[str], rows: list[list[str]], st: Styles, *, widths=None, alert_rows=()) -> Table:
    """A table whose header row repeats on every page it spans; cells are markup."""
    data = [[para(rich(h, bold=True), st.cell_head) for h in header]]
    data += [[para(cell, st.cell) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    for i in alert_rows:
        commands.append(("BACKGROUND", (0, i + 1), (-1, i + 1), ALERT_BG))
    table.setStyle(TableStyle(commands))
    return table


def gap_paragraph(text: str, st: Styles) -> Paragraph:
    return para(value_or_gap(None, text), st.body)


def section(title: str, flowables: list, st: Styles) -> list:
    """A heading kept with the start of what follows it."""
    heading = para(rich(title, bold=True), st.h2)
    if not flowables:
        return [heading]
    first = flowables[0]
    # One level only: a KeepTogether nested in another pushed whole sections to the next page.
    content = list(first._content) if isinstance(first, KeepTogether) else [first]
    return [KeepTogether([heading, *content]), *flowables[1:]]


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


# --- header, footer, page X of Y ------------------------------------------------------------------


def _numbered_canvas(header_left: str, header_right: str, footer_left: str):
    """A canvas that knows the page count when it draws each page's header and footer."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            # Every page starts in Noto Sans: no reference to an unembedded base-14 font.
            kwargs["initialFontName"] = LATIN
            super().__init__(*args, **kwargs)
            self._saved_pages = []

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int):
            width, height = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(18 * mm, height - 14 * mm, width - 18 * mm, height - 14 * mm)
            self.line(18 * mm, 13 * mm, width - 18 * mm, 13 * mm)
            self.setFillColor(MUTED)
            self.setFont(f"{LATIN}-Bold", 8.5)
            self.drawString(18 * mm, height - 12 * mm, header_left)
            self.setFont(LATIN, 8.5)
            self.drawRightString(width - 18 * mm, height - 12 * mm, header_right)
            self.drawString(18 * mm, 9 * mm, footer_left)
            self.drawRightString(width - 18 * mm, 9 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


@dataclass
class Built:
    data: bytes
    pages: int
    text: str = ""  # the text laid out, in logical Unicode order (see story_text)


_TAG = re.compile(r"<[^>]+>")


def story_text(flowables) -> str:
    """The plain text of a story, in logical order.

    Text extracted back from the PDF is in visual order, and glyphs HarfBuzz forms for Indic
    conjuncts map to private-use code points, so extraction cannot show whether the letter
    says the right thing in Bengali or Hindi; this can (tests, previews).
    """
    from xml.sax.saxutils import unescape

    out = []
    for item in flowables or []:
        if isinstance(item, Paragraph):
            out.append(unescape(_TAG.sub("", item.text.replace("<br/>", "\n"))))
        elif isinstance(item, Table):
            for row in item._cellvalues:
                out.append(story_text([c for c in row if not isinstance(c, str)]))
        elif isinstance(item, KeepTogether):
            out.append(story_text(item._content))
    return "\n".join(t for t in out if t)


def build_pdf(story: list, *, title: str, reference: str, kind_label: str, footer: str) -> Built:
    """Lay out `story` on A4 with the header (reference, document) and footer (page X of Y).

    Header and footer carry the case reference and what the document is, never her name:
    a page left on a desk or photocopied alone tells nothing about who she is.
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Nyaya",
        subject=kind_label,
        creator="Nyaya",
    )
    text = story_text(story)  # before build(): laying out splits tables and consumes the story
    doc.build(story, canvasmaker=_numbered_canvas(reference, kind_label, footer))
    return Built(data=buffer.getvalue(), pages=doc.page, text=text)


def date_text(day) -> str | None:
    """ "30 Nov 2027" (no leading zero, never a time); a timestamp is read as its local day."""
    from core.dates import day_text

    return day_text(day, "en") if day else None
