"""Is a theme mentioned by a larger share of respondents in one arm than in the reference arm?

Each comparison is a 2×2 table (mentioned / not mentioned × arm / reference arm). Where any
expected cell count is below 5 — Cochran's rule, and the usual case with interview samples —
Fisher's exact test is used, otherwise Pearson's chi-square test without continuity
correction. Both two-sided; no adjustment for multiple comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

# The report convention: the thresholds and their stars, strictest first.
STARS: tuple[tuple[float, str], ...] = ((0.01, "***"), (0.05, "**"), (0.1, "*"))
SMALL_EXPECTED = 5.0


@dataclass(frozen=True)
class Test:
    p: float
    test: str  # "fisher" or "chi2"

    @property
    def stars(self) -> str:
        return stars(self.p)


def stars(p: float | None) -> str:
    """'***' for p < 0.01, '**' for p < 0.05, '*' for p < 0.1, else ''."""
    if p is None or p != p:  # None or NaN: no test
        return ""
    return next((mark for limit, mark in STARS if p < limit), "")


def compare(mentioned: int, n: int, reference_mentioned: int, reference_n: int) -> Test | None:
    """Test the share mentioned/n against reference_mentioned/reference_n; None when either
    group is empty."""
    from scipy.stats import chi2_contingency, fisher_exact

    if n <= 0 or reference_n <= 0:
        return None
    table = [[mentioned, n - mentioned], [reference_mentioned, reference_n - reference_mentioned]]
    total = n + reference_n
    column_sums = (mentioned + reference_mentioned, total - mentioned - reference_mentioned)
    expected = [row * col / total for row in (n, reference_n) for col in column_sums]
    if min(expected) < SMALL_EXPECTED:
        return Test(float(fisher_exact(table).pvalue), "fisher")
    return Test(float(chi2_contingency(table, correction=False).pvalue), "chi2")


def legend(lang: str = "sv") -> str:
    """The sentence a table note carries when it shows stars."""
    if lang == "en":
        return (
            "* p < 0.1, ** p < 0.05, *** p < 0.01: share of respondents compared with the "
            "reference arm (Fisher's exact test where an expected cell count is below 5, "
            "otherwise the chi-square test; two-sided, not adjusted for multiple comparisons)."
        )
    return (
        "* p < 0,1, ** p < 0,05, *** p < 0,01: andelen intervjuade jämförd med referensarmen "
        "(Fishers exakta test när någon förväntad cellfrekvens är under 5, annars "
        "chi2-test; tvåsidiga, ej justerade för multipla jämförelser)."
    )
