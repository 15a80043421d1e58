"""The qualkit command line: parse, call the library, print.

Heavy modules (pandas, spaCy) are imported inside the commands that need them, so
`qualkit --help` answers at once. Errors are one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

EXIT_ERROR = 2


class _Group(TyperGroup):
    """Turns a QualkitError anywhere below into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QualkitError as e:
            for line in str(e).splitlines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(EXIT_ERROR) from None


app = typer.Typer(
    cls=_Group,
    name="qualkit",
    help="Qualitative analysis of interview transcripts: import, code, tabulate, check agreement.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
codebook_app = typer.Typer(
    help="Check codebooks and set a project's codebook.", no_args_is_help=True
)
app.add_typer(codebook_app, name="codebook")
export_app = typer.Typer(
    help="Write the report's tables to Word (.docx), Excel (.xlsx) or CSV files.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class AnalysisFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Language(StrEnum):
    sv = "sv"
    en = "en"


class InfoFormat(StrEnum):
    text = "text"
    json = "json"


ProjectPath = Annotated[
    Path, typer.Argument(help="The project file (*.qualkit).", show_default=False)
]
Coder = Annotated[
    str, typer.Option("--coder", envvar="QUALKIT_CODER", help="Who codes (or set QUALKIT_CODER).")
]


def _open(path: Path) -> Project:
    from qualkit.project import Project

    return Project.open(path)


# --- project ---------------------------------------------------------------------------------


@app.command()
def init(
    project: ProjectPath,
    codebook: Annotated[
        Path | None, typer.Option(help="Codebook (YAML) to use; see `qualkit codebook check`.")
    ] = None,
) -> None:
    """Create an empty project.

    Example: qualkit init studie.qualkit --codebook codebook/aktivitetsersattning.yaml
    """
    from qualkit.project import Project

    with Project.create(project, codebook) as created:
        codes = len(created.codebook)
    typer.echo(f"created {project}" + (f" with {codes} codes" if codes else " (no codebook yet)"))


@app.command("import")
def import_(
    project: ProjectPath,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Transcripts (.txt, .md, .docx) or folders of them.", show_default=False
        ),
    ] = None,
    cases: Annotated[
        Path | None, typer.Option(help="Case table (.csv or .xlsx): one row per transcript id.")
    ] = None,
    codings: Annotated[
        list[Path] | None,
        typer.Option(
            help="Codings table (.csv: transcript, coder, code, start/end or quote). Repeatable."
        ),
    ] = None,
) -> None:
    """Import transcripts, case attributes and codings — all of it or, on any error, nothing.

    Text is stored as NFC with \\n line ends; UTF-16 and Windows-1252 files are converted and
    reported. YAML front matter (id, arm, role, kommun, …) becomes case attributes; the case
    table's columns add to and override them. A file imported before is skipped.

    Example: qualkit import studie.qualkit intervjuer/ --cases intervjuer/cases.csv
    """
    if not files and cases is None and not codings:
        raise QualkitError("nothing to import: give transcript files, --cases or --codings")
    with _open(project) as opened:
        report = opened.import_files(list(files or []), cases=cases, codings=list(codings or []))
    for line in report.notes:
        typer.echo(f"note: {line}", err=True)
    for line in report.warnings:
        typer.echo(f"warning: {line}", err=True)
    for line in report.skipped:
        typer.echo(f"skipped: {line}", err=True)
    parts = [f"imported {len(report.imported)} transcript(s)"]
    if report.updated:
        parts.append(f"updated attributes of {len(report.updated)}")
    if codings:
        parts.append(
            f"{report.codings_added} coding(s) added, {report.codings_present} already present"
        )
    typer.echo("; ".join(parts))


@app.command()
def info(
    project: ProjectPath,
    format: Annotated[InfoFormat, typer.Option("--format", "-f")] = InfoFormat.text,
) -> None:
    """What is in a project: transcripts, arms and roles, codebook, coders and codings."""
    with _open(project) as opened:
        summary = opened.info()
    if format is InfoFormat.json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(_info_text(summary))


def _info_text(s: dict[str, Any]) -> str:
    def counts(mapping: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in mapping.items()) or "–"

    lines = [
        f"project      {s['project']} (schema {s['schema']})",
        f"codebook     {s['codebook'] or '–'} ({s['codes']} codes)",
        f"transcripts  {s['transcripts']} ({s['words']:,} words)".replace(",", " "),
        f"  arm        {counts(s['attributes']['arm'])}",
        f"  role       {counts(s['attributes']['role'])}",
        f"  kommun     {len(s['attributes']['kommun'])} municipalities",
        f"codings      {s['codings']} ({counts(s['coders'])})",
        f"memos        {s['memos']}",
        f"last change  {s['last_change'] or '–'}",
    ]
    return "\n".join(lines)


@app.command()
def transcripts(
    project: ProjectPath,
    coder: Annotated[str | None, typer.Option(help="Count only this coder's coding.")] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """List transcripts with their attributes, size and share coded."""
    with _open(project) as opened:
        frame = opened.transcripts(coder)
    if format is TableFormat.table:
        frame["coded"] = frame["coded"].map(lambda share: f"{share:.0%}")
    _emit(frame, format, brief=["id", "arm", "role", "kommun", "words", "turns", "coded"])


# --- codebook --------------------------------------------------------------------------------


@codebook_app.command("check")
def codebook_check(
    file: Annotated[Path, typer.Argument(help="Codebook (YAML).", show_default=False)],
) -> None:
    """Validate a codebook; every problem is printed with its line.

    Checks ids (unique, lower-case ASCII paths like arbete/motivation), parents and cycles,
    keyword patterns (words, phrases, prefix* with at least 3 letters) and colours (#RRGGBB).
    Keywords that would match nearly everything are warnings. Exit code 2 when invalid.
    """
    from qualkit.codebook import check_codebook

    result = check_codebook(file)
    for warning in result.warnings:
        typer.echo(warning, err=True)
    if result.errors:
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR)
    assert result.codebook is not None
    keywords = sum(len(c.keywords) for c in result.codebook)
    typer.echo(f"ok: {file}: {len(result.codebook)} codes, {keywords} keywords")


@codebook_app.command("use")
def codebook_use(
    project: ProjectPath,
    file: Annotated[Path, typer.Argument(help="Codebook (YAML).", show_default=False)],
) -> None:
    """Set or replace a project's codebook (refused if codings use a code it lacks)."""
    with _open(project) as opened:
        codebook = opened.use_codebook(file)
    typer.echo(f"{project}: codebook '{codebook.title}' with {len(codebook)} codes")


# --- coding ----------------------------------------------------------------------------------

Transcript = Annotated[str, typer.Argument(help="Transcript id.", show_default=False)]
Start = Annotated[
    int, typer.Argument(help="Start offset (code points, from 0).", show_default=False)
]
End = Annotated[int, typer.Argument(help="End offset (exclusive).", show_default=False)]
CodeId = Annotated[str, typer.Argument(help="Code id, e.g. arbete/motivation.", show_default=False)]


@app.command()
def code(
    project: ProjectPath,
    transcript: Transcript,
    start: Start,
    end: End,
    code: CodeId,
    coder: Coder,
    memo: Annotated[str | None, typer.Option(help="A memo on this coding.")] = None,
) -> None:
    """Code the passage text[START:END] of a transcript.

    Offsets count characters (Unicode code points) of the stored text, as `qualkit codings`
    prints them. Example: qualkit code studie.qualkit se-d-08 120 245 bemotande --coder anna
    """
    with _open(project) as opened:
        before = opened.find_coding(transcript, start, end, code, coder)
        opened.code(transcript, start, end, code, coder, memo=memo)
        passage = opened.text(transcript)[start:end]
    verb = "already coded" if before else "coded"
    typer.echo(f"{verb} {transcript} {start}–{end} {code} ({coder}): «{_short(passage)}»")


@app.command()
def uncode(
    project: ProjectPath,
    transcript: Transcript,
    start: Start,
    end: End,
    code: CodeId,
    coder: Coder,
) -> None:
    """Remove a coding (the coder's own) given as for `qualkit code`."""
    with _open(project) as opened:
        found = opened.find_coding(transcript, start, end, code, coder)
        if found is None:
            raise QualkitError(f"{coder} has no coding {transcript} {start}–{end} {code}")
        opened.uncode(found.id, coder)  # type: ignore[arg-type]
    typer.echo(f"uncoded {transcript} {start}–{end} {code} ({coder})")


@app.command()
def memo(
    project: ProjectPath,
    text: Annotated[
        str, typer.Argument(help="The memo; empty text deletes it.", show_default=False)
    ],
    coder: Coder,
    transcript: Annotated[str | None, typer.Option(help="On this transcript.")] = None,
    code: Annotated[str | None, typer.Option(help="On this code.")] = None,
) -> None:
    """Write a memo on the project, a transcript (--transcript), a code (--code), or with both
    on the framework-matrix cell of that respondent and theme.

    Example: qualkit memo studie.qualkit "Vill arbeta med djur." --transcript cm-cm-01 --code arbete
    """
    from qualkit.model import cell_target

    if transcript and code:
        kind, target = "cell", cell_target(transcript, code)
    else:
        kind, target = (
            ("transcript", transcript)
            if transcript
            else ("code", code)
            if code
            else ("project", "")
        )
    with _open(project) as opened:
        opened.set_memo(kind, target or "", text, coder)
    typer.echo(
        f"memo {'deleted' if not text.strip() else 'saved'} on {kind} {target or ''}".rstrip()
    )


@app.command()
def undo(project: ProjectPath, coder: Coder) -> None:
    """Undo the coder's last coding action (code, uncode, memo)."""
    with _open(project) as opened:
        done = opened.undo(coder)
    typer.echo(f"undone: {done}" if done else "nothing to undo")


@app.command()
def redo(project: ProjectPath, coder: Coder) -> None:
    """Redo the coder's last undone action."""
    with _open(project) as opened:
        done = opened.redo(coder)
    typer.echo(f"redone: {done}" if done else "nothing to redo")


@app.command()
def codings(
    project: ProjectPath,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.csv,
    transcript: Annotated[str | None, typer.Option(help="Only this transcript.")] = None,
    coder: Annotated[str | None, typer.Option(help="Only this coder.")] = None,
    code: Annotated[str | None, typer.Option(help="Only this code (not its children).")] = None,
) -> None:
    """Every coding, one row each: transcript, start, end, code, coder, origin, created, text,
    then every attribute of the transcript.

    The CSV imports again with `qualkit import PROJECT --codings FILE`.
    """
    with _open(project) as opened:
        frame = opened.codings(transcript, coder, code)
    _emit(frame, format, brief=["transcript", "start", "end", "code", "coder", "origin", "text"])


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
    str | None, typer.Option("--coder", help="Only this coder's codings (default: all coders).")
]
Lang = Annotated[
    Language, typer.Option("--lang", help="Language of labels: Swedish (sv) or English (en).")
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (required for xlsx) instead of stdout."
    ),
]
Format = Annotated[AnalysisFormat, typer.Option("--format", "-f")]
Names = Annotated[
    Path | None,
    typer.Option(
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
    rows: Annotated[str, typer.Option(help="'code' (themes) or an attribute.")] = "code",
    cols: Annotated[
        str, typer.Option(help="Attribute(s) for the columns, comma-separated: arm or arm,role.")
    ] = "arm",
    count: Annotated[
        str, typer.Option(help="What to count: respondents, segments (coded passages) or words.")
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
    else chi-square; * p<0.1, ** p<0.05, *** p<0.01).

    In csv and json the first column is the code id, the second its name.

    Example: qualkit crosstab studie.qualkit --cols arm,role --where role=deltagare --format csv
    """
    from qualkit.analysis.crosstab import crosstab as tabulate
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import crosstab_document, crosstab_text

    with _open(project) as opened:
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
        str, typer.Option(help="Where two codes meet: sentence, turn or transcript.")
    ] = "sentence",
    codes: Annotated[
        str | None, typer.Option(help="Codes to include, comma-separated (default: all).")
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

    Example: qualkit cooccurrence studie.qualkit --unit turn --codes bemotande,delaktighet,arbete
    """
    from qualkit.analysis.cooccurrence import cooccurrence as together
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import cooccurrence_text, records

    with _open(project) as opened:
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
        str | None, typer.Option(help="Theme codes, comma-separated (default: top-level codes).")
    ] = None,
    attributes: Annotated[
        str, typer.Option(help="Respondent attributes to show, comma-separated.")
    ] = "arm,role",
    cells: Annotated[
        str, typer.Option(help="auto (the cell's memo, else passages), passages or memos.")
    ] = "auto",
    width: Annotated[int, typer.Option(help="Shorten each passage to this many characters.")] = 160,
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

    Example: qualkit framework studie.qualkit --themes arbete,halsa --format xlsx -o schema.xlsx
    """
    from qualkit.analysis.framework import framework as matrix_of
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import framework_text, records

    clean = _pseudonymiser(names, pseudonymise, lang.value)
    with _open(project) as opened:
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
        str, typer.Option(help="Citation label: attributes in braces, {n} the number, {id}.")
    ] = "Intervju {arm}-{role} {n}",
    limit: Annotated[
        int | None, typer.Option(help="At most this many, spread over the respondents.")
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

    Example: qualkit quotes studie.qualkit bemotande --where arm=SE --names namn.txt
    """
    from qualkit.analysis.quotes import quotes as quotes_of
    from qualkit.analysis.respondents import parse_where
    from qualkit.export.text import frame_text, records

    clean = _pseudonymiser(names, pseudonymise, lang.value)
    with _open(project) as opened:
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
    brief = frame[["label", "quote"]].assign(quote=frame["quote"].map(lambda q: _short(q, 90)))
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
    typer.Option(help="Tables, comma-separated: crosstab, quotes, framework, cooccurrence."),
]
Rows = Annotated[str, typer.Option(help="Theme table rows: 'code' or an attribute.")]
Cols = Annotated[str, typer.Option(help="Theme table columns, comma-separated.")]
Count = Annotated[str, typer.Option(help="respondents, segments or words.")]
Percent = Annotated[bool, typer.Option("--percent", help="Percent of the column's respondents.")]
Themes = Annotated[
    str | None,
    typer.Option(help="Themes for quotes and the framework matrix (default: top-level codes)."),
]
Template = Annotated[str, typer.Option(help="Citation label of quotes.")]
MaxQuotes = Annotated[int | None, typer.Option(help="At most this many quotes per theme.")]


@export_app.command("docx")
def export_docx(
    project: ProjectPath,
    out: Annotated[Path, typer.Argument(help="The Word file to write.", show_default=False)],
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

    Example: qualkit export docx studie.qualkit rapport.docx --include crosstab,quotes
    --max-quotes 5
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
    with _open(project) as opened:
        tables = report_tables(opened, options)
        write_docx(opened, tables, out, options.lang)
    typer.echo(f"wrote {out}: {len(tables)} table(s)")


@export_app.command("xlsx")
def export_xlsx(
    project: ProjectPath,
    out: Annotated[Path, typer.Argument(help="The Excel file to write.", show_default=False)],
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

    Example: qualkit export xlsx studie.qualkit tabeller.xlsx --include crosstab,framework
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
    with _open(project) as opened:
        tables = report_tables(opened, options)
    write_xlsx(tables, out)
    typer.echo(f"wrote {out}: {sum(not t.continued for t in tables)} sheet(s)")


@export_app.command("csv")
def export_csv(
    project: ProjectPath,
    folder: Annotated[
        Path, typer.Argument(help="Folder for the CSV files (created).", show_default=False)
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

    Example: qualkit export csv studie.qualkit tabeller/
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
    with _open(project) as opened:
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
        text = frame.to_csv(index=False, lineterminator="\n")
    elif format is AnalysisFormat.json:
        text = json.dumps(as_json(), ensure_ascii=False, indent=1) + "\n"
    else:
        text = as_text() + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text(output, text)
        typer.echo(f"wrote {output}", err=True)


# --- demo ------------------------------------------------------------------------------------


@app.command()
def demo(
    project: Annotated[
        Path | None,
        typer.Option(
            help="Where to build it (default: a new temporary file). Reused if it exists."
        ),
    ] = None,
    no_tui: Annotated[bool, typer.Option("--no-tui", help="Build only; do not open it.")] = False,
) -> None:
    """Build a demo project — sample interviews, the shipped codebook, two coders' codings —
    and open it."""
    from qualkit.demo import build_demo, demo_path

    path = project or demo_path()
    if path.exists():
        _open(path).close()  # refuses anything but a qualkit project
        typer.echo(f"using the existing project {path} (delete it to rebuild)", err=True)
    else:
        build_demo(path).close()
        typer.echo(f"built the demo project {path}", err=True)
    if not no_tui:
        info(path, InfoFormat.text)


# --- output ----------------------------------------------------------------------------------


def _emit(frame: pd.DataFrame, format: TableFormat, brief: list[str] | None = None) -> None:
    """csv and json carry every column; the table for reading shows the `brief` ones."""
    if format is TableFormat.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif format is TableFormat.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif not len(frame):
        typer.echo("(none)")
    else:
        shown = frame[[c for c in brief or frame.columns if c in frame.columns]].copy()
        if "text" in shown:
            shown["text"] = shown["text"].map(_short)
        typer.echo(shown.astype(object).fillna("").to_string(index=False))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    """Console entry point: a clean one-line message for anything unexpected, too."""
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as e:  # a bug, not bad input: say so without a wall of traceback
        if os.environ.get("QUALKIT_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(e).__name__}: {e} (QUALKIT_DEBUG=1 shows more)", err=True
        )
        sys.exit(EXIT_ERROR)
