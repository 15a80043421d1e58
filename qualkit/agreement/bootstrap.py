"""A bootstrap confidence interval for Krippendorff's alpha, by resampling units.

Units are drawn with replacement (as many as there are pairable units) and alpha is computed
again from the coincidence matrix of each draw; the interval is the 2.5th and 97.5th
percentile of the draws (a percentile bootstrap). Units with the same values give the same
coincidences, so a draw is a multinomial count over the distinct value patterns: this keeps
1,000 draws over 50,000 units well under a second. Draws where alpha is undefined (no
variation left) are dropped. The seed is fixed so a report can be reproduced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from qualkit.agreement.statistics import Coded


def alpha_interval(
    coded: Coded, level: str, draws: int = 1000, seed: int = 1
) -> tuple[float, float] | None:
    import numpy as np

    counts = coded.counts()
    counts = counts[counts.sum(axis=1) >= 2]
    if len(counts) == 0:
        return None
    patterns, frequency = _patterns(counts)
    weights = np.random.default_rng(seed).multinomial(
        len(counts), frequency / frequency.sum(), size=draws
    )
    alphas = alpha_from_patterns(patterns, weights, _values(coded, level), level)
    alphas = alphas[np.isfinite(alphas)]
    if len(alphas) == 0:
        return None
    low, high = np.percentile(alphas, [2.5, 97.5])
    return float(low), float(high)


def _patterns(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and how often each occurs; rows packed into one integer when they fit."""
    import numpy as np

    base = int(counts.max()) + 1
    if base ** counts.shape[1] < 2**62:
        keys = counts @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, frequency = np.unique(keys, return_index=True, return_counts=True)
        return counts[first], frequency
    return np.unique(counts, axis=0, return_counts=True)


def alpha_from_patterns(
    patterns: np.ndarray, weights: np.ndarray, values: np.ndarray, level: str
) -> np.ndarray:
    """Alpha for each row of `weights` (how often each value pattern occurs); NaN if undefined."""
    import numpy as np

    pairable = patterns.sum(axis=1)
    eye = np.eye(patterns.shape[1])
    per_pattern = (patterns[:, :, None] * patterns[:, None, :] - eye * patterns[:, None, :]) / (
        pairable - 1
    )[:, None, None]
    observed = np.einsum("dp,pij->dij", weights.astype(float), per_pattern)
    marginals = observed.sum(axis=2)
    total = marginals.sum(axis=1)
    expected = (marginals[:, :, None] * marginals[:, None, :] - eye * marginals[:, :, None]) / (
        total - 1
    )[:, None, None]
    distance = _distances(values, marginals, level)
    d_o = (observed * distance).sum(axis=(1, 2))
    d_e = (expected * distance).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d_e > 0, 1 - d_o / d_e, np.nan)


def _values(coded: Coded, level: str) -> np.ndarray:
    import numpy as np

    if level in ("interval", "ratio"):
        return np.array([float(v) for v in coded.categories])  # type: ignore[arg-type]
    return np.arange(len(coded.categories), dtype=float)


def _distances(values: np.ndarray, marginals: np.ndarray, level: str) -> np.ndarray:
    """draws × V × V squared distances; ordinal ones depend on each draw's marginals."""
    import numpy as np

    draws = marginals.shape[0]
    a, b = values[:, None], values[None, :]
    if level == "nominal":
        fixed = (a != b).astype(float)
    elif level == "interval":
        fixed = (a - b) ** 2
    elif level == "ratio":
        total = a + b
        with np.errstate(divide="ignore", invalid="ignore"):
            fixed = np.where(total != 0, ((a - b) / np.where(total == 0, 1, total)) ** 2, 0.0)
    else:
        cumulative = np.cumsum(marginals, axis=1)
        low = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
        high = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
        before_low = np.where(low > 0, cumulative[:, np.maximum(low - 1, 0)], 0.0)
        between = cumulative[:, high] - before_low
        return (between - (marginals[:, low] + marginals[:, high]) / 2) ** 2
    return np.broadcast_to(fixed, (draws, *fixed.shape))
