"""Keyword-assisted suggestions: the JSON-lines contract, stored suggestions, evaluation."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd


from qualkit.cli.base import (
    TableFormat,
    app,
    emit,
    open_project,
)

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
    …]} line per input, best first; in a text with speaker labels ("I: …\\nIP: …") the
    interviewer's words count only as context. With a project it lists the stored
    suggestions of the respondents' sentences (or turns), computing missing ones first; --evaluate
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
    with open_project(project) as opened:
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
    emit(
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
