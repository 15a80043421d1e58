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
    help="Write a project for other programs (REFI-QDA .qdpx, .qdc) or its tables for a "
    "report (Word .docx, Excel .xlsx, CSV).",
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
    Path,
    typer.Argument(metavar="PROJECT", help="The project file (*.qualkit).", show_default=False),
]
Coder = Annotated[
    str,
    typer.Option(
        "--coder", metavar="NAME", envvar="QUALKIT_CODER", help="Who codes (or set QUALKIT_CODER)."
    ),
]


def _open(path: Path) -> Project:
    from qualkit.project import Project

    return Project.open(path)


# --- project ---------------------------------------------------------------------------------


@app.command()
def init(
    project: ProjectPath,
    codebook: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Codebook (YAML) to use; see `qualkit codebook check`."),
    ] = None,
) -> None:
    """Create an empty project.

    \b
    Example:
      qualkit init studie.qualkit --codebook codebook/aktivitetsersattning.yaml
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
            metavar="FILES...",
            help="Transcripts (.txt, .md, .docx) or folders of them.",
            show_default=False,
        ),
    ] = None,
    cases: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Case table (.csv or .xlsx): one row per transcript id."),
    ] = None,
    codings: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="FILE",
            help="Codings table (.csv: transcript, coder, code, start/end or quote). Repeatable.",
        ),
    ] = None,
) -> None:
    """Import transcripts, case attributes and codings — all of it or, on any error, nothing.

    Text is stored as NFC with \\n line ends; UTF-16 and Windows-1252 files are converted and
    reported. YAML front matter (id, arm, role, kommun, …) becomes case attributes; the case
    table's columns add to and override them. A file imported before is skipped.

    \b
    Example:
      qualkit import studie.qualkit intervjuer/ --cases intervjuer/cases.csv
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
    format: Annotated[
        InfoFormat, typer.Option("--format", "-f", metavar="FORMAT")
    ] = InfoFormat.text,
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
    coder: Annotated[
        str | None, typer.Option(metavar="NAME", help="Count only this coder's coding.")
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", metavar="FORMAT")
    ] = TableFormat.table,
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
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Codebook (YAML).", show_default=False)
    ],
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
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Codebook (YAML).", show_default=False)
    ],
) -> None:
    """Set or replace a project's codebook (refused if codings use a code it lacks)."""
    with _open(project) as opened:
        codebook = opened.use_codebook(file)
    typer.echo(f"{project}: codebook '{codebook.title}' with {len(codebook)} codes")


@codebook_app.command("import")
def codebook_import(
    file: Annotated[
        Path,
        typer.Argument(help="REFI-QDA codebook (.qdc) or project (.qdpx).", show_default=False),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the YAML here (default: stdout).")
    ] = None,
) -> None:
    """Turn a codebook from NVivo, ATLAS.ti, MAXQDA or QualCoder into a qualkit codebook (YAML).

    Code ids are derived from the names (ASCII, unique, nested as paths); names, descriptions,
    colours and GUIDs are kept. Check or edit the result, then `qualkit codebook use` it.

    \b
    Example:
      qualkit codebook import kodbok.qdc -o kodbok.yaml
    """
    from qualkit.codebook import codebook_yaml
    from qualkit.interop.exchange import import_codebook
    from qualkit.interop.refi_write import write_atomically

    codebook = import_codebook(file)
    text = codebook_yaml(codebook)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(output, lambda stream: stream.write(text.encode("utf-8")))
    typer.echo(f"{len(codebook)} codes from {file}" + (f" -> {output}" if output else ""), err=True)


# --- exchange with other programs, merging copies ---------------------------------------------


class CodebookFrom(StrEnum):
    target = "target"
    source = "source"


class Offsets(StrEnum):
    auto = "auto"
    utf16 = "utf16"
    codepoints = "codepoints"
    codepoints_lf = "codepoints-lf"


CodebookRule = Annotated[
    CodebookFrom,
    typer.Option(
        "--codebook-from",
        help="When a code differs (name, description, colour …), whose definition wins.",
    ),
]


@export_app.command("qdpx")
def export_qdpx(
    project: ProjectPath,
    out: Annotated[Path, typer.Argument(help="The archive to write (.qdpx).", show_default=False)],
) -> None:
    """Write the project as a REFI-QDA archive for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    Holds the coders, the codebook (nested, with colours and descriptions), every transcript
    with its codings, the case attributes and the memos. Written atomically.

    \b
    Example:
      qualkit export qdpx studie.qualkit studie.qdpx
    """
    from qualkit.interop.exchange import export_qdpx as write

    with _open(project) as opened:
        bundle = write(opened, out)
    coders = {c.coder for c in bundle.codings}
    typer.echo(
        f"wrote {out}: {len(bundle.transcripts)} transcript(s), {len(bundle.codebook)} codes, "
        f"{len(bundle.codings)} coding(s) by {len(coders)} coder(s), {len(bundle.memos)} memo(s)"
    )


@export_app.command("qdc")
def export_qdc(
    project: ProjectPath,
    out: Annotated[Path, typer.Argument(help="The codebook to write (.qdc).", show_default=False)],
) -> None:
    """Write the project's codebook as a REFI-QDA codebook (.qdc).

    \b
    Example:
      qualkit export qdc studie.qualkit kodbok.qdc
    """
    from qualkit.interop.exchange import export_qdc as write

    with _open(project) as opened:
        codebook = write(opened, out)
    typer.echo(f"wrote {out}: {len(codebook)} codes")


@app.command("import-qdpx")
def import_qdpx(
    file: Annotated[
        Path,
        typer.Argument(help="REFI-QDA archive (.qdpx) from another program.", show_default=False),
    ],
    project: Annotated[
        Path,
        typer.Argument(help="The project: created if it does not exist.", show_default=False),
    ],
    codebook_from: CodebookRule = CodebookFrom.target,
    offsets: Annotated[
        Offsets,
        typer.Option(
            help="How the file counts positions: auto (by the program that wrote it), utf16 "
            "(NVivo), codepoints (the standard), codepoints-lf (ATLAS.ti: CRLF as one)."
        ),
    ] = Offsets.auto,
    format: Annotated[InfoFormat, typer.Option("--format", "-f")] = InfoFormat.text,
) -> None:
    """Import a project from NVivo, ATLAS.ti, MAXQDA, QualCoder or qualkit — all of it, or
    nothing.

    Users become coders, codes get ids from their names (names and GUIDs kept), text sources
    become transcripts, case variables become attributes and notes become memos. Positions are
    converted to qualkit's offsets and every coding is checked against the text the other
    program coded. PROJECT may be new (it is created, and removed again if the import fails)
    or existing: then the archive is merged in as by `qualkit merge`.

    \b
    Example:
      qualkit import-qdpx handledare.qdpx studie.qualkit
    """
    from qualkit.interop.exchange import import_qdpx as run
    from qualkit.interop.offsets import Counting

    counting = None if offsets is Offsets.auto else Counting(offsets.value)
    report, created = run(file, project, codebook_from.value, counting)  # type: ignore[arg-type]
    if format is InfoFormat.json:
        typer.echo(
            json.dumps({"created": created, **report.as_dict()}, ensure_ascii=False, indent=1)
        )
        return
    _report_notes(report)
    verb = "created" if created else "merged into"
    typer.echo(f"{verb} {project} from {file}:")
    typer.echo(_merge_text(report))


@app.command()
def merge(
    target: Annotated[Path, typer.Argument(help="The project to merge into.", show_default=False)],
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Coders' copies: qualkit projects or .qdpx archives.", show_default=False
        ),
    ],
    codebook_from: CodebookRule = CodebookFrom.target,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; change nothing.")
    ] = False,
    format: Annotated[InfoFormat, typer.Option("--format", "-f")] = InfoFormat.text,
) -> None:
    """Bring coders' copies of a project together, so `qualkit agree` can compare them.

    Transcripts are matched by their text; one edited in a copy is reported and its codings
    left out, not merged blindly. Codings keep their coder and are never added twice, so
    merging again changes nothing. Codes added in a copy are added; a code renamed or
    described differently is reported and resolved by --codebook-from. Nothing is removed.
    All copies are merged in one transaction: all of them, or on any error none.

    \b
    Example:
      qualkit merge studie.qualkit anna.qualkit erik.qualkit
    """
    from qualkit.interop.exchange import check_not_target, merge_copies, read_copy

    check_not_target(target, sources)
    copies = [read_copy(source) for source in sources]
    reports = merge_copies(target, copies, codebook_from.value, dry_run)  # type: ignore[arg-type]
    if format is InfoFormat.json:
        document = {"dry_run": dry_run, "sources": [r.as_dict() for r in reports]}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=1))
        return
    for report in reports:
        _report_notes(report)
        typer.echo(f"{'would merge' if dry_run else 'merged'} {report.source} into {target}:")
        typer.echo(_merge_text(report))


def _report_notes(report) -> None:
    for line in report.notes:
        typer.echo(f"note: {line}", err=True)
    for line in report.warnings:
        typer.echo(f"warning: {line}", err=True)


def _merge_text(r) -> str:
    by_coder = ", ".join(f"{coder} {n}" for coder, n in r.codings_added.items())
    lines = [
        f"  transcripts  {len(r.transcripts_added)} added, {len(r.transcripts_matched)} already "
        f"there, {len(r.transcripts_differing)} differing (not merged)",
        f"  attributes   {r.attributes_added} added, {len(r.attribute_conflicts)} differing",
        f"  codes        {len(r.codes_added)} added, {len(r.codes_renamed)} renamed, "
        f"{len(r.codes_changed)} changed",
        f"  codings      {sum(r.codings_added.values())} added"
        + (f" ({by_coder})" if by_coder else "")
        + f", {r.codings_present} already there, {r.codings_left_out} left out",
        f"  memos        {r.memos_added} added, {len(r.memo_conflicts)} differing",
    ]
    details = [
        *(f"transcript {t}: its text differs (not merged)" for t in r.transcripts_differing),
        *(f"code {pair} (matched by GUID or name)" for pair in r.codes_matched),
        *r.codes_renamed,
        *r.codes_changed,
        *r.attribute_conflicts,
        *r.memo_conflicts,
    ]
    lines += [f"    - {line}" for line in details]
    return "\n".join(lines)


# --- coding ----------------------------------------------------------------------------------

Transcript = Annotated[
    str, typer.Argument(metavar="TRANSCRIPT", help="Transcript id.", show_default=False)
]
Start = Annotated[
    int,
    typer.Argument(metavar="START", help="Start offset (code points, from 0).", show_default=False),
]
End = Annotated[
    int, typer.Argument(metavar="END", help="End offset (exclusive).", show_default=False)
]
CodeId = Annotated[
    str, typer.Argument(metavar="CODE", help="Code id, e.g. arbete/motivation.", show_default=False)
]


@app.command()
def code(
    project: ProjectPath,
    transcript: Transcript,
    start: Start,
    end: End,
    code: CodeId,
    coder: Coder,
    memo: Annotated[str | None, typer.Option(metavar="TEXT", help="A memo on this coding.")] = None,
) -> None:
    """Code the passage text[START:END] of a transcript.

    Offsets count characters (Unicode code points) of the stored text, as `qualkit codings`
    prints them.

    \b
    Example:
      qualkit code studie.qualkit se-d-08 120 245 bemotande --coder anna
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
        str,
        typer.Argument(metavar="TEXT", help="The memo; empty text deletes it.", show_default=False),
    ],
    coder: Coder,
    transcript: Annotated[
        str | None, typer.Option(metavar="ID", help="On this transcript.")
    ] = None,
    code: Annotated[str | None, typer.Option(metavar="CODE", help="On this code.")] = None,
) -> None:
    """Write a memo on the project, a transcript (--transcript), a code (--code), or with both
    on the framework-matrix cell of that respondent and theme (see `qualkit framework`).

    \b
    Examples:
      qualkit memo studie.qualkit "Tydligt om SIUS-stödet." --transcript se-d-08 --coder anna
      qualkit memo studie.qualkit "Vill arbeta med djur." --transcript cm-cm-01 --code arbete
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
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", metavar="FORMAT")
    ] = TableFormat.csv,
    transcript: Annotated[
        str | None, typer.Option(metavar="ID", help="Only this transcript.")
    ] = None,
    coder: Annotated[str | None, typer.Option(metavar="NAME", help="Only this coder.")] = None,
    code: Annotated[
        str | None, typer.Option(metavar="CODE", help="Only this code (not its children).")
    ] = None,
) -> None:
    """Every coding, one row each: transcript, start, end, code, coder, origin, created, text,
    then every attribute of the transcript.

    The CSV imports again with `qualkit import PROJECT --codings FILE`.

    \b
    Example:
      qualkit codings studie.qualkit --coder anna --format csv > anna.csv
    """
    with _open(project) as opened:
        frame = opened.codings(transcript, coder, code)
    _emit(frame, format, brief=["transcript", "start", "end", "code", "coder", "origin", "text"])


# --- agreement -------------------------------------------------------------------------------


class AgreeFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class DisagreementFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    docx = "docx"


Coders = Annotated[
    str | None,
    typer.Option(metavar="A,B", help="The coders to compare, comma-separated: anna,erik."),
]
WithProjects = Annotated[
    list[Path] | None,
    typer.Option(
        "--with",
        metavar="PROJECT",
        help="Another coder's copy of the project (repeatable); transcripts are matched by "
        "the SHA-256 of their text.",
    ),
]
Unit = Annotated[
    str,
    typer.Option(
        metavar="UNIT", help="document, sentence, turn or span (see `qualkit agree --help`)."
    ),
]
Codes = Annotated[
    list[str] | None,
    typer.Option(
        "--code", metavar="CODE", help="Only this code (repeatable); default: every code in use."
    ),
]
Threshold = Annotated[
    float | None,
    typer.Option(
        metavar="SHARE",
        help="span: the share of joint extent two passages must share (default 0.5).",
    ),
]
Transcripts = Annotated[
    list[str] | None,
    typer.Option(
        "--transcript",
        metavar="ID",
        help="Only these transcripts, each counted as coded by every coder.",
    ),
]


@app.command(
    epilog="Exit codes: 0 every reported value is at least --min; 1 one is below (or "
    "undefined); 2 an error (unknown coder, a coder without codings, one coder only, bad "
    "input)."
)
def agree(
    project: Annotated[
        Path | None,
        typer.Argument(
            metavar="PROJECT",
            help="The project file (omit with --table or --spans).",
            show_default=False,
        ),
    ] = None,
    coders: Coders = None,
    with_: WithProjects = None,
    unit: Unit = "sentence",
    code: Codes = None,
    metric: Annotated[
        str,
        typer.Option(
            metavar="METRIC",
            help="percent, cohen, scott, fleiss, krippendorff; with --spans: u-alpha, "
            "cu-alpha, u-alpha-2004.",
        ),
    ] = "krippendorff",
    level: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="krippendorff: nominal, ordinal, interval, ratio; u-alpha: nominal or "
            "binary (|uα, units vs gaps). Default nominal.",
        ),
    ] = None,
    min: Annotated[
        float | None,
        typer.Option("--min", metavar="VALUE", help="Exit 1 if any reported value is below this."),
    ] = None,
    format: Annotated[
        AgreeFormat, typer.Option("--format", "-f", metavar="FORMAT")
    ] = AgreeFormat.table,
    table: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="CSV: a unit column, then one column per coder; empty = not coded."
        ),
    ] = None,
    spans: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="CSV rows coder,start,end,value over a continuum of --length."
        ),
    ] = None,
    length: Annotated[
        int | None, typer.Option(metavar="N", help="--spans: positions in the continuum (0 … N-1).")
    ] = None,
    threshold: Threshold = None,
    transcript: Transcripts = None,
    bootstrap: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Draws for alpha's 95% bootstrap interval (project default 1000, --table 0).",
        ),
    ] = None,
) -> None:
    """Inter-coder agreement, per code and overall, with an exit code for scripts.

    \b
    Units (what is compared, and what chance means):
      document  a transcript: did the coder apply the code anywhere in it (yes/no)?
      sentence  each sentence: did the coder's coding of the code touch it (shares at
      turn      least one character)? Likewise each speaker turn.
      span      the coded passages: two coders' passages with the same code match when
                they share at least --threshold (default 0.5) of their joint extent, each
                at most once, best overlap first. Half the joint extent lets boundaries
                differ by a clause, yet one passage can never match two; units both coders
                left uncoded do not exist here, so only percent is reported.
    A coder's values count only in transcripts they coded (have a coding in); a code they
    did not apply there is a "no". Overall = every unit × code decision in one table.

    \b
    Statistics and their chance model:
      percent       agreeing pairs of values per unit, averaged over units with two or
                    more values (no chance correction)
      cohen         two coders; chance from each coder's own distribution of values
      scott         two coders; chance from the coders' pooled distribution (with more
                    coders: fleiss)
      fleiss        any number of coders; chance from the pooled distribution
      krippendorff  alpha, any number of coders, missing values allowed; chance from the
                    pooled pairable values; --level for ordinal, interval, ratio values;
                    95% bootstrap interval by resampling units
    Undefined values (e.g. every value the same) are reported as such, never as NaN.

    \b
    Other forms:
      --table FILE.csv --metric M [--level L]      a units × coders table
      --spans FILE.csv --length N --metric u-alpha [--level binary] [--code C]
          units coded in a continuum of N positions: rows coder,start,end,value,
          0-based, end excluded. A coder's units and the gaps between them are
          sections; m coders.

    \b
    Unitizing (--spans) and what chance means:
      u-alpha        uα (Krippendorff 2019 §12.6; Krippendorff et al. 2016), codes and
                     gaps (∅): l_ck = positions where a section of code c of one
                     coder meets a section of code k of another, summed over ordered
                     pairs of coders, / (m-1). Chance: e_cc = m·N (n_c² - r_c) /
                     ((m·N)² - r), n_c = positions coded c, r_c = pairs a position
                     cannot form inside its own section: l² per unit, l per gap
                     (r = Σ r_c). uα = 1 - (m·N - Σ l_cc) / (m·N - Σ e_cc).
                     Needs each coder's units apart; if a coder's units overlap,
                     uα is undefined and the pooled 2004 αU (below) is reported.
      --level binary |uα: uα with every code taken as one (units vs gaps); with
                     --code C only C's units count. Overlapping units: their union.
      --code C       αU_C (Krippendorff 2004 §11.6; 1995): C's units against C's
                     gaps, so codes may overlap. Two coders' intersecting sections
                     differ by Δbegin² + Δend² (both units), length² (a unit inside
                     the other's gap), else 0; D_o = 2 Σ / (m(m-1)N²). Chance:
                     D_e = 2 Σ_u [(n-1)(2l³-3l²+l)/3 + l² Σ_(gaps g≥l) (g-l+1)] /
                     (N (mN(mN-1) - Σ_u l(l-1))), over all coders' n units u of C
                     (length l) and gaps g. αU_C = 1 - D_o/D_e; pooled over codes:
                     1 - Σ_C D_o / Σ_C D_e.
      cu-alpha       cuα: codes of intersecting units only, gaps ignored; chance
                     removes each unit's squared overlap with others' units. With
                     --code C: (k)uα, C against the other codes.
      u-alpha-2004   always the 2004 αU, per --code or pooled.
    The 2004 and 2019 forms differ even for two coders (squared boundary shifts vs
    mismatched positions); JSON's "definition" says which one gave the value.

    \b
    Examples:
      qualkit agree studie.qualkit --coders anna,erik --unit sentence --min 0.667
      qualkit agree anna.qualkit --with erik.qualkit --coders anna,erik --unit document
      qualkit agree --table enheter.csv --metric krippendorff --level ordinal --format json
      qualkit agree --spans spans.csv --length 300 --metric u-alpha --level binary
      qualkit agree --spans spans.csv --length 300 --metric u-alpha --code arbete -f json
    """
    from qualkit.agreement import check, report

    forms = [bool(project), table is not None, spans is not None]
    if sum(forms) != 1:
        raise QualkitError(
            "give one of: a PROJECT, --table FILE or --spans FILE"
            + (" (not several)" if sum(forms) > 1 else "")
        )
    if project is None and (coders or with_ or code and table is not None or transcript):
        raise QualkitError("--coders, --with, --transcript belong to the PROJECT form")
    if spans is None and length is not None:
        raise QualkitError("--length belongs to --spans")
    if table is not None:
        found = check.table_agreement(table, metric, level or "nominal", bootstrap or 0)
        _agree_single(found.as_dict(), found.value, format, min)
    elif spans is not None:
        if length is None:
            raise QualkitError("--spans needs --length N, the number of positions")
        code_value = _one_code(code)
        found = check.spans_agreement(spans, length, metric, level or "nominal", code_value)
        _agree_single(found.as_dict(), found.value, format, min)
    else:
        assert project is not None
        if not coders:
            raise QualkitError("name the coders to compare: --coders anna,erik")
        names = [c.strip() for c in coders.split(",") if c.strip()]
        opened = [_open(project)] + [_open(p) for p in with_ or []]
        try:
            result = check.project_agreement(
                opened,
                names,
                unit,
                metric,
                level or "nominal",
                code,
                transcript,
                threshold,
                1000 if bootstrap is None else bootstrap,
            )
        finally:
            for p in opened:
                p.close()
        if format is AgreeFormat.json:
            typer.echo(json.dumps(report.project_json(result, min), ensure_ascii=False, indent=1))
        elif format is AgreeFormat.csv:
            import pandas as pd

            pd.DataFrame(report.project_rows(result)).to_csv(
                sys.stdout, index=False, lineterminator="\n"
            )
        else:
            typer.echo(report.project_text(result, min))
        if report.below((r.value for r in result.results()), min):
            raise typer.Exit(1)


def _one_code(code: list[str] | None) -> str | None:
    if code and len(code) > 1:
        raise QualkitError("--spans takes one --code VALUE")
    return code[0] if code else None


def _agree_single(
    found: dict[str, Any], value: float | None, format: AgreeFormat, minimum: float | None
) -> None:
    from qualkit.agreement import report

    if format is AgreeFormat.table:
        typer.echo(report.single_text(found))
    elif format is AgreeFormat.csv:
        typer.echo(",".join(found))
        typer.echo(",".join("" if v is None else str(v) for v in found.values()))
    else:
        typer.echo(json.dumps(found, ensure_ascii=False))
    if report.below([value], minimum):
        raise typer.Exit(1)


@app.command()
def disagreements(
    project: ProjectPath,
    coders: Coders = None,
    with_: WithProjects = None,
    unit: Unit = "sentence",
    code: Codes = None,
    threshold: Threshold = None,
    transcript: Transcripts = None,
    format: Annotated[
        DisagreementFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, csv, json or docx."),
    ] = DisagreementFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (required for docx)."),
    ] = None,
) -> None:
    """List the units where coders differ: transcript, position, text, each coder's codes.

    Units as for `qualkit agree` (document, sentence, turn, span). A coder who did not code
    a transcript shows "(ej kodad)". --format docx writes a Word table for the team meeting.

    \b
    Example:
      qualkit disagreements studie.qualkit --coders anna,erik -f docx -o oenighet.docx
    """
    from qualkit.agreement import check
    from qualkit.agreement.disagreements import disagreements as listing

    if not coders:
        raise QualkitError("name the coders to compare: --coders anna,erik")
    if format is DisagreementFormat.docx and output is None:
        raise QualkitError("a Word table needs --output FILE.docx")
    names = [c.strip() for c in coders.split(",") if c.strip()]
    opened = [_open(project)] + [_open(p) for p in with_ or []]
    try:
        metric = "percent"
        result = check.project_agreement(
            opened, names, unit, metric, "nominal", code, transcript, threshold, 0
        )
        texts = {t: opened[0].text(t) for t in {p.transcript for p in result.table.places}}
    finally:
        for p in opened:
            p.close()
    frame = listing(result.table, texts)
    if format is DisagreementFormat.docx:
        from qualkit.agreement.word import write_disagreements

        assert output is not None
        write_disagreements(frame, output, names, unit)
        typer.echo(f"wrote {len(frame)} disagreement(s) to {output}", err=True)
        return
    if output is not None:
        _write_frame(frame, format, output)
        typer.echo(f"wrote {len(frame)} disagreement(s) to {output}", err=True)
        return
    _emit(frame, TableFormat(format.value), brief=["transcript", "unit", "text", *names])


def _write_frame(frame: pd.DataFrame, format: DisagreementFormat, output: Path) -> None:
    if format is DisagreementFormat.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        output.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        frame.to_csv(output, index=False, lineterminator="\n")


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
    else chi-square; * p<0.1, ** p<0.05, *** p<0.01).

    In csv and json the first column is the code id, the second its name.

    \b
    Example:
      qualkit crosstab studie.qualkit --cols arm,role --where role=deltagare --format csv
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
    with _open(project) as opened:
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
    with _open(project) as opened:
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


# --- suggestions -----------------------------------------------------------------------------


class SuggestFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class UnitKind(StrEnum):
    sentence = "sentence"
    turn = "turn"


@app.command()
def suggest(
    project: Annotated[
        Path | None,
        typer.Argument(help="The project file; leave out with --codebook.", show_default=False),
    ] = None,
    codebook: Annotated[
        Path | None,
        typer.Option(help="Without a project: suggest for JSON lines read from standard input."),
    ] = None,
    format: Annotated[
        SuggestFormat | None,
        typer.Option("--format", "-f", help="jsonl with --codebook; table, csv or json else."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="Suggestions per passage.")] = 3,
    skip_invalid: Annotated[
        bool, typer.Option(help="Report bad input lines on stderr and go on with the rest.")
    ] = False,
    transcript: Annotated[str | None, typer.Option(help="Only this transcript.")] = None,
    kind: Annotated[UnitKind, typer.Option(help="Suggestions per sentence or per turn.")] = (
        UnitKind.sentence
    ),
    coder: Annotated[
        str | None,
        typer.Option(
            envvar="QUALKIT_CODER",
            help="Whose accepted/rejected status to show; "
            "with --refresh or --evaluate, whose codings the model learns from.",
        ),
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Retrain on the codings and recompute every suggestion.")
    ] = False,
    evaluate: Annotated[
        bool, typer.Option(help="Cross-validate rules and rules + model against --coder.")
    ] = False,
    folds: Annotated[int, typer.Option(min=2, help="Folds for --evaluate.")] = 5,
) -> None:
    """Suggest codes for passages: from the codebook's keywords, and from a model trained
    on the coder's own codings once a code has enough of them.

    Without a project (for scripts) it reads {"id": …, "text": …} JSON lines on standard
    input and writes one {"id": …, "suggestions": [{"code", "score", "matched", "spans"},
    …]} line per input, best first. With a project it lists the stored suggestions of the
    respondents' sentences (or turns), computing missing ones first; --evaluate
    cross-validates rules and rules + model against a coder's own codings.

    \b
    Examples:
      echo '{"id": 1, "text": "Hon lyssnade på mig."}' \\
        | qualkit suggest --codebook codebook/aktivitetsersattning.yaml
      qualkit suggest studie.qualkit --transcript se-d-08 --coder anna
      qualkit suggest studie.qualkit --evaluate --coder anna
    """
    if project is None:
        if codebook is None:
            raise QualkitError(
                "give a project, or --codebook FILE to suggest for JSON lines on stdin"
            )
        if evaluate or refresh or transcript:
            raise QualkitError("--evaluate, --refresh and --transcript need a project")
        if format not in (None, SuggestFormat.jsonl):
            raise QualkitError("with --codebook the output is --format jsonl")
        _suggest_lines(codebook, top, skip_invalid)
        return
    if codebook is not None:
        raise QualkitError("give a project or --codebook, not both")
    if format is SuggestFormat.jsonl:
        raise QualkitError(
            "--format jsonl is for --codebook; a project lists as table, csv or json"
        )
    chosen = TableFormat(format.value) if format else TableFormat.table
    with _open(project) as opened:
        if evaluate:
            result = opened.evaluate_suggestions(coder, folds)
            _emit_evaluation(result, chosen)
            return
        stale = opened.transcript_ids() if refresh else opened.suggestions_to_refresh()
        if stale:
            report = opened.refresh_suggestions(stale, coder)
            typer.echo(
                f"computed suggestions for {len(stale)} transcript(s): {report.model}", err=True
            )
        found = opened.suggestions(transcript, kind.value, coder)
        texts = {t: opened.text(t) for t in {s.transcript for s in found}}
    _emit(
        _suggestion_frame(found, texts, top),
        chosen,
        brief=[
            "id",
            "transcript",
            "start",
            "end",
            "code",
            "score",
            "source",
            "status",
            "matched",
            "text",
        ],
    )


def _suggest_lines(codebook_file: Path, top: int, skip_invalid: bool) -> None:
    from qualkit.codebook import load_codebook
    from qualkit.suggest.engine import Suggester
    from qualkit.suggest.jsonl import answer, read_requests

    codebook = load_codebook(codebook_file)
    requests = []
    for request in read_requests(sys.stdin):
        if isinstance(request, QualkitError):
            if not skip_invalid:
                raise request  # before any output: a bad line changes nothing
            typer.echo(f"skipped: {request}", err=True)
        else:
            requests.append(request)
    suggester = Suggester(codebook)
    for request in requests:
        typer.echo(answer(suggester, request, top))


def _suggestion_frame(found, texts: dict[str, str], top: int) -> pd.DataFrame:
    import pandas as pd

    rows, shown = [], {}
    for s in found:
        passage = (s.transcript, s.kind, s.start, s.end)
        shown[passage] = shown.get(passage, 0) + 1
        if shown[passage] > top:
            continue
        rows.append(
            {
                "id": s.id,
                "transcript": s.transcript,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "code": s.code,
                "score": round(s.score, 3),
                "source": s.source,
                "status": s.status,
                "matched": ", ".join(s.matched),
                "spans": " ".join(f"{a}-{b}" for a, b in s.spans),
                "text": texts[s.transcript][s.start : s.end],
            }
        )
    columns = [
        "id",
        "transcript",
        "kind",
        "start",
        "end",
        "code",
        "score",
        "source",
        "status",
        "matched",
        "spans",
        "text",
    ]
    return pd.DataFrame.from_records(rows, columns=columns)


def _emit_evaluation(result, format: TableFormat) -> None:
    if format is TableFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    if format is TableFormat.csv:
        raise QualkitError("--evaluate prints a table or json")
    data = result.to_dict()
    typer.echo(
        f"{data['coder']}: {data['codings']} codings in {data['transcripts']} transcripts, "
        f"{data['sentences']} sentences, {data['folds']}-fold cross-validation by transcript"
    )
    header = (
        f"{'code':34} {'coded':>5}   {'rules P@1  R@3   F1':>19}   {'+model P@1  R@3   F1':>20}"
    )
    typer.echo(header)
    rows = [("overall", {"model_folds": None, **data["overall"]})]
    rows += [(c["code"], c) for c in data["codes"]]
    for name, row in rows:
        cells = []
        for system in ("rules", "rules+model"):
            s = row[system]
            cells.append(" ".join(_rate(s[k]) for k in ("precision_at_1", "recall_at_3", "f1")))
        coded = row["rules"]["coded"]
        typer.echo(f"{name:34} {coded:>5}   {cells[0]:>19}   {cells[1]:>20}")
    typer.echo("P@1: best suggestion right; R@3: coded code among the best three; F1 of both.")


def _rate(value: float | None) -> str:
    return "    –" if value is None else f"{value:5.2f}"


# --- demo ------------------------------------------------------------------------------------


@app.command()
def demo(
    project: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Where to build it (default: a new temporary file). Reused if it exists.",
        ),
    ] = None,
    coder: Annotated[
        str,
        typer.Option(
            envvar="QUALKIT_CODER", help="Open it as this coder (anna and erik have codings)."
        ),
    ] = "anna",
    no_tui: Annotated[
        bool, typer.Option("--no-tui", help="Build only; print a summary instead of opening it.")
    ] = False,
) -> None:
    """Build a demo project — sample interviews, the shipped codebook, two coders' codings —
    and open it in the terminal UI.

    Example: qualkit demo --project demo.qualkit
    """
    from qualkit.demo import build_demo, demo_path

    path = project or demo_path()
    if path.exists():
        _open(path).close()  # refuses anything but a qualkit project
        typer.echo(f"using the existing project {path} (delete it to rebuild)", err=True)
    else:
        build_demo(path).close()
        typer.echo(f"built the demo project {path}", err=True)
    if no_tui:
        info(path, InfoFormat.text)
    else:
        _run_tui(path, coder)


# --- terminal UI -----------------------------------------------------------------------------


@app.command()
def tui(project: ProjectPath, coder: Coder) -> None:
    """Open the terminal UI: read transcripts, select passages and code them by keyboard or
    mouse. Every action is stored at once (there is nothing to save); press ? for every key.

    Example: qualkit tui studie.qualkit --coder anna
    """
    _run_tui(project, coder)


def _run_tui(project: Path, coder: str) -> None:
    from qualkit.tui import build_app  # Textual loads only for the UI

    ui = build_app(project, coder)  # a project that cannot be opened fails here, in one line
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        ui.project.close()
        raise QualkitError("the terminal UI needs a terminal (standard input and output)")
    ui.run()


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
