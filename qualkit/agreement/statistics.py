"""Agreement statistics over reliability data: units × coders, a value or nothing per cell.

Definitions (the ones the published worked examples use):

- percent: the share of agreeing pairs of values within a unit, averaged over the units that
  have values from at least two coders (Artstein & Poesio 2008, A_o). With two coders this is
  the share of units, coded by both, on which they agree.
- cohen: Cohen's kappa, two coders, units coded by both (scikit-learn's `cohen_kappa_score`).
  Chance: each coder's own distribution of values, p_e = Σ_k p_A(k)·p_B(k).
- scott: Scott's pi, two coders, units coded by both. Chance: the two coders' pooled
  distribution, p_e = Σ_k p(k)². With more coders: Fleiss' kappa, its generalisation.
- fleiss: Fleiss' kappa (statsmodels' `fleiss_kappa` on complete data). Chance as for Scott.
  Units rated by only some coders: agreement and category shares per unit, averaged over
  the units rated by two or more (after Gwet 2014); on complete data this is Fleiss' kappa.
  A unit with a single value is left out by every statistic: it cannot show agreement.
- krippendorff: Krippendorff's alpha (the `krippendorff` package): 1 − D_o/D_e from the
  coincidence matrix, nominal, ordinal, interval or ratio; units with one value are unpairable
  and do not count. Chance: the pooled pairable values, drawn without replacement.

A statistic is undefined when chance agreement is complete (every value is the same, so
1 − p_e = 0) or when no unit has two values: `value` is then None and `reason` says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import numpy as np

METRICS = ("percent", "cohen", "scott", "fleiss", "krippendorff")
LEVELS = ("nominal", "ordinal", "interval", "ratio")
NUMERIC_LEVELS = ("ordinal", "interval", "ratio")


@dataclass(frozen=True)
class Ratings:
    """Reliability data: `values[u][c]` is what coder `coders[c]` gave unit `units[u]`, or None."""

    units: Sequence[str]
    coders: Sequence[str]
    values: Sequence[Sequence[object | None]]


@dataclass(frozen=True)
class Agreement:
    """One statistic. `value` is None when it is undefined, and `reason` then says why."""

    metric: str
    level: str
    value: float | None
    n_units: int
    n_coders: int
    reason: str | None = None
    ci: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "metric": self.metric,
            "level": self.level,
            "value": self.value,
            "n_units": self.n_units,
            "n_coders": self.n_coders,
        }
        if self.reason is not None:
            found["reason"] = self.reason
        if self.ci is not None:
            found["ci95"] = list(self.ci)
        return found


class _Undefined(Exception):
    """Raised inside a computation when the statistic has no value for these data."""


@dataclass(frozen=True)
class Coded:
    """Ratings as integers: `codes[u, c]` indexes `categories`, -1 where nothing was given."""

    codes: np.ndarray
    categories: list[object]

    def counts(self) -> np.ndarray:
        """units × categories: how many coders gave each value to each unit."""
        import numpy as np

        if 0 < len(self.categories) <= 32:  # one pass per value beats scattering for few values
            return np.stack(
                [(self.codes == k).sum(axis=1) for k in range(len(self.categories))], axis=1
            ).reshape(self.codes.shape[0], len(self.categories))
        n_units = self.codes.shape[0]
        table = np.zeros((n_units, len(self.categories)), dtype=np.int64)
        rows, cols = np.nonzero(self.codes >= 0)
        np.add.at(table, (rows, self.codes[rows, cols]), 1)
        return table


def encode(ratings: Ratings, level: str = "nominal") -> Coded:
    """Integer codes; numeric levels need numbers and order the categories by value."""
    import numpy as np

    if level not in LEVELS:
        raise QualkitError(f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    values = ratings.values
    if level in NUMERIC_LEVELS:
        # "2" and "2.0" are one value on a numeric scale
        values = [[None if v is None else _number(v, level) for v in row] for row in values]
        if level == "ratio" and any(v is not None and v < 0 for row in values for v in row):
            raise QualkitError("ratio level needs values of zero or more")
    present = {v for row in values for v in row if v is not None}
    categories: list[object] = sorted(
        present, key=lambda v: (0, v, "") if isinstance(v, int | float) else (1, 0, str(v))
    )
    index = {v: i for i, v in enumerate(categories)}
    codes = np.array(
        [[-1 if v is None else index[v] for v in row] for row in values], dtype=np.int64
    ).reshape(len(values), len(ratings.coders))
    return Coded(codes, categories)


def _number(value: object, level: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise QualkitError(
            f"{level} level needs numbers, but a value is '{value}' (use --level nominal "
            "for categories)"
        ) from None
    if not math.isfinite(number):
        raise QualkitError(f"{level} level needs finite numbers, not '{value}'")
    return number


def compute(
    ratings: Ratings, metric: str, level: str = "nominal", bootstrap: int = 0, seed: int = 1
) -> Agreement:
    """The statistic `metric` for `ratings`; a bootstrap CI for alpha when `bootstrap` > 0."""
    if metric not in METRICS:
        raise QualkitError(f"metric must be one of {', '.join(METRICS)}, not '{metric}'")
    if metric != "krippendorff" and level != "nominal":
        raise QualkitError(f"{metric} compares categories: use --level nominal (or krippendorff)")
    n_coders = len(ratings.coders)
    if n_coders < 2:
        raise QualkitError("agreement needs at least two coders")
    return compute_coded(encode(ratings, level), metric, level, bootstrap, seed, ratings.units)


def compute_coded(
    coded: Coded,
    metric: str,
    level: str = "nominal",
    bootstrap: int = 0,
    seed: int = 1,
    units: Sequence[str] | None = None,
) -> Agreement:
    """As `compute`, for ratings already coded as integers (the project path uses this)."""
    n_units, n_coders = coded.codes.shape
    if metric == "cohen" and n_coders != 2:
        raise QualkitError(
            f"Cohen's kappa is for two coders, not {n_coders}: use fleiss or krippendorff"
        )
    result = Agreement(metric, level, None, n_units, n_coders)
    try:
        value = _STATISTICS[metric](coded, level)
    except _Undefined as e:
        return _replace(result, reason=str(e))
    ci = None
    if metric == "krippendorff" and bootstrap > 0:
        from qualkit.agreement.bootstrap import alpha_interval

        ci = alpha_interval(coded, level, bootstrap, seed)
    return _replace(result, value=value, ci=ci)


def _replace(result: Agreement, **changes: object) -> Agreement:
    from dataclasses import replace

    return replace(result, **changes)  # type: ignore[arg-type]


# --- the statistics --------------------------------------------------------------------------


def percent(coded: Coded, level: str = "nominal") -> float:
    counts = coded.counts()
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    if not pairable.any():
        raise _Undefined("no unit has values from two coders")
    agreeing = (counts * (counts - 1)).sum(axis=1)[pairable]
    pairs = (per_unit * (per_unit - 1))[pairable]
    return float((agreeing / pairs).mean())


def _both(coded: Coded):
    codes = coded.codes
    complete = (codes >= 0).all(axis=1)
    if not complete.any():
        raise _Undefined("no unit was coded by both coders")
    return codes[complete, 0], codes[complete, 1]


def cohen(coded: Coded, level: str = "nominal") -> float:
    import numpy as np

    a, b = _both(coded)
    labels = np.arange(len(coded.categories))
    p_a = np.bincount(a, minlength=len(labels)) / len(a)
    p_b = np.bincount(b, minlength=len(labels)) / len(b)
    _check_chance(float(p_a @ p_b))
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(a, b, labels=labels))


def scott(coded: Coded, level: str = "nominal") -> float:
    import numpy as np

    if coded.codes.shape[1] > 2:
        return fleiss(coded)
    a, b = _both(coded)
    pooled = np.bincount(np.concatenate([a, b]), minlength=len(coded.categories)) / (2 * len(a))
    p_e = _check_chance(float((pooled**2).sum()))
    p_o = float((a == b).mean())
    return (p_o - p_e) / (1 - p_e)


def fleiss(coded: Coded, level: str = "nominal") -> float:
    counts = coded.counts()
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2  # a lone rating says nothing about agreement: left out
    counts, per_unit = counts[pairable], per_unit[pairable]
    if not len(counts):
        raise _Undefined("no unit has values from two coders")
    if (per_unit == coded.codes.shape[1]).all():
        shares = counts.sum(axis=0) / counts.sum()
        _check_chance(float((shares**2).sum()))
        from statsmodels.stats.inter_rater import fleiss_kappa

        return float(fleiss_kappa(counts, method="fleiss"))
    # Units rated by some of the coders: Fleiss' formulas with each unit's own number of
    # ratings (as Gwet 2014 generalises them); on complete data this is Fleiss' kappa.
    agreeing = (counts * (counts - 1)).sum(axis=1)
    p_o = float((agreeing / (per_unit * (per_unit - 1))).mean())
    shares = (counts / per_unit[:, None]).mean(axis=0)
    p_e = _check_chance(float((shares**2).sum()))
    return (p_o - p_e) / (1 - p_e)


def krippendorff_alpha(coded: Coded, level: str = "nominal") -> float:
    import krippendorff
    import numpy as np

    counts = coded.counts()
    pairable = counts.sum(axis=1) >= 2
    if not pairable.any():
        raise _Undefined("no unit has values from two coders")
    used = counts[pairable].sum(axis=0) > 0
    if used.sum() < 2:
        only = coded.categories[int(np.argmax(used))]
        raise _Undefined(f"no variation: every pairable value is '{only}'")
    domain = _domain(coded, level)
    return float(
        krippendorff.alpha(
            value_counts=counts[pairable][:, used],
            value_domain=domain[used],
            level_of_measurement=level,
        )
    )


def _domain(coded: Coded, level: str) -> np.ndarray:
    import numpy as np

    if level == "nominal":
        return np.arange(len(coded.categories))
    if level == "ordinal":
        # Ordinal distances depend only on the order and the marginal counts: ranks suffice.
        return np.arange(len(coded.categories))
    return np.array([float(v) for v in coded.categories])  # type: ignore[arg-type]


def _check_chance(p_e: float) -> float:
    if p_e >= 1 - 1e-12:
        raise _Undefined("no variation: every value is the same, so chance agreement is complete")
    return p_e


_STATISTICS = {
    "percent": percent,
    "cohen": cohen,
    "scott": scott,
    "fleiss": fleiss,
    "krippendorff": krippendorff_alpha,
}
