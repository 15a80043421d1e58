"""Agreement checks as the command line runs them: a project's coders per code and overall, a
units × coders table from a CSV file, or coders' spans over a continuum."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.agreement.statistics import METRICS, Agreement, Coded, Ratings, compute, compute_coded
from qualkit.agreement.unitizing import Continuum, Unit, UnitizingResult
from qualkit.agreement.units import UnitTable
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    from qualkit.project import Project

UNITIZING_METRICS = ("u-alpha", "cu-alpha", "u-alpha-2004")


@dataclass
class CodeAgreement:
    code: str
    name: str
    result: Agreement


@dataclass
class ProjectAgreement:
    """Per-code statistics and the overall one (every unit × code decision stacked)."""

    unit: str
    metric: str
    level: str
    coders: list[str]
    transcripts: int
    codes: list[CodeAgreement] = field(default_factory=list)
    overall: Agreement | None = None
    threshold: float | None = None
    coded: dict[str, int] = field(default_factory=dict)  # coder -> transcripts they coded
    table: UnitTable | None = None  # the units compared

    def results(self) -> list[Agreement]:
        return [c.result for c in self.codes] + ([self.overall] if self.overall else [])


def project_agreement(
    projects: Sequence[Project],
    coders: Sequence[str],
    unit: str,
    metric: str,
    level: str = "nominal",
    codes: Sequence[str] | None = None,
    transcripts: Sequence[str] | None = None,
    threshold: float | None = None,
    bootstrap: int = 1000,
) -> ProjectAgreement:
    from qualkit.agreement import units as u

    _check_metric(metric)
    if unit not in u.UNITS:
        raise QualkitError(f"a unit is one of {', '.join(u.UNITS)}, not '{unit}'")
    if level != "nominal":
        raise QualkitError(
            "codes are present or absent: project units are compared at --level nominal"
        )
    project = projects[0]
    for code in codes or []:
        project.codebook.get(code)  # an unknown code is an error, with a suggestion
    gathered = u.gather(projects, coders, transcripts, codes)
    chosen = list(codes) if codes else _in_codebook_order(project, u.codes_in_use(gathered))
    if not chosen:
        raise QualkitError("the coders applied no code in the transcripts they share")
    report = ProjectAgreement(unit, metric, level, list(coders), len(gathered.transcripts))
    report.coded = {c: len(gathered.coded[c]) for c in coders}
    if unit == "span":
        if metric != "percent":
            raise QualkitError(
                "at span level there are no units both coders left uncoded, so chance-corrected "
                "statistics mean nothing there: use --metric percent, or --unit sentence/turn"
            )
        report.threshold = u.DEFAULT_THRESHOLD if threshold is None else threshold
        table = _span_table(gathered, chosen, report.threshold)
    else:
        table = u.unit_table(project, gathered, unit, chosen)
    _fill(report, project, table, bootstrap)
    return report


def _in_codebook_order(project: Project, codes: Sequence[str]) -> list[str]:
    """The codebook's order (themes before their sub-themes, as the crosstab lists them);
    codes it does not hold last, as they came."""
    order = {code.id: i for i, code in enumerate(project.codebook)}
    return sorted(codes, key=lambda code: order.get(code, len(order)))


def _span_table(gathered, codes: list[str], threshold: float):
    import numpy as np

    from qualkit.agreement.units import Place, UnitTable, span_units

    passages = span_units(gathered, codes, threshold)
    present = np.zeros((len(passages), len(gathered.coders), len(codes)), dtype=np.int8)
    index = {code: k for k, code in enumerate(codes)}
    for row, passage in enumerate(passages):
        for c, coder in enumerate(gathered.coders):
            coded = passage.transcript in gathered.coded[coder]
            value = 1 if coder in passage.spans else (0 if coded else -1)
            present[row, c, :] = -1  # a passage is a unit for its own code only
            present[row, c, index[passage.code]] = value
    places = [Place(p.transcript, n, p.start, p.end) for n, p in enumerate(passages)]
    return UnitTable("span", places, list(gathered.coders), codes, present, passages)


def _fill(report: ProjectAgreement, project: Project, table, bootstrap: int) -> None:
    table = table.compared()
    report.table = table
    for k, code in enumerate(table.codes):
        coded = Coded(table.present[:, :, k].astype("int64"), [0, 1])
        result = compute_coded(coded, report.metric, "nominal", bootstrap)
        name = project.codebook.get(code).name if code in project.codebook else code
        report.codes.append(CodeAgreement(code, name, result))
    stacked = table.present.transpose(0, 2, 1).reshape(-1, len(table.coders)).astype("int64")
    report.overall = compute_coded(Coded(stacked, [0, 1]), report.metric, "nominal", bootstrap)


def _check_metric(metric: str) -> None:
    if metric in UNITIZING_METRICS:
        raise QualkitError(f"{metric} compares spans over a continuum: use --spans FILE --length N")
    if metric not in METRICS:
        raise QualkitError(
            f"metric must be one of {', '.join(METRICS + UNITIZING_METRICS)}, not '{metric}'"
        )


# --- a units × coders table --------------------------------------------------------------------


def read_table(path: Path) -> Ratings:
    """First column names the unit, one column per coder, empty cell = not coded."""
    rows = _rows(path)
    if not rows:
        raise QualkitError("empty table", str(path))
    header, body = rows[0], rows[1:]
    coders = [c.strip() for c in header[1:]]
    if len(coders) < 2:
        raise QualkitError("needs a unit column and at least two coder columns", str(path), 1)
    if any(not c for c in coders) or len(set(coders)) != len(coders):
        raise QualkitError("every coder column needs its own name", str(path), 1)
    units, values = [], []
    for line, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise QualkitError(f"{len(row)} cells, the header has {len(header)}", str(path), line)
        cells = [c.strip() for c in row[1:]] + [""] * (len(header) - len(row))
        units.append(row[0].strip())
        values.append([c if c else None for c in cells])
    if not units:
        raise QualkitError("no units in the table", str(path))
    return Ratings(units, coders, values)


def table_agreement(path: Path, metric: str, level: str, bootstrap: int = 0) -> Agreement:
    if metric in UNITIZING_METRICS:
        raise QualkitError(f"{metric} reads spans: use --spans FILE --length N")
    return compute(read_table(path), metric, level, bootstrap)


# --- spans over a continuum --------------------------------------------------------------------


def read_spans(path: Path, length: int) -> Continuum:
    """Rows coder,start,end,value (a header row is optional); 0-based, `end` excluded."""
    if length <= 0:
        raise QualkitError("--length must be a positive number of positions")
    units: list[Unit] = []
    coders: list[str] = []
    for line, row in enumerate(_rows(path), start=1):
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + [""] * (4 - len(row))
        if line == 1 and not cells[1].lstrip("-").isdigit():
            continue  # a header
        coder, start, end, value = cells[:4]
        try:
            first, last = int(start), int(end)
        except ValueError:
            raise QualkitError("start and end must be whole numbers", str(path), line) from None
        if not coder:
            raise QualkitError("a span needs its coder", str(path), line)
        if not 0 <= first < last <= length:
            raise QualkitError(
                f"span {first}–{last} is outside the continuum 0–{length} (or empty)",
                str(path),
                line,
            )
        units.append(Unit(coder, first, last, value or "1"))
        if coder not in coders:
            coders.append(coder)
    return Continuum(length, coders, units)


@dataclass(frozen=True)
class SpanAgreement:
    metric: str
    level: str
    value: float | None
    n_units: int
    n_coders: int
    code: str | None
    detail: UnitizingResult

    def as_dict(self) -> dict[str, object]:
        shared = Agreement(self.metric, self.level, self.value, self.n_units, self.n_coders)
        found = shared.as_dict()  # the contract's keys, then what spans add
        if self.code is not None:
            found["code"] = self.code
        found["definition"] = self.detail.form
        if self.detail.reason:
            found["reason"] = self.detail.reason
        return found


def spans_agreement(
    path: Path, length: int, metric: str, level: str, code: str | None = None
) -> SpanAgreement:
    from qualkit.agreement import unitizing

    if metric not in UNITIZING_METRICS:
        raise QualkitError(f"--spans takes --metric {', '.join(UNITIZING_METRICS)}, not '{metric}'")
    data = read_spans(path, length)
    if code is not None and code not in data.values():
        raise QualkitError(f"no span has the value '{code}'", str(path))
    if level not in ("nominal", "binary"):
        raise QualkitError("unitizing levels are nominal (values) and binary (units vs gaps)")
    if level == "binary" and metric != "u-alpha":
        raise QualkitError("--level binary is |uα: use it with --metric u-alpha")
    if metric == "u-alpha-2004":
        detail = unitizing.u_alpha_2004(data if code is None else data.only(code), code)
    elif metric == "cu-alpha":
        detail = unitizing.cu_alpha(data, code)
    else:
        detail = unitizing.unitizing_alpha(data, binary=level == "binary", code=code)
    n_units = len(data.only(code).units) if code is not None else len(data.units)
    return SpanAgreement(metric, level, detail.value, n_units, len(data.coders), code, detail)


def _rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QualkitError("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise QualkitError("not UTF-8 text (save the table as CSV UTF-8)", str(path)) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(text.splitlines(), delimiter=delimiter))
