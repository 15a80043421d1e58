"""Word tables as a report needs them: a DataFrame becomes a real Word table with a numbered
caption above it ("Tabell 3. …", a SEQ field Word renumbers), header rows that repeat on
every page, a note below it, and a landscape section when it is too wide for a portrait page.

`add_table` works on any python-docx Document, so other features (agreement listings, …) put
their tables in the same style and the same numbering. Documents are A4 with 2.5 cm margins.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualkit.analysis.labels import check_language, label
from qualkit.export.files import atomic_write

if TYPE_CHECKING:
    import pandas as pd
    from docx.document import Document
    from docx.table import Table

A4 = (21.0, 29.7)  # cm
MARGIN = 2.5  # cm
TABLE_POINTS = 9
WIDE_TABLE_POINTS = 8
# About how wide one character of 9-point text is, in cm, to size columns from their content.
CHAR_CM = 0.18
CELL_PADDING_CM = 0.4  # Word's default cell margins, left and right
MIN_UPRIGHT_CHARS = 3  # a column with an upright header needs room for a line of it
MIN_TEXT_CHARS = 14  # a column of running text is never narrower than this
MAX_NATURAL_CHARS = 60  # nor asks for more than this before it wraps
HEADER_FILL = "E7E6E6"
EMU_PER_CM = 360000
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
# A number, a percentage or a p-value with stars; a lone "–" is a figure not computed (a test
# not made), which sits in a number column like the numbers around it.
_NUMBER = re.compile(r"^([<>≤≥~]?[-−+]?[\d\s\u00a0.,]*\d[\d\s\u00a0.,]*(\s?%)?\**|–)$")


def new_document(lang: str = "sv") -> Document:
    """An empty A4 document with the body text in `lang` (for the spelling checker)."""
    import docx
    from docx.shared import Cm, Pt

    check_language(lang)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _set_language(normal.element.get_or_add_rPr(), LANGUAGE_TAGS[lang])
    document.core_properties.language = LANGUAGE_TAGS[lang]
    return document


def save_document(document: Document, path: str | Path) -> Path:
    """Save atomically: the file at `path` is the whole document or is left as it was."""
    return atomic_write(path, lambda temporary: document.save(str(temporary)))


def add_table(
    document: Document,
    frame: pd.DataFrame,
    caption: str,
    note: str | None = None,
    *,
    lang: str = "sv",
    landscape: bool | None = None,
    levels: Sequence[int] | None = None,
    bold_rows: Sequence[bool] | None = None,
    emphasis: pd.DataFrame | None = None,
    heading: str | None = None,
    heading_level: int = 1,
) -> Table:
    """Append `frame` as a Word table with its numbered caption and note, after `heading`
    if given (on the same page, landscape or not).

    Columns may be a MultiIndex: each level becomes a header row, equal neighbours merge
    across and empty labels below merge down. Numbers are right-aligned and written the
    `lang` way (decimal comma in Swedish); a text with line breaks becomes paragraphs.
    `levels` indents the first column (a codebook hierarchy); `bold_rows` sets rows in bold;
    `emphasis` (booleans, columns named as in `frame`) sets cells in italics. `landscape`
    None decides from the content whether the table needs a landscape page.
    """
    check_language(lang)
    headers, cells, columns, numeric = _contents(frame, lang)
    layout = _layout(document, headers, columns, numeric, levels, landscape)
    if layout.rotate:
        headers = _lowered(headers, numeric)
    section = set_orientation(document, layout.landscape)
    if heading:
        document.add_heading(heading, level=heading_level)
    _add_caption(document, caption, lang)
    table = _build(document, headers, cells, numeric, layout)
    _size_columns(table, layout.need, numeric, _text_width_cm(section))
    _style_body(table, len(headers), levels, bold_rows, _italic_cells(frame, emphasis))
    if note:
        _add_note(document, note, lang)
    return table


def _contents(frame: pd.DataFrame, lang: str):
    """Header rows, body cells as text, the body by column, and which columns hold numbers."""
    cells = [[_text(value, lang) for value in row] for row in frame.itertuples(index=False)]
    headers = _header_rows(frame)
    columns = list(zip(*cells, strict=True)) if cells else [()] * len(headers[0])
    return headers, cells, columns, [_is_numeric(column) for column in columns]


def _lowered(headers: list[list[str]], numeric: list[bool]) -> list[list[str]]:
    """Move a number column's label to the lowest header row, where upright labels go (an
    upright label in a cell merged down is cut short by some word processors)."""
    rows = [list(row) for row in headers]
    for c, is_number in enumerate(numeric):
        labels = [row[c] for row in rows]
        last = max((r for r, text in enumerate(labels) if text), default=0)
        if is_number and last < len(rows) - 1:
            rows[last][c], rows[-1][c] = "", labels[last]
    return rows


def set_orientation(document: Document, landscape: bool):
    """Make the document's last section portrait or landscape, starting a new page section
    only when the current one already has content."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.sections[-1]
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return section
    if _has_content(document):
        section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    return section


def table_count(document: Document) -> int:
    """How many numbered table captions the document has (the next one is this plus one)."""
    from docx.oxml.ns import qn

    return sum(
        1
        for instruction in document.element.body.iter(qn("w:instrText"))
        if (instruction.text or "").split()[:2] in (["SEQ", "Tabell"], ["SEQ", "Table"])
    )


# --- caption and note ---------------------------------------------------------------------------


def _add_caption(document: Document, caption: str, lang: str) -> None:
    from docx.shared import Pt, RGBColor

    word = label("table", lang)
    number = table_count(document) + 1
    paragraph = document.add_paragraph(style=_style(document, "Caption"))
    paragraph.paragraph_format.keep_with_next = True
    start = paragraph.add_run(f"{word} ")
    start.bold = True
    _add_field(paragraph, f" SEQ {word} \\* ARABIC ", str(number), bold=True)
    paragraph.add_run(". ").bold = True
    paragraph.add_run(caption)
    for run in paragraph.runs:
        run.italic = False
        run.font.color.rgb = RGBColor(0, 0, 0)
        run.font.size = Pt(10)


def _add_field(paragraph, instruction: str, shown: str, bold: bool = False) -> None:
    """A complex field (begin, instruction, separate, result, end): Word updates it, and
    readers that ignore fields (python-docx, converters) still see the result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(tag: str, **attributes: str):
        run = paragraph.add_run()
        run.bold = bold
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        run._r.append(element)
        return element

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    code = run_with("w:instrText", **{"xml:space": "preserve"})
    code.text = instruction
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    result = paragraph.add_run(shown)
    result.bold = bold
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _add_note(document: Document, note: str, lang: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(12)
    lead = paragraph.add_run(label("note", lang) + " ")
    lead.italic = True
    lead.font.size = Pt(TABLE_POINTS)
    body = paragraph.add_run(note)
    body.font.size = Pt(TABLE_POINTS)


# --- the table ----------------------------------------------------------------------------------


def _header_rows(frame: pd.DataFrame) -> list[list[str]]:
    columns = frame.columns
    if getattr(columns, "nlevels", 1) == 1:
        return [[str(c) for c in columns]]
    return [[str(c[level]) for c in columns] for level in range(columns.nlevels)]


def _build(document, headers, cells, numeric, layout: _Layout) -> Table:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    n_columns = len(headers[0])
    table = document.add_table(rows=len(headers) + len(cells), cols=n_columns)
    table.style = _style(document, "Table Grid")
    table.autofit = False
    size = Pt(WIDE_TABLE_POINTS if layout.landscape else TABLE_POINTS)
    rows = table.rows
    for r, values in enumerate([*headers, *cells]):
        for c, (cell, value) in enumerate(zip(rows[r].cells, values, strict=True)):
            _write(cell, value, size)
            if numeric[c] and r >= len(headers):
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _style_header(table, headers, numeric)
    if layout.rotate:
        _rotate_headers(table, headers, numeric, size.pt)
    return table


def _write(cell, value: str, size) -> None:
    """One paragraph per line, a little space between them so passages stand apart."""
    from docx.shared import Pt

    lines = value.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3) if i < len(lines) - 1 else 0
        if line:
            paragraph.add_run(line).font.size = size


def _style_header(table: Table, headers: list[list[str]], numeric: list[bool]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for r in range(len(headers)):
        row = table.rows[r]
        properties = row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):  # never split; repeat on each page (order
            # as the schema has it: Word rejects a trPr out of order)
            element = OxmlElement(tag)
            element.set(qn("w:val"), "true")
            properties.append(element)
        upper = r < len(headers) - 1
        for c, cell in enumerate(row.cells):
            _shade(cell, HEADER_FILL)
            for paragraph in cell.paragraphs:
                if upper and headers[r][c] and headers[-1][c]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif numeric[c]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.bold = True
    _merge_header(table, headers)


def _merge_header(table: Table, headers: list[list[str]]) -> None:
    """In an upper header row, neighbours under the same label span their columns; a label
    with nothing below it spans down."""
    depth, width = len(headers), len(headers[0])
    for r in range(depth - 1):
        c = 0
        while c < width:
            end = c
            prefix = [headers[k][c] for k in range(r + 1)]
            while end + 1 < width and [headers[k][end + 1] for k in range(r + 1)] == prefix:
                end += 1
            if end > c and headers[r][c]:
                _replace_text(table.cell(r, c).merge(table.cell(r, end)), headers[r][c])
            c = end + 1
    for c in range(width):
        labels = [headers[r][c] for r in range(depth)]
        last = max((r for r, text in enumerate(labels) if text), default=0)
        if last < depth - 1:
            _replace_text(table.cell(last, c).merge(table.cell(depth - 1, c)), labels[last])


def _rotate_headers(
    table: Table, headers: list[list[str]], numeric: list[bool], points: int
) -> None:
    """Number columns' lowest labels read upwards; the last header row grows to hold them."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    depth, longest = len(headers), 0
    for c, is_number in enumerate(numeric):
        labels = [headers[r][c] for r in range(depth)]
        last = max((r for r, text in enumerate(labels) if text), default=0)
        if not is_number or not labels[last]:
            continue
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "btLr")
        cell = table.cell(last, c)
        cell._tc.get_or_add_tcPr().append(direction)
        for paragraph in cell.paragraphs:  # start at the bottom, next to the numbers
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        longest = max(longest, len(labels[last]))
    row = table.rows[depth - 1]
    row.height = Cm(longest * CHAR_CM * 0.85 * points / TABLE_POINTS + 0.3)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _replace_text(cell, text: str) -> None:
    """After a merge Word keeps every paragraph of the merged cells: keep the first."""
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    runs = cell.paragraphs[0].runs
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run._r.getparent().remove(run._r)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _style_body(table, header_rows, levels, bold_rows, italic) -> None:
    from docx.shared import Cm

    rows = table.rows
    for i in range(len(rows) - header_rows):
        row = rows[header_rows + i]
        level = levels[i] if levels is not None else 0
        bold = bool(bold_rows[i]) if bold_rows is not None else False
        if not (level or bold or italic.get(i)):
            continue
        for c, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                if c == 0 and level:
                    paragraph.paragraph_format.left_indent = Cm(0.4 * level)
                for run in paragraph.runs:
                    run.bold = bold or None
                    if c in italic.get(i, ()):
                        run.italic = True


def _italic_cells(frame: pd.DataFrame, emphasis: pd.DataFrame | None) -> dict[int, set[int]]:
    if emphasis is None:
        return {}
    positions = {name: i for i, name in enumerate(frame.columns)}
    found: dict[int, set[int]] = {}
    for name in emphasis.columns:
        for i, flag in enumerate(emphasis[name]):
            if flag:
                found.setdefault(i, set()).add(positions[name])
    return found


# --- column widths ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    landscape: bool
    rotate: bool  # headers of number columns turned to read upwards, to keep columns narrow
    need: list[tuple[float, float]]  # per column: (narrowest readable, natural) in characters


def _layout(document, headers, columns, numeric, levels, landscape: bool | None) -> _Layout:
    """Portrait if the table fits, else landscape; if it does not fit that either, number
    columns get upright headers so they are as narrow as their numbers."""
    indent = 2.5 * max(levels or [0])
    flat, slim = [], []
    for i, (values, is_number) in enumerate(zip(columns, numeric, strict=True)):
        head = [row[i] for row in headers]
        flat.append(_need(head, values, is_number, indent if i == 0 else 0))
        upright = [" " * MIN_UPRIGHT_CHARS]  # the header no longer sets the width
        slim.append(_need(upright, values, True, 0) if is_number else flat[-1])
    portrait, wide = _page_widths_cm(document)

    def fits(need: list[tuple[float, float]], width: float) -> bool:
        return _cm(sum(n for n, _ in need), len(need)) <= width

    if landscape is None:
        for landscape, rotate in ((False, False), (True, False), (True, True)):  # noqa: B007
            if fits(slim if rotate else flat, wide if landscape else portrait):
                break
    else:
        rotate = not fits(flat, wide if landscape else portrait)
    rotate = rotate and any(numeric)
    return _Layout(landscape, rotate, slim if rotate else flat)


def _need(header: list[str], values, numeric: bool, indent: float) -> tuple[float, float]:
    """(narrowest readable, natural) width of a column in characters."""
    texts = [*header, *values]
    # One character of slack; header words (bold, often capitals such as "CM") count a quarter
    # wider again, or a two-letter arm breaks into "C" over "M".
    words = [len(w) for t in values for w in t.split()]
    words += [len(w) * 1.25 for t in header for w in t.split()]
    longest_word = max(words, default=1) + indent + 1
    longest_line = max((len(line) for t in texts for line in t.split("\n")), default=1) + indent + 1
    if numeric:
        return float(longest_word), float(max(longest_word, min(longest_line, 12)))
    natural = min(longest_line, MAX_NATURAL_CHARS)
    narrowest = min(max(longest_word, MIN_TEXT_CHARS), natural)
    return float(narrowest), float(max(natural, narrowest))


def _page_widths_cm(document: Document) -> tuple[float, float]:
    """Text width of a portrait and of a landscape page of the last section."""
    section = document.sections[-1]
    short, long = sorted((section.page_width, section.page_height))
    margins = section.left_margin + section.right_margin
    return (short - margins) / EMU_PER_CM, (long - margins) / EMU_PER_CM


def _cm(chars: float, columns: int) -> float:
    return chars * CHAR_CM + columns * CELL_PADDING_CM


def _text_width_cm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / EMU_PER_CM


def _size_columns(
    table: Table, need: list[tuple[float, float]], numeric: list[bool], available: float
) -> None:
    """Natural widths when they fit, text columns given up to half as much again from the
    spare room; else between narrowest and natural; else the narrowest scaled down."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    padding = len(need) * CELL_PADDING_CM
    room = max(available - padding, 1.0) / CHAR_CM
    narrowest = [n for n, _ in need]
    natural = [w for _, w in need]
    if sum(natural) <= room:
        spare = room - sum(natural)
        text = [0.0 if is_number else w for w, is_number in zip(natural, numeric, strict=True)]
        grow = min(1.0, spare / max(sum(text) * 0.5, 1e-9)) * 0.5
        chars = [w + k * grow for w, k in zip(natural, text, strict=True)]
    elif sum(narrowest) <= room:
        share = (room - sum(narrowest)) / max(sum(natural) - sum(narrowest), 1e-9)
        chars = [n + (w - n) * share for n, w in need]
    else:
        chars = [n * room / sum(narrowest) for n in narrowest]
    widths = [Cm(c * CHAR_CM + CELL_PADDING_CM) for c in chars]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.iterchildren(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell in row.cells:
            span = cell._tc.grid_span
            start = _grid_index(cell)
            cell.width = sum(widths[start : start + span], Cm(0))


def _grid_index(cell) -> int:
    tc = cell._tc
    index = 0
    for sibling in tc.getparent().iterchildren(tc.tag):
        if sibling is tc:
            return index
        index += sibling.grid_span
    return index


# --- values -------------------------------------------------------------------------------------


def _text(value: Any, lang: str) -> str:
    """A cell's text: integers grouped by thousands, other numbers with the language's
    decimal mark, nothing for a missing value."""
    import pandas as pd

    if isinstance(value, str):
        return value
    if value is None or (not isinstance(value, bool) and pd.isna(value)):
        return ""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return _group(int(value), lang)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        shown = f"{number:.3g}" if abs(number) < 1 else f"{number:.1f}"
        return shown.replace(".", ",") if lang == "sv" else shown
    return str(value)


def _group(number: int, lang: str) -> str:
    grouped = f"{number:,}"
    return grouped.replace(",", "\u00a0") if lang == "sv" else grouped


def _is_numeric(column: Sequence[str]) -> bool:
    values = [v for v in column if v]
    return bool(values) and all(_NUMBER.match(v) for v in values)


def _has_content(document: Document) -> bool:
    from docx.oxml.ns import qn

    body = document.element.body
    return any(child.tag != qn("w:sectPr") for child in body.iterchildren())


def _style(document: Document, name: str):
    """The named style, or the default one when a custom template lacks it."""
    try:
        return document.styles[name]
    except KeyError:
        return None


def _set_language(rpr, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), tag)
