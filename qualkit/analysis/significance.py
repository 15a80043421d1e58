"""Is a theme mentioned by a larger share of respondents in one arm than in the reference arm?

Each comparison is a 2×2 table (mentioned / not mentioned × arm / reference arm). Where any
expected cell count is below 5 — Cochran's rule, and the usual case with interview samples —
Fisher's exact test is used, otherwise Pearson's chi-square test without continuity
correction. Both two-sided; no adjustment for multiple comparisons. A table with an empty
margin (nobody, or everybody, in both groups mentioned the theme) has nothing to test and is
not tested.

Both tests are computed here from the standard library rather than through scipy.stats, whose
import alone takes longer than the whole crosstab (about 1.3 s on the demo machine):

- Fisher: with the margins fixed, the count a in the first cell is hypergeometric,
  P(a) = C(r1, a) · C(r2, c1 − a) / C(n, c1). The two-sided p sums P(x) over every x as
  likely as, or less likely than, the observed a (scipy's "two-sided", with its relative
  tolerance of 1e-7 so that tables of equal probability count alike).
- Chi-square: X² = n (ad − bc)² / (r1 r2 c1 c2) has one degree of freedom, whose survival
  function is erfc(√(X²/2)).

tests/test_significance.py checks both against scipy.stats on many tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The field's convention: the thresholds and their stars, strictest first.
STARS: tuple[tuple[float, str], ...] = ((0.001, "***"), (0.01, "**"), (0.05, "*"))
SMALL_EXPECTED = 5.0
_TIE = 1 + 1e-7  # scipy's relative tolerance for "as likely as the observed table"


@dataclass(frozen=True)
class Test:
    p: float
    test: str  # "fisher" or "chi2"

    @property
    def stars(self) -> str:
        return stars(self.p)


def stars(p: float | None) -> str:
    """'***' for p < 0.001, '**' for p < 0.01, '*' for p < 0.05, else ''."""
    if p is None or p != p:  # None or NaN: no test
        return ""
    return next((mark for limit, mark in STARS if p < limit), "")


def compare(mentioned: int, n: int, reference_mentioned: int, reference_n: int) -> Test | None:
    """Test the share mentioned/n against reference_mentioned/reference_n; None when there is
    nothing to test (a group is empty, or nobody or everybody in both mentioned the theme)."""
    total = n + reference_n
    said = mentioned + reference_mentioned
    if n <= 0 or reference_n <= 0 or said == 0 or said == total:
        return None
    expected = [row * col / total for row in (n, reference_n) for col in (said, total - said)]
    if min(expected) < SMALL_EXPECTED:
        return Test(fisher_p(mentioned, n, said, total), "fisher")
    return Test(chi_square_p(mentioned, n, said, total), "chi2")


def fisher_p(a: int, row: int, column: int, total: int) -> float:
    """Two-sided p of Fisher's exact test for the 2×2 table with first cell a, first row sum
    `row`, first column sum `column` and `total` counts."""
    low, high = max(0, column - (total - row)), min(row, column)
    whole = math.comb(total, column)

    def probability(x: int) -> float:
        return math.comb(row, x) * math.comb(total - row, column - x) / whole

    observed = probability(a) * _TIE
    p = sum(q for q in map(probability, range(low, high + 1)) if q <= observed)
    return min(p, 1.0)


def chi_square_p(a: int, row: int, column: int, total: int) -> float:
    """p of Pearson's chi-square test (one degree of freedom, no continuity correction)."""
    b, c = row - a, column - a
    d = total - row - c
    statistic = total * (a * d - b * c) ** 2 / (row * (total - row) * column * (total - column))
    return math.erfc(math.sqrt(statistic / 2))


def legend(lang: str = "sv") -> str:
    """The sentence a table note carries when it shows p-values and stars."""
    if lang == "en":
        return (
            "p-values, * p < 0.05, ** p < 0.01, *** p < 0.001: share of respondents compared "
            "with the reference arm (Fisher's exact test where an expected cell count is "
            "below 5, otherwise the chi-square test; two-sided, not adjusted for multiple "
            "comparisons). – not tested: nobody, or everybody, in both groups raised the theme."
        )
    return (
        "p-värden, * p < 0,05, ** p < 0,01, *** p < 0,001: andelen intervjuade jämförd med "
        "referensarmen (Fishers exakta test när någon förväntad cellfrekvens är under 5, "
        "annars chi2-test; tvåsidiga, ej justerade för multipla jämförelser). – ej testat: "
        "ingen, eller alla, i båda grupperna tog upp temat."
    )
