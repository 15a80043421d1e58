"""The tests behind the crosstab's p-values, computed without scipy.stats, against scipy.stats."""

import itertools
import subprocess
import sys

import pytest
from scipy.stats import chi2_contingency, fisher_exact

from qualkit.analysis.significance import compare, legend, stars


def tables():
    """Every 2×2 table with groups of 1–9 (and a few larger), as (a, n, b, m)."""
    for n, m in itertools.chain(itertools.product(range(1, 10), repeat=2), [(40, 40), (19, 7)]):
        step = max(1, n // 8), max(1, m // 8)
        for a in range(0, n + 1, step[0]):
            for b in range(0, m + 1, step[1]):
                yield a, n, b, m


def test_the_p_values_are_scipys_on_every_small_table():
    wrong = []
    for a, n, b, m in tables():
        found = compare(a, n, b, m)
        if a + b in (0, n + m):
            if found is not None:  # an empty margin: nothing to test
                wrong.append((a, n, b, m, found))
            continue
        table = [[a, n - a], [b, m - b]]
        if found.test == "fisher":
            expected = fisher_exact(table).pvalue
        else:
            expected = chi2_contingency(table, correction=False).pvalue
        if found.p != pytest.approx(expected, rel=1e-9, abs=1e-12):
            wrong.append((a, n, b, m, found, expected))
    assert wrong == []


def test_stars_follow_the_fields_levels():
    assert [stars(p) for p in (0.0009, 0.001, 0.009, 0.01, 0.049, 0.05, None)] == [
        "***",
        "**",
        "**",
        "*",
        "*",
        "",
        "",
    ]
    assert "* p < 0,05, ** p < 0,01, *** p < 0,001" in legend("sv")
    assert "– ej testat" in legend("sv")


def test_testing_does_not_import_scipy_stats():
    code = (
        "import sys; from qualkit.analysis.significance import compare; "
        "compare(7, 8, 0, 8); compare(24, 40, 14, 40); print('scipy.stats' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr
