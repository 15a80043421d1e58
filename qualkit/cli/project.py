"""Commands on a project as a whole: init, import, info, transcripts, demo, tui."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    pass

from qualkit.cli.base import (
    Coder,
    InfoFormat,
    ProjectPath,
    TableFormat,
    app,
    emit,
    open_project,
)

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
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="A file whose id is in the project with another text is its corrected "
            "version: replace the text and move every coding to the same words (undoable).",
        ),
    ] = False,
    skip_unplaced: Annotated[
        bool,
        typer.Option(
            "--skip-unplaced",
            help="Leave out, and list, codings that cannot be placed (instead of refusing).",
        ),
    ] = False,
    coder: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", envvar="QUALKIT_CODER", help="Who corrects (for undo; --update)."
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
      qualkit import studie.qualkit rättad/se-d-08.md --update --coder anna
    """
    if not files and cases is None and not codings:
        raise QualkitError("nothing to import: give transcript files, --cases or --codings")
    if update and coder is None:
        raise QualkitError("who corrects? --update needs --coder NAME (or QUALKIT_CODER)")
    with open_project(project) as opened:
        report = opened.import_files(
            list(files or []),
            cases=cases,
            codings=list(codings or []),
            update=update,
            coder=coder,
            skip_unplaced=skip_unplaced,
        )
    for line in report.unplaced:
        typer.echo(f"unplaced: {line}", err=True)
    for line in report.notes:
        typer.echo(f"note: {line}", err=True)
    for line in report.warnings:
        typer.echo(f"warning: {line}", err=True)
    for line in report.skipped:
        typer.echo(f"skipped: {line}", err=True)
    parts = [f"imported {len(report.imported)} transcript(s)"]
    if update:
        parts.append(
            f"corrected {len(report.corrected)} ({report.codings_moved} coding(s) carried "
            f"over, {len(report.unplaced)} left out)"
        )
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
    with open_project(project) as opened:
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
    with open_project(project) as opened:
        frame = opened.transcripts(coder)
    if format is TableFormat.table:
        frame["coded"] = frame["coded"].map(lambda share: f"{share:.0%}")
    emit(frame, format, brief=["id", "arm", "role", "kommun", "words", "turns", "coded"])


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
        open_project(path).close()  # refuses anything but a qualkit project
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
