"""Agreement between coders: agree and disagreements."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd


from qualkit.cli.base import (
    ProjectPath,
    TableFormat,
    app,
    emit,
    open_project,
)

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
        opened = [open_project(project)] + [open_project(p) for p in with_ or []]
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

            from qualkit.export.tables import csv_text

            typer.echo(csv_text(pd.DataFrame(report.project_rows(result))), nl=False)
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
    opened = [open_project(project)] + [open_project(p) for p in with_ or []]
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
    emit(frame, TableFormat(format.value), brief=["transcript", "unit", "text", *names])


def _write_frame(frame: pd.DataFrame, format: DisagreementFormat, output: Path) -> None:
    if format is DisagreementFormat.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        output.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        from qualkit.export.files import write_text
        from qualkit.export.tables import csv_text

        write_text(output, csv_text(frame))
