"""One rounding rule (whole percents, half up) wherever a percentage is shown."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from qualkit.analysis.numbers import percent_text, whole_percent

from .test_crosstab import study


def test_whole_percents_round_half_up_from_the_exact_share():
    for n in range(1, 80):
        for count in range(n + 1):
            exact = Fraction(100 * count, n)
            expected = int(
                (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
                    Decimal(1), rounding=ROUND_HALF_UP
                )
            )
            assert whole_percent(count, n) == expected, (count, n)
    assert whole_percent(1, 8) == 13  # 12.5: half up, where round() gives 12
    assert whole_percent(2, 19) == 11
    assert whole_percent(0, 0) is None
    assert percent_text(11) == "11 %" and percent_text(11, "en") == "11%"


def test_two_of_nineteen_is_eleven_percent_in_the_table_and_in_csv(tmp_path, cli):
    project = study(tmp_path, se_yes=2, se_n=19, fs_yes=1, fs_n=8)
    path = project.path
    project.close()
    table = cli("crosstab", path, "--percent")
    (row,) = [line for line in table.stdout.splitlines() if line.startswith("Bemötande")]
    assert row.split()[1:5] == ["13", "%", "11", "%"]  # FS 1 of 8, SE 2 of 19
    shown = cli("crosstab", path, "--percent", "--format", "csv")
    (record,) = [r for r in csv.DictReader(io.StringIO(shown.stdout)) if r["code"] == "bemotande"]
    assert (record["FS"], record["SE"]) == ("13", "11")
