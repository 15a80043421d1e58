"""What every command shares: the app, its error handling, project paths, output.

Heavy modules (pandas, spaCy) are imported inside the commands that need them, so
`qualkit --help` answers at once. Errors are one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from qualkit.corpus.controls import visible
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
        except typer.BadParameter as e:  # typer's own click: MissingParameter is one of these
            missing = type(e).__name__ == "MissingParameter"
            if not missing or e.param is None or e.param.name != "coder":
                raise
            # The one option every coding command needs: say so in one line, as other errors do.
            typer.echo("error: who codes? give --coder NAME or set QUALKIT_CODER", err=True)
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


class InfoFormat(StrEnum):
    text = "text"
    json = "json"


CodeId = Annotated[
    str, typer.Argument(metavar="CODE", help="Code id, e.g. arbete/motivation.", show_default=False)
]

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


def open_project(path: Path) -> Project:
    from qualkit.project import Project

    return Project.open(path)


# --- output ----------------------------------------------------------------------------------


def emit(frame: pd.DataFrame, format: TableFormat, brief: list[str] | None = None) -> None:
    """csv and json carry every column; the table for reading shows the `brief` ones."""
    if format is TableFormat.csv:
        from qualkit.export.tables import csv_text

        typer.echo(csv_text(frame), nl=False)
    elif format is TableFormat.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif not len(frame):
        typer.echo("(none)")
    else:
        shown = frame[[c for c in brief or frame.columns if c in frame.columns]].copy()
        for column in {"text", "memo"} & set(shown.columns):
            shown[column] = shown[column].map(lambda v: shorten(v) if isinstance(v, str) else v)
        typer.echo(shown.astype(object).fillna("").map(_readable).to_string(index=False))


def _readable(value: object) -> object:
    """A cell as a terminal may print it: control characters shown as symbols."""
    return visible(value) if isinstance(value, str) else value


def shorten(text: str, width: int = 60) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
