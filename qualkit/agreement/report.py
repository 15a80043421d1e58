"""Agreement results as JSON documents and as text tables for reading (nothing prints here)."""

from __future__ import annotations

from collections.abc import Iterable

from qualkit.agreement.check import ProjectAgreement
from qualkit.agreement.statistics import Agreement

NAMES = {
    "percent": "percent agreement",
    "cohen": "Cohen's kappa",
    "scott": "Scott's pi",
    "fleiss": "Fleiss' kappa",
    "krippendorff": "Krippendorff's alpha",
    "u-alpha": "Krippendorff's uα",
    "cu-alpha": "Krippendorff's cuα",
    "u-alpha-2004": "Krippendorff's αU (2004)",
}


def below(values: Iterable[float | None], minimum: float | None) -> list[float | None]:
    """The values that miss the bar; an undefined value cannot show that it reaches it."""
    if minimum is None:
        return []
    return [v for v in values if v is None or v < minimum]


def project_json(report: ProjectAgreement, minimum: float | None) -> dict[str, object]:
    found: dict[str, object] = {
        "metric": report.metric,
        "level": report.level,
        "unit": report.unit,
        "coders": report.coders,
        "transcripts": report.transcripts,
        "transcripts_coded": report.coded,
    }
    if report.threshold is not None:
        found["threshold"] = report.threshold
    assert report.overall is not None
    found["overall"] = report.overall.as_dict()
    found["codes"] = [{"code": c.code, **c.result.as_dict()} for c in report.codes]
    if minimum is not None:
        found["min"] = minimum
        found["passed"] = not below((r.value for r in report.results()), minimum)
    return found


def project_rows(report: ProjectAgreement) -> list[dict[str, object]]:
    """One row per code and one for all codes, for CSV."""
    rows = []
    assert report.overall is not None
    for code, name, result in [(c.code, c.name, c.result) for c in report.codes] + [
        ("(overall)", "alla koder", report.overall)
    ]:
        low, high = result.ci or (None, None)
        rows.append(
            {
                "code": code,
                "name": name,
                "metric": result.metric,
                "value": result.value,
                "ci_low": low,
                "ci_high": high,
                "n_units": result.n_units,
                "reason": result.reason or "",
            }
        )
    return rows


def project_text(report: ProjectAgreement, minimum: float | None) -> str:
    assert report.overall is not None
    unit = report.unit + (f" (overlap ≥ {report.threshold:g})" if report.threshold else "")
    lines = [
        f"{NAMES.get(report.metric, report.metric)} between {', '.join(report.coders)}, "
        f"by {unit}; transcripts coded: "
        + ", ".join(f"{c} {n}" for c, n in report.coded.items())
        + (f" (of {report.transcripts} shared)" if report.transcripts else ""),
        "",
    ]
    # The reader's names (JSON and CSV carry the ids too); "(overall)" last.
    width = max(len(c.name) for c in report.codes + [_Overall()])
    for entry in report.codes + [_Overall(report.overall)]:
        mark = " ✗" if below([entry.result.value], minimum) else ""
        lines.append(
            f"  {entry.name:<{width}}  {value_text(entry.result)}{mark}"
            + (f"  ({entry.result.n_units} units)" if entry.result.value is not None else "")
        )
    if minimum is not None:
        missed = below((r.value for r in report.results()), minimum)
        lines += [
            "",
            f"below {minimum:g}: {len(missed)} of {len(report.results())}"
            if missed
            else f"all at or above {minimum:g}",
        ]
    return "\n".join(lines)


class _Overall:
    def __init__(self, result: Agreement | None = None):
        self.code = self.name = "(overall)"
        self.result = result


def value_text(result: Agreement) -> str:
    if result.value is None:
        return f"undefined: {result.reason}"
    text = f"{result.value:.3f}"
    if result.ci is not None:
        text += f"  95% CI {result.ci[0]:.3f}–{result.ci[1]:.3f}"
    return text


def single_text(result: dict[str, object]) -> str:
    """A --table or --spans result for reading."""
    name = NAMES.get(str(result["metric"]), str(result["metric"]))
    if result.get("definition") == "2004":
        name = NAMES["u-alpha-2004"]
    elif result["metric"] == "u-alpha" and result["level"] == "binary":
        name = "Krippendorff's |uα"
    head = f"{name} ({result['level']})"
    if result.get("code") is not None:
        head += f" for '{result['code']}'"
    if result["value"] is None:
        body = f"undefined: {result.get('reason')}"
    else:
        body = f"{result['value']:.4f}"
        if result.get("ci95"):
            low, high = result["ci95"]  # type: ignore[misc]
            body += f"  95% CI {low:.3f}–{high:.3f}"
    return f"{head}: {body}  ({result['n_units']} units, {result['n_coders']} coders)"
