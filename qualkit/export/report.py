"""The report's tables — theme table, quotes, framework matrix, co-occurrence — built once
and written as a Word document, an XLSX workbook or CSV files.

Each `ReportTable` carries the machine table (code ids, raw numbers: what CSV and XLSX get)
and the reader's table (names, formatted numbers, two header rows for arm × role: what Word
gets), with the caption and the note that says where the numbers come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.analysis.labels import attribute_label, check_language, label
from qualkit.analysis.quotes import DEFAULT_TEMPLATE
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.analysis.crosstab import Crosstab
    from qualkit.analysis.framework import FrameworkMatrix
    from qualkit.project import Project

SECTIONS = ("crosstab", "quotes", "framework", "cooccurrence")


@dataclass(frozen=True)
class ReportOptions:
    """What goes in the report; the defaults make the study's usual tables."""

    include: tuple[str, ...] = ("crosstab", "quotes", "framework")
    rows: str = "code"
    cols: tuple[str, ...] = ("arm", "role")
    count: str = "respondents"
    percent: bool = False
    coder: str | None = None
    where: Mapping[str, Sequence[str]] = field(default_factory=dict)
    lang: str = "sv"
    themes: tuple[str, ...] = ()  # quotes and framework; default: the top-level codes
    template: str = DEFAULT_TEMPLATE
    max_quotes: int | None = None
    width: int = 160
    themes_per_table: int = 4  # the framework matrix is split so its columns stay readable
    cells: str = "auto"
    attributes: tuple[str, ...] = ("arm", "role")
    unit: str = "sentence"
    pseudonymise: Callable[[str], str] | None = None


@dataclass(frozen=True)
class ReportTable:
    name: str  # file and sheet name: crosstab, quotes-bemotande, framework …
    section: str
    caption: str
    data: pd.DataFrame
    display: pd.DataFrame
    note: str
    levels: list[int] | None = None
    bold_rows: list[bool] | None = None
    emphasis: pd.DataFrame | None = None
    continued: bool = False  # a further part of a table split for the page: data is in part 1


def report_tables(project: Project, options: ReportOptions) -> list[ReportTable]:
    """Every table the options ask for, in the order of `options.include`."""
    check_language(options.lang)
    unknown = [s for s in options.include if s not in SECTIONS]
    if unknown or not options.include:
        raise QualkitError(
            f"--include takes {', '.join(SECTIONS)} (comma-separated), not "
            f"'{','.join(unknown) or '(nothing)'}'"
        )
    builders = {
        "crosstab": _crosstab_tables,
        "quotes": _quote_tables,
        "framework": _framework_tables,
        "cooccurrence": _cooccurrence_tables,
    }
    # Every table of a report has the same selection, so the same source line.
    people = _people_count(project, options)
    source = _source(project, people, options.coder, options.where, options.lang)
    tables = [
        table
        for section in options.include
        for table in builders[section](project, options, source)
    ]
    if not tables:
        raise QualkitError("no tables to write: the chosen themes have no coded passages")
    return tables


# --- writers -------------------------------------------------------------------------------------


SECTION_HEADINGS = {
    "sv": {
        "crosstab": "Teman",
        "quotes": "Citat",
        "framework": "Analysschema",
        "cooccurrence": "Samförekomst av koder",
    },
    "en": {
        "crosstab": "Themes",
        "quotes": "Quotes",
        "framework": "Framework matrix",
        "cooccurrence": "Co-occurrence of codes",
    },
}


def write_docx(project: Project, tables: list[ReportTable], path: str | Path, lang: str) -> Path:
    """A Word document: a title, a heading per section and each table with caption and note."""
    from qualkit.export.docx import add_table, new_document, save_document

    document = new_document(lang)
    title = "Rapport" if lang == "sv" else "Report"
    document.add_heading(f"{title}: {project.path.stem}", level=0)
    document.add_paragraph(_made(project, lang))
    _list_tables(document, tables, lang)
    section = None
    for table in tables:
        heading = SECTION_HEADINGS[lang][table.section] if table.section != section else None
        section = table.section
        add_table(
            document,
            table.display,
            table.caption,
            table.note,
            lang=lang,
            levels=table.levels,
            bold_rows=table.bold_rows,
            emphasis=table.emphasis,
            heading=heading,
        )
    return save_document(document, path)


def _list_tables(document, tables: list[ReportTable], lang: str) -> None:
    """The tables by number and caption, on the title page (which the first table, often
    on a landscape page of its own, would otherwise leave nearly empty)."""
    word = label("table", lang)
    document.add_heading(label("tables", lang), level=1)
    for number, table in enumerate(tables, 1):
        entry = document.add_paragraph()
        entry.add_run(f"{word} {number}. ").bold = True
        entry.add_run(table.caption)


def write_xlsx(tables: list[ReportTable], path: str | Path) -> Path:
    from qualkit.export.tables import write_xlsx as write

    return write({table.name: table.data for table in tables if not table.continued}, path)


def write_csv_folder(tables: list[ReportTable], folder: str | Path) -> list[Path]:
    """One CSV per table in `folder` (created if missing), each written atomically."""
    from qualkit.export.tables import write_csv

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise QualkitError("is a file; give a folder for the CSV files", str(folder))
    if not folder.parent.is_dir():
        raise QualkitError("the folder above it does not exist", str(folder))
    folder.mkdir(exist_ok=True)
    return [
        write_csv(table.data, folder / f"{table.name}.csv")
        for table in tables
        if not table.continued
    ]


def _made(project: Project, lang: str) -> str:
    from qualkit import __version__

    today, name = dt.date.today().isoformat(), project.path.name
    if lang == "sv":
        return f"Tabeller från projektet {name}, skapade {today} med qualkit {__version__}."
    return f"Tables from the project {name}, made {today} with qualkit {__version__}."


# --- the theme table -----------------------------------------------------------------------------


def _crosstab_tables(project: Project, options: ReportOptions, source: str) -> list[ReportTable]:
    from qualkit.analysis.crosstab import crosstab

    table = crosstab(
        project,
        rows=options.rows,
        cols=options.cols,
        count=options.count,
        coder=options.coder,
        where=options.where,
        percent=options.percent,
        lang=options.lang,
    )
    levels = list(table.frame["level"]) if table.rows == "code" else None
    hierarchy = levels is not None and any(levels)
    return [
        ReportTable(
            name="crosstab",
            section="crosstab",
            caption=crosstab_caption(table),
            data=table.frame,
            display=crosstab_display(table),
            note=crosstab_note(table, source),
            levels=[0, *levels] if levels else None,
            bold_rows=[False, *(level == 0 for level in levels)] if hierarchy else None,
        )
    ]


def crosstab_display(table: Crosstab) -> pd.DataFrame:
    """The reader's theme table: names, a first row with each column's respondents, counts
    or percentages, and the comparisons with the reference arm as p-values with stars."""
    import pandas as pd

    lang = table.lang
    first = label("theme", lang) if table.rows == "code" else attribute_label(table.rows, lang)
    names = table.frame["name"] if table.rows == "code" else table.frame[table.rows]
    columns: list[tuple[str, ...]] = [(first,)]
    values: list[list[str]] = [[f"{label('respondents', lang)} (n)", *names]]
    for group in table.groups:
        columns.append(group.key)
        shown = [_number(v, lang, table.percent) for v in table.frame[group.label]]
        values.append([_number(group.n, lang, False), *shown])
    columns.append((label("total", lang),))
    total = [_number(v, lang, table.percent) for v in table.frame["total"]]
    values.append([_number(table.respondents, lang, False), *total])
    for comparison in table.comparisons:
        group = next(g for g in table.groups if g.label == comparison.group)
        reference = next(g for g in table.groups if g.label == comparison.reference)
        arm = table.cols.index("arm")
        head = f"p {group.key[arm]} {label('vs', lang)} {reference.key[arm]}"
        columns.append((head, *(v for i, v in enumerate(group.key) if i != arm)))
        p = table.frame[f"p {comparison.name}"]
        values.append(["", *(_p_value(v, lang) for v in p)])
    depth = max(len(c) for c in columns)
    if depth == 1:
        header = pd.Index([c[0] for c in columns])
    else:
        header = pd.MultiIndex.from_tuples([(*c, *[""] * (depth - len(c))) for c in columns])
    return pd.DataFrame(dict(enumerate(values))).set_axis(header, axis=1)


def crosstab_caption(table: Crosstab) -> str:
    lang = table.lang
    by = _joined([attribute_label(c, lang).lower() for c in table.cols], lang)
    if table.rows != "code":
        what = {
            "sv": {
                "respondents": "Antal intervjuade",
                "segments": "Antal kodade avsnitt",
                "words": "Antal kodade ord",
            },
            "en": {
                "respondents": "Number of respondents",
                "segments": "Number of coded passages",
                "words": "Number of coded words",
            },
        }[lang][table.count]
        row = attribute_label(table.rows, lang).lower()
        return f"{what} per {row} och {by}" if lang == "sv" else f"{what} by {row} and {by}"
    if lang == "sv":
        what = {
            "respondents": (
                "Andel intervjuade (%) som tagit upp respektive tema"
                if table.percent
                else "Antal intervjuade som tagit upp respektive tema"
            ),
            "segments": "Antal kodade avsnitt per tema",
            "words": "Antal kodade ord per tema",
        }[table.count]
        return f"{what}, per {by}"
    what = {
        "respondents": (
            "Share of respondents (%) who raised each theme"
            if table.percent
            else "Number of respondents who raised each theme"
        ),
        "segments": "Number of coded passages per theme",
        "words": "Number of coded words per theme",
    }[table.count]
    return f"{what}, by {by}"


def crosstab_note(table: Crosstab, source: str) -> str:
    from qualkit.analysis.significance import legend

    lang = table.lang
    parts = [source]
    if nothing_coded(table):
        parts.append(nothing_coded_note(lang))
    if table.rows == "code":
        parts.append(
            "En intervjuperson eller ett avsnitt räknas en gång per tema även när flera "
            "underteman är kodade."
            if lang == "sv"
            else "A respondent or passage counts once per theme even when several sub-themes "
            "are coded."
        )
    if table.comparisons:
        parts.append(legend(lang))
    elif table.count == "respondents" and table.rows == "code" and "arm" in table.cols:
        parts.append(
            "Ingen jämförelse med referensarmen FS: den saknas i urvalet."
            if lang == "sv"
            else "No comparison with the reference arm FS: it is not in the selection."
        )
    return " ".join(parts)


def nothing_coded(table: Crosstab) -> bool:
    """True when no coding (of the chosen coder, among the chosen respondents) was counted."""
    return int(table.counts.to_numpy().sum()) == 0


def nothing_coded_note(lang: str) -> str:
    if lang == "en":
        return "No codings to count: every figure is 0 and nothing is tested."
    return "Inga kodningar att räkna: alla tal är 0 och inget är testat."


# --- quotes --------------------------------------------------------------------------------------


def _quote_tables(project: Project, options: ReportOptions, source: str) -> list[ReportTable]:
    import pandas as pd

    from qualkit.analysis.quotes import quotes

    lang = options.lang
    tables = []
    for theme in _themes(project, options):
        found = quotes(
            project,
            theme,
            template=options.template,
            coder=options.coder,
            where=options.where,
            pseudonymise=options.pseudonymise,
            lang=lang,
            limit=options.max_quotes,
        )
        if found.empty:
            continue
        name = project.codebook.get(theme).name
        display = pd.DataFrame(
            {
                label("quote", lang): [_quoted(q, lang) for q in found["quote"]],
                label("source", lang): found["label"],
            }
        )
        caption = f"Citat om {name.lower()}" if lang == "sv" else f"Quotes on {name.lower()}"
        tables.append(
            ReportTable(
                name=f"quotes-{theme.replace('/', '-')}",
                section="quotes",
                caption=caption,
                data=found,
                display=display,
                note=_quote_note(project, options, source, theme, len(found)),
            )
        )
    return tables


def _quote_note(
    project: Project, options: ReportOptions, source: str, theme: str, shown: int
) -> str:
    lang = options.lang
    name = project.codebook.get(theme).name.lower()
    sub = bool(project.codebook.descendants(theme))
    capped = options.max_quotes is not None and shown >= options.max_quotes
    if lang == "sv":
        parts = [
            source,
            f"{shown} citat kodade med {name}" + (" eller dess underteman" if sub else ""),
        ]
        if capped:
            parts[-1] += f" (högst {options.max_quotes}, ett per intervju i tur och ordning)"
        parts[-1] += "."
        if options.pseudonymise is not None:
            parts.append("Namn och personnummer är ersatta med [namn] och [personnummer].")
    else:
        parts = [source, f"{shown} quotes coded {name}" + (" or its sub-themes" if sub else "")]
        if capped:
            parts[-1] += f" (at most {options.max_quotes}, one per interview in turn)"
        parts[-1] += "."
        if options.pseudonymise is not None:
            parts.append("Names and ID numbers are replaced by [name] and [ID number].")
    return " ".join(parts)


def _quoted(text: str, lang: str) -> str:
    return f"”{text}”" if lang == "sv" else f"“{text}”"


# --- framework matrix ----------------------------------------------------------------------------


def _framework_tables(project: Project, options: ReportOptions, source: str) -> list[ReportTable]:
    from qualkit.analysis.framework import framework

    matrix = framework(
        project,
        themes=list(options.themes) or None,
        attributes=options.attributes,
        coder=options.coder,
        where=options.where,
        width=options.width,
        cells=options.cells,
        lang=options.lang,
        pseudonymise=options.pseudonymise,
    )
    lang = options.lang
    caption = (
        "Analysschema: intervjupersoner och teman"
        if lang == "sv"
        else "Framework matrix: respondents and themes"
    )
    display = framework_display(matrix, lang)
    emphasis = matrix.memo.rename(columns=matrix.names)
    per_table = max(1, options.themes_per_table)
    parts = [matrix.themes[i : i + per_table] for i in range(0, len(matrix.themes), per_table)]
    fixed = list(range(len(display.columns) - len(matrix.themes)))
    where = {theme: len(fixed) + i for i, theme in enumerate(matrix.themes)}
    tables = []
    for number, themes in enumerate(parts or [()], start=1):
        shown = [matrix.names[t] for t in themes]
        part = (
            ""
            if len(parts) <= 1
            else (
                f" (del {number} av {len(parts)})"
                if lang == "sv"
                else f" (part {number} of {len(parts)})"
            )
        )
        tables.append(
            ReportTable(
                name="framework",
                section="framework",
                caption=caption + part,
                data=matrix.frame,
                display=display.iloc[:, fixed + [where[t] for t in themes]],
                note=_framework_note(options, source),
                emphasis=emphasis[shown],
                continued=number > 1,
            )
        )
    return tables


def framework_display(matrix: FrameworkMatrix, lang: str) -> pd.DataFrame:
    headers = {"transcript": label("transcript", lang)}
    headers.update({name: attribute_label(name, lang) for name in matrix.attributes})
    headers.update(matrix.names)
    return matrix.frame.rename(columns=headers)


def _framework_note(options: ReportOptions, source: str) -> str:
    lang = options.lang
    parts = [source]
    if lang == "sv":
        parts.append(
            "Varje cell visar intervjupersonens kodade avsnitt för temat och dess underteman, "
            f"förkortade till {options.width} tecken (…); kursiv text är analytikerns "
            "sammanfattning av cellen."
        )
    else:
        parts.append(
            "Each cell shows the respondent's passages coded with the theme or its "
            f"sub-themes, shortened to {options.width} characters (…); text in italics is "
            "the analyst's summary of the cell."
        )
    return " ".join(parts)


# --- co-occurrence -------------------------------------------------------------------------------


def _cooccurrence_tables(
    project: Project, options: ReportOptions, source: str
) -> list[ReportTable]:
    from qualkit.analysis.cooccurrence import cooccurrence

    themes = _themes(project, options)
    found = cooccurrence(
        project,
        unit=options.unit,
        codes=themes,
        coder=options.coder,
        where=options.where,
        rollup=True,
    )
    lang = options.lang
    codebook = project.codebook
    names = dict(zip(found["code"], found["name"], strict=True))
    abbreviate = len(themes) > 6 and all(codebook.get(t).short for t in themes)
    headers = {t: codebook.get(t).short for t in themes} if abbreviate else names
    display = found.drop(columns="code").rename(columns=headers)
    display = display.rename(columns={"name": label("theme", lang)})
    note = source
    if abbreviate:
        listed = ", ".join(f"{codebook.get(t).short} {names[t].lower()}" for t in themes)
        note += (" Förkortningar: " if lang == "sv" else " Abbreviations: ") + listed + "."
    units = {
        "sv": {"sentence": "meningar", "turn": "repliker", "transcript": "intervjuer"},
        "en": {"sentence": "sentences", "turn": "speaker turns", "transcript": "interviews"},
    }[lang][options.unit]
    caption = (
        f"Samförekomst av teman: antal {units} där båda förekommer"
        if lang == "sv"
        else f"Co-occurrence of themes: {units} where both apply"
    )
    return [
        ReportTable(
            name="cooccurrence",
            section="cooccurrence",
            caption=caption,
            data=found,
            display=display,
            note=note,
        )
    ]


# --- shared --------------------------------------------------------------------------------------


def _themes(project: Project, options: ReportOptions) -> list[str]:
    if options.themes:
        for theme in options.themes:
            project.codebook.get(theme)
        return list(options.themes)
    return [code.id for code in project.codebook if code.parent is None]


def _people_count(project: Project, options: ReportOptions) -> int:
    from qualkit.analysis.respondents import respondents

    return len(respondents(project, options.where, options.lang))


def _source(
    project: Project,
    respondents: int,
    coder: str | None,
    where: Mapping[str, Sequence[str]],
    lang: str,
) -> str:
    """'Källa: studie.qualkit, 19 intervjuer (arm = SE); kodare anna.'"""
    coders = coder or (
        f"{label('all_coders', lang)} ({', '.join(project.coders())})"
        if project.coders()
        else label("all_coders", lang)
    )
    chosen = "; ".join(
        f"{attribute_label(name, lang).lower()} = {' / '.join(values)}"
        for name, values in where.items()
    )
    interviews = "intervjuer" if lang == "sv" else "interviews"
    selection = f" ({chosen})" if chosen else ""
    who = label("coder", lang)
    source = label("source", lang)
    return f"{source}: {project.path.name}, {respondents} {interviews}{selection}; {who} {coders}."


def _joined(words: list[str], lang: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (" och " if lang == "sv" else " and ") + words[-1]


def _number(value: object, lang: str, percent: bool) -> str:
    from qualkit.analysis.numbers import missing, percent_text

    if missing(value):
        return ""
    if percent:  # already whole percents, rounded half up where the crosstab made them
        return percent_text(value, lang)
    return f"{int(value):,}".replace(",", "\u00a0" if lang == "sv" else ",")


def _p_value(p: object, lang: str) -> str:
    """'0,03*'; '<0,001***' for the smallest; '–' where there was nothing to test (the
    legend says why)."""
    from qualkit.analysis.significance import stars

    if p is None or p != p:
        return "–"
    value = float(p)
    shown = "<0.001" if value < 0.001 else f"{value:.3f}" if value < 0.01 else f"{value:.2f}"
    if lang == "sv":
        shown = shown.replace(".", ",")
    return shown + stars(value)
