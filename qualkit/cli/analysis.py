"""Analysis tables (crosstab, co-occurrence, framework, quotes) and report exports."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    pass

from qualkit.cli.base import (
    CodeId,
    ProjectPath,
    app,
    export_app,
    open_project,
    shorten,
)


class Language(StrEnum):
    sv = "sv"
    en = "en"


class AnalysisFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


# --- analysis --------------------------------------------------------------------------------

Where = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        metavar="ATTR=VALUE",
        help="Only respondents with ATTR=VALUE (e.g. arm=SE). Repeat it: values of one "
        "attribute are alternatives, different attributes must all hold.",
    ),
]
OnlyCoder = Annotated[
    str | None,
    typer.Option(
        "--coder", metavar="NAME", help="Only this coder's codings (default: all coders)."
    ),
]
Lang = Annotated[
    Language,
    typer.Option(
        "--lang", metavar="LANG", help="Language of labels: Swedish (sv) or English (en)."
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (required for xlsx) instead of stdout.",
    ),
]
Format = Annotated[
    AnalysisFormat,
    typer.Option("--format", "-f", metavar="FORMAT", help="table, csv, json or xlsx."),
]
Names = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Names to replace with [namn], one per line; implies --pseudonymise.",
        show_default=False,
    ),
]
Pseudonymise = Annotated[
    bool,
    typer.Option(
        "--pseudonymise", help="Replace personal identity numbers (and the --names) in passages."
    ),
]


@app.command()
def crosstab(
    project: ProjectPath,
    rows: Annotated[
        str, typer.Option(metavar="ROWS", help="'code' (themes) or an attribute.")
    ] = "code",
    cols: Annotated[
        str,
        typer.Option(
            metavar="ATTRS", help="Attribute(s) for the columns, comma-separated: arm or arm,role."
        ),
    ] = "arm",
    count: Annotated[
        str,
        typer.Option(
            metavar="WHAT", help="What to count: respondents, segments (coded passages) or words."
        ),
    ] = "respondents",
    coder: OnlyCoder = None,
    where: Where = None,
    percent: Annotated[
        bool, typer.Option("--percent", help="Percent of the column's respondents.")
    ] = False,
    lang: Lang = Language.sv,
    format: Format = AnalysisFormat.table,
    output: Output = None,
) -> None:
    """How many respondents (or coded passages, or coded words) per theme and arm, role or any
    attribute. A theme counts its sub-themes, each respondent once; codes nobody used show 0;
    respondents without a value fall in the column "saknas". With arm among the columns and
    respondents counted, each arm is compared with FS (Fisher's exact test for small cells,
    else chi-square; * p<0.05, ** p<0.01, *** p<0.001; – where nobody or everybody raised
    the theme, so there is nothing to test).

    In csv and json the first column is the code id, the second its name.

    \b
    Example:
      qualkit crosstab studie.qualkit --cols arm,role --where role=deltagare --format csv
    """
    from qualkit.analysis.crosstab import crosstab as tabulate
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import crosstab_document, crosstab_text

    with open_project(project) as opened:
        table = tabulate(
            opened,
            rows=rows,
            cols=_listed(cols),
            count=count,
            coder=coder,
            where=parse_where(where or []),
            percent=percent,
            lang=lang.value,
        )
    _put(
        format,
        output,
        table.frame,
        "crosstab",
        lambda: crosstab_text(table),
        lambda: crosstab_document(table),
    )


@app.command()
def cooccurrence(
    project: ProjectPath,
    unit: Annotated[
        str,
        typer.Option(metavar="UNIT", help="Where two codes meet: sentence, turn or transcript."),
    ] = "sentence",
    codes: Annotated[
        str | None,
        typer.Option(metavar="CODES", help="Codes to include, comma-separated (default: all)."),
    ] = None,
    jaccard: Annotated[
        bool, typer.Option("--jaccard", help="Jaccard similarity instead of counts.")
    ] = False,
    rollup: Annotated[
        bool, typer.Option("--rollup", help="A sub-theme's coding also applies its parents.")
    ] = False,
    coder: OnlyCoder = None,
    where: Where = None,
    format: Format = AnalysisFormat.table,
    output: Output = None,
) -> None:
    """Codes × codes: in how many units (sentences, speaker turns or transcripts) both apply.
    The diagonal is the units each code applies to.

    \b
    Example:
      qualkit cooccurrence studie.qualkit --unit turn --codes bemotande,delaktighet,arbete
    """
    from qualkit.analysis.cooccurrence import cooccurrence as together
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import cooccurrence_text, records

    with open_project(project) as opened:
        frame = together(
            opened,
            unit=unit,
            codes=_listed(codes) if codes else None,
            coder=coder,
            where=parse_where(where or []),
            jaccard=jaccard,
            rollup=rollup,
        )
        short = {code.id: code.short for code in opened.codebook}
    measure = "jaccard" if jaccard else "count"
    _put(
        format,
        output,
        frame,
        "cooccurrence",
        lambda: cooccurrence_text(frame, short),
        lambda: {"unit": unit, "measure": measure, "table": records(frame)},
    )


@app.command()
def framework(
    project: ProjectPath,
    themes: Annotated[
        str | None,
        typer.Option(
            metavar="CODES", help="Theme codes, comma-separated (default: top-level codes)."
        ),
    ] = None,
    attributes: Annotated[
        str, typer.Option(metavar="ATTRS", help="Respondent attributes to show, comma-separated.")
    ] = "arm,role",
    cells: Annotated[
        str,
        typer.Option(
            metavar="CELLS", help="auto (the cell's memo, else passages), passages or memos."
        ),
    ] = "auto",
    width: Annotated[
        int, typer.Option(metavar="CHARS", help="Shorten each passage to this many characters.")
    ] = 160,
    coder: OnlyCoder = None,
    where: Where = None,
    names: Names = None,
    pseudonymise: Pseudonymise = False,
    lang: Lang = Language.sv,
    format: Format = AnalysisFormat.table,
    output: Output = None,
) -> None:
    """The framework matrix: one row per respondent with their attributes, one column per
    theme, each cell the memo written for it (`qualkit memo … --transcript T --code C`) or
    the respondent's coded passages, shortened with an ellipsis.

    \b
    Example:
      qualkit framework studie.qualkit --themes arbete,halsa --format xlsx -o schema.xlsx
    """
    from qualkit.analysis.framework import framework as matrix_of
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import framework_text, records

    clean = _pseudonymiser(names, pseudonymise, lang.value)
    with open_project(project) as opened:
        matrix = matrix_of(
            opened,
            themes=_listed(themes) if themes else None,
            attributes=_listed(attributes),
            coder=coder,
            where=parse_where(where or []),
            width=width,
            cells=cells,
            lang=lang.value,
            pseudonymise=clean,
        )
    frame = matrix.frame
    _put(
        format,
        output,
        frame,
        "framework",
        lambda: framework_text(matrix),
        lambda: {"themes": dict(matrix.names), "table": records(frame)},
    )


@app.command()
def quotes(
    project: ProjectPath,
    code: CodeId,
    template: Annotated[
        str,
        typer.Option(
            metavar="TEMPLATE", help="Citation label: attributes in braces, {n} the number, {id}."
        ),
    ] = "Intervju {arm}-{role} {n}",
    limit: Annotated[
        int | None,
        typer.Option(metavar="N", help="At most this many, spread over the respondents."),
    ] = None,
    coder: OnlyCoder = None,
    where: Where = None,
    names: Names = None,
    pseudonymise: Pseudonymise = False,
    lang: Lang = Language.sv,
    format: Format = AnalysisFormat.table,
    output: Output = None,
) -> None:
    """The passages coded with a theme (and its sub-themes), each with its citation label,
    e.g. "Intervju SE-deltagare 8". {n} is the attribute nr when the transcript has one, else
    its number among the project's transcripts with the same other label values.

    \b
    Example:
      qualkit quotes studie.qualkit bemotande --where arm=SE --names namn.txt
    """
    from qualkit.analysis.quotes import quotes as quotes_of
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import frame_text, records

    clean = _pseudonymiser(names, pseudonymise, lang.value)
    with open_project(project) as opened:
        frame = quotes_of(
            opened,
            code,
            template=template,
            coder=coder,
            where=parse_where(where or []),
            pseudonymise=clean,
            lang=lang.value,
            limit=limit,
        )
    brief = frame[["label", "quote"]].assign(quote=frame["quote"].map(lambda q: shorten(q, 90)))
    _put(
        format,
        output,
        frame,
        "quotes",
        lambda: frame_text(brief, justify="left"),
        lambda: {"code": code, "template": template, "quotes": records(frame)},
    )


# --- export ----------------------------------------------------------------------------------


def _report_options(
    include,
    rows,
    cols,
    count,
    percent,
    coder,
    where,
    themes,
    template,
    max_quotes,
    names,
    pseudonymise,
    lang,
):
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.report import ReportOptions

    return ReportOptions(
        include=tuple(_listed(include)),
        rows=rows,
        cols=tuple(_listed(cols)),
        count=count,
        percent=percent,
        coder=coder,
        where=parse_where(where or []),
        lang=lang.value,
        themes=tuple(_listed(themes)) if themes else (),
        template=template,
        max_quotes=max_quotes,
        pseudonymise=_pseudonymiser(names, pseudonymise, lang.value),
    )


Include = Annotated[
    str,
    typer.Option(
        metavar="TABLES", help="Tables, comma-separated: crosstab, quotes, framework, cooccurrence."
    ),
]
Rows = Annotated[
    str, typer.Option(metavar="ROWS", help="Theme table rows: 'code' or an attribute.")
]
Cols = Annotated[str, typer.Option(metavar="ATTRS", help="Theme table columns, comma-separated.")]
Count = Annotated[str, typer.Option(metavar="WHAT", help="respondents, segments or words.")]
Percent = Annotated[bool, typer.Option("--percent", help="Percent of the column's respondents.")]
Themes = Annotated[
    str | None,
    typer.Option(
        metavar="CODES",
        help="Themes for quotes and the framework matrix (default: top-level codes).",
    ),
]
Template = Annotated[str, typer.Option(metavar="TEMPLATE", help="Citation label of quotes.")]
MaxQuotes = Annotated[
    int | None, typer.Option(metavar="N", help="At most this many quotes per theme.")
]


@export_app.command("docx")
def export_docx(
    project: ProjectPath,
    out: Annotated[
        Path, typer.Argument(metavar="FILE", help="The Word file to write.", show_default=False)
    ],
    include: Include = "crosstab,quotes,framework",
    rows: Rows = "code",
    cols: Cols = "arm,role",
    count: Count = "respondents",
    percent: Percent = False,
    coder: OnlyCoder = None,
    where: Where = None,
    themes: Themes = None,
    template: Template = "Intervju {arm}-{role} {n}",
    max_quotes: MaxQuotes = None,
    names: Names = None,
    pseudonymise: Pseudonymise = False,
    lang: Lang = Language.sv,
) -> None:
    """A Word report: the theme table by arm and role, quotes per theme and the framework
    matrix, as real Word tables with numbered captions ("Tabell 1. …"), header rows that
    repeat on every page, notes with the source and significance legend, and landscape pages
    for wide tables. The file appears whole or not at all.

    \b
    Example:
      qualkit export docx studie.qualkit rapport.docx --include crosstab,quotes --max-quotes 5
    """
    from qualkit.export.report import report_tables, write_docx

    options = _report_options(
        include,
        rows,
        cols,
        count,
        percent,
        coder,
        where,
        themes,
        template,
        max_quotes,
        names,
        pseudonymise,
        lang,
    )
    with open_project(project) as opened:
        tables = report_tables(opened, options)
        write_docx(opened, tables, out, options.lang)
    typer.echo(f"wrote {out}: {len(tables)} table(s)")


@export_app.command("xlsx")
def export_xlsx(
    project: ProjectPath,
    out: Annotated[
        Path, typer.Argument(metavar="FILE", help="The Excel file to write.", show_default=False)
    ],
    include: Include = "crosstab,quotes,framework",
    rows: Rows = "code",
    cols: Cols = "arm,role",
    count: Count = "respondents",
    percent: Percent = False,
    coder: OnlyCoder = None,
    where: Where = None,
    themes: Themes = None,
    template: Template = "Intervju {arm}-{role} {n}",
    max_quotes: MaxQuotes = None,
    names: Names = None,
    pseudonymise: Pseudonymise = False,
    lang: Lang = Language.sv,
) -> None:
    """The report's tables as sheets of one Excel workbook, with code ids and raw numbers.

    \b
    Example:
      qualkit export xlsx studie.qualkit tabeller.xlsx --include crosstab,framework
    """
    from qualkit.export.report import report_tables, write_xlsx

    options = _report_options(
        include,
        rows,
        cols,
        count,
        percent,
        coder,
        where,
        themes,
        template,
        max_quotes,
        names,
        pseudonymise,
        lang,
    )
    with open_project(project) as opened:
        tables = report_tables(opened, options)
    write_xlsx(tables, out)
    typer.echo(f"wrote {out}: {sum(not t.continued for t in tables)} sheet(s)")


@export_app.command("csv")
def export_csv(
    project: ProjectPath,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER", help="Folder for the CSV files (created).", show_default=False
        ),
    ],
    include: Include = "crosstab,quotes,framework",
    rows: Rows = "code",
    cols: Cols = "arm,role",
    count: Count = "respondents",
    percent: Percent = False,
    coder: OnlyCoder = None,
    where: Where = None,
    themes: Themes = None,
    template: Template = "Intervju {arm}-{role} {n}",
    max_quotes: MaxQuotes = None,
    names: Names = None,
    pseudonymise: Pseudonymise = False,
    lang: Lang = Language.sv,
) -> None:
    """The report's tables as CSV files in a folder: crosstab.csv, quotes-THEME.csv,
    framework.csv (UTF-8 with BOM, so Excel shows å, ä, ö).

    \b
    Example:
      qualkit export csv studie.qualkit tabeller/
    """
    from qualkit.export.report import report_tables, write_csv_folder

    options = _report_options(
        include,
        rows,
        cols,
        count,
        percent,
        coder,
        where,
        themes,
        template,
        max_quotes,
        names,
        pseudonymise,
        lang,
    )
    with open_project(project) as opened:
        tables = report_tables(opened, options)
    written = write_csv_folder(tables, folder)
    typer.echo(f"wrote {len(written)} file(s) in {folder}")


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _pseudonymiser(names: Path | None, pseudonymise: bool, lang: str):
    if names is None and not pseudonymise:
        return None
    from qualkit.analysis.pseudonymise import pseudonymiser, read_names

    return pseudonymiser(read_names(names) if names else [], lang)


def _put(format, output, frame, name, as_text, as_json) -> None:
    """Print or write (atomically) an analysis in the chosen format."""
    from qualkit.export.files import write_text

    if format is AnalysisFormat.xlsx:
        if output is None:
            raise QualkitError("--format xlsx writes a file: give it with --output FILE.xlsx")
        from qualkit.export.tables import write_xlsx

        write_xlsx({name: frame}, output)
        typer.echo(f"wrote {output}", err=True)
        return
    if format is AnalysisFormat.csv:
        from qualkit.export.tables import csv_text

        text = csv_text(frame)
    elif format is AnalysisFormat.json:
        text = json.dumps(as_json(), ensure_ascii=False, indent=1) + "\n"
    else:
        text = as_text() + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text(output, text)
        typer.echo(f"wrote {output}", err=True)
