"""`qualkit codebook …`: check a codebook, set a project's, import another program's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from qualkit.cli.base import (
    EXIT_ERROR,
    ProjectPath,
    codebook_app,
    open_project,
)

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
    with open_project(project) as opened:
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
