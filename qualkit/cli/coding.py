"""Coding from the command line: code, uncode, memo, memos, undo, redo, codings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    pass

from qualkit.cli.base import (
    CodeId,
    Coder,
    ProjectPath,
    TableFormat,
    app,
    emit,
    open_project,
    shorten,
)

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


@app.command()
def code(
    project: ProjectPath,
    transcript: Transcript,
    start: Start,
    end: End,
    code: CodeId,
    coder: Coder,
    memo: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="A memo on this coding (also one already there)."),
    ] = None,
) -> None:
    """Code the passage text[START:END] of a transcript.

    Offsets count characters (Unicode code points) of the stored text, as `qualkit codings`
    prints them.

    \b
    Example:
      qualkit code studie.qualkit se-d-08 120 245 bemotande --coder anna
    """
    with open_project(project) as opened:
        coding, new = opened.code_passage(transcript, start, end, code, coder, memo=memo)
        if not new and memo is not None:  # a memo for a passage coded earlier
            opened.set_memo("coding", str(coding.id), memo, coder)
        passage = opened.text(transcript)[start:end]
    verb = "coded" if new else "already coded"
    typer.echo(f"{verb} {transcript} {start}–{end} {code} ({coder}): «{shorten(passage)}»")


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
    with open_project(project) as opened:
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
    with open_project(project) as opened:
        opened.set_memo(kind, target or "", text, coder)
    typer.echo(
        f"memo {'deleted' if not text.strip() else 'saved'} on {kind} {target or ''}".rstrip()
    )


@app.command()
def memos(
    project: ProjectPath,
    coder: Annotated[str | None, typer.Option(metavar="NAME", help="Only this coder's.")] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", metavar="FORMAT")
    ] = TableFormat.table,
) -> None:
    """Every memo, one row each: what it is on (project, transcript, code, cell of the framework
    matrix, or a coding with its start and end), the coder, when it was last changed, and the text.

    \b
    Example:
      qualkit memos studie.qualkit --coder anna --format csv > anna_memon.csv
    """
    with open_project(project) as opened:
        frame = opened.memo_table(coder)
    emit(frame, format, brief=["on", "transcript", "code", "coder", "memo"])


@app.command()
def undo(project: ProjectPath, coder: Coder) -> None:
    """Undo the coder's last coding action (code, uncode, memo)."""
    with open_project(project) as opened:
        done = opened.undo(coder)
    typer.echo(f"undone: {done}" if done else "nothing to undo")


@app.command()
def redo(project: ProjectPath, coder: Coder) -> None:
    """Redo the coder's last undone action."""
    with open_project(project) as opened:
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
    with open_project(project) as opened:
        frame = opened.codings(transcript, coder, code)
    emit(frame, format, brief=["transcript", "start", "end", "code", "coder", "origin", "text"])
