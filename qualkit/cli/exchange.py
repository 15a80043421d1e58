"""Exchange with other programs (REFI-QDA) and merging coders' copies."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from qualkit.cli.base import (
    InfoFormat,
    ProjectPath,
    app,
    export_app,
    open_project,
)

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

    with open_project(project) as opened:
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

    with open_project(project) as opened:
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
