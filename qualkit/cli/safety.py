"""Keeping a project safe: a backup while others code, and a check of its integrity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualkit.cli.base import ProjectPath, app, open_project

EXIT_PROBLEMS = 1


@app.command()
def backup(
    project: ProjectPath,
    target: Annotated[Path, typer.Argument(metavar="FILE", help="The copy to write (a new file).")],
) -> None:
    """Copy a project consistently, also while a terminal UI or a script is coding in it.

    Example: qualkit backup studie.qualkit backup/studie-2025-03-12.qualkit
    """
    with open_project(project) as opened:
        opened.backup(target)
    typer.echo(f"backed up {project} to {target}")


@app.command()
def check(project: ProjectPath) -> None:
    """Check a project: the file's integrity, foreign keys, schema version, codings inside
    their transcript's text, and events that undo can replay. One line per problem; exit
    code 1 when there is any.

    Example: qualkit check studie.qualkit
    """
    with open_project(project) as opened:
        problems = opened.check()
    for line in problems:
        typer.echo(f"problem: {line}")
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {project}", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    typer.echo(f"ok: no problems found in {project}")
