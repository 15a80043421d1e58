"""Unitizing alphas: published examples, hand-worked values, and the properties that follow
from their definitions (see qualkit.agreement.unitizing for the formulas)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from qualkit.agreement.unitizing import (
    GAP,
    Continuum,
    Unit,
    cu_alpha,
    u_alpha,
    u_alpha_2004,
    unitizing_alpha,
)


def write_spans(path: Path, units) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["coder", "start", "end", "value"])
        for u in units:
            writer.writerow([u.coder, u.start, u.end, u.value])
    return path


def spans_json(cli, path: Path, length: int, *args) -> dict:
    done = cli("agree", "--spans", path, "--length", length, "--format", "json", *args)
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)


# --- published and hand-worked examples ---------------------------------------------------------

# Krippendorff (1995), On the reliability of unitizing contiguous data, Sociological Methodology
# 25, p. 57: two observers, four separate examples A–D in a continuum of 24, each unit given as
# (begin, length). Data and values as asserted in dkpro-statistics' Krippendorff1995Test: the
# published alphas hold for a continuous continuum, which that test approximates by stretching
# the 24 positions 50,000-fold, with a tolerance of 0.02 (it notes a small error in the 1995 D_e).
K1995 = {
    "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
    "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
    "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
    "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]),
}
K1995_ALPHA = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
# Observed disagreement at the 24 positions. By hand for B: John's one unit 0–18 overlaps each
# of Jill's seven touching units; Σ (Δbegin² + Δend²) = 256+229+205+185+169+117+145 = 1306, and
# D_o = 2 · 1306 / (2 · 1 · 24²) = 2.26736.
K1995_OBSERVED = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}


def k1995(stretch: int = 1) -> Continuum:
    units = [
        Unit(observer, begin * stretch, (begin + length) * stretch, code)
        for code, observers in K1995.items()
        for observer, found in zip(("1", "2"), observers, strict=True)
        for begin, length in found
    ]
    return Continuum(24 * stretch, ["1", "2"], units)


@pytest.mark.parametrize("code", sorted(K1995))
def test_krippendorff_1995_examples_through_the_cli(cli, tmp_path, code):
    data = k1995(stretch=50_000)
    spans = write_spans(tmp_path / "spans.csv", data.units)
    found = spans_json(cli, spans, data.length, "--metric", "u-alpha", "--code", code)
    assert found["definition"] == "2004"
    assert abs(found["value"] - K1995_ALPHA[code]) <= 0.02


@pytest.mark.parametrize("code", sorted(K1995))
def test_krippendorff_1995_observed_disagreement(code):
    data = k1995()
    assert u_alpha_2004(data.only(code), code).observed == pytest.approx(
        K1995_OBSERVED[code], abs=1e-5
    )


def test_units_that_touch_stay_separate_units(cli, tmp_path):
    """Splitting a passage in two is a unitizing difference (1995, example B): the 2004 αU
    sees it; uα's coincidences of positions do not, only its chance term changes."""
    spans = write_spans(
        tmp_path / "spans.csv",
        [Unit("A", 10, 30, "x"), Unit("B", 10, 20, "x"), Unit("B", 20, 30, "x")],
    )
    split = spans_json(cli, spans, 50, "--metric", "u-alpha", "--code", "x")
    assert split["value"] < 1
    assert spans_json(cli, spans, 50, "--metric", "u-alpha")["value"] == pytest.approx(1.0)


def test_the_2004_and_2019_forms_differ_for_two_coders(cli, tmp_path):
    """Krippendorff's 2004 example (p. 254), code c against its gaps, worked by hand with the
    2019 coincidences (positions 150–450 shifted to 0–300; m = 2, l.. = 600):
    coder i's c: 75–145, 220–250; coder j's c: 70–150, 205–225, 250–270.
    l_cc = 2·(70 + 5) = 150, l_c∅ = l_∅c = 25 + (5 + 5 + 15 + 20) = 70, n_c = 220, n_∅ = 380.
    Removed pairs: units 70² + 30² + 80² + 20² + 20² = 13000, gaps 380.
    e_c∅ = 600 · 220 · 380 / (600² − 13380) = 144.711…
    |uα = 1 − 140 / (2 · 144.711…) = 0.51628, where the 2004 αU_c is 0.7286."""
    rows = [
        ("i", 30, 90, "k"),
        ("i", 75, 145, "c"),
        ("i", 150, 200, "k"),
        ("i", 220, 250, "c"),
        ("j", 30, 90, "k"),
        ("j", 70, 150, "c"),
        ("j", 150, 200, "k"),
        ("j", 205, 225, "c"),
        ("j", 250, 270, "c"),
    ]
    spans = write_spans(tmp_path / "spans.csv", [Unit(*r) for r in rows])
    binary = spans_json(cli, spans, 300, "--metric", "u-alpha", "--level", "binary", "--code", "c")
    assert binary["definition"] == "2019"
    assert binary["value"] == pytest.approx(1 - 140 * (600**2 - 13380) / (2 * 600 * 220 * 380))
    assert binary["value"] == pytest.approx(0.51628, abs=1e-5)
    per_code = spans_json(cli, spans, 300, "--metric", "u-alpha", "--code", "c")
    assert per_code["definition"] == "2004"
    assert per_code["value"] == pytest.approx(0.7286, abs=5e-5)
    alias = spans_json(cli, spans, 300, "--metric", "u-alpha-2004", "--code", "c")
    assert alias["value"] == per_code["value"]


# --- the definitions, checked by brute force ----------------------------------------------------


def random_continuum(seed: int, coders=("A", "B", "C"), length: int = 40) -> Continuum:
    """Each coder's units apart (some touching), values x, y, z."""
    rng = random.Random(seed)
    units = []
    for coder in coders:
        position = rng.randint(0, 4)
        while position < length:
            end = min(length, position + rng.randint(1, 8))
            units.append(Unit(coder, position, end, rng.choice("xyz")))
            position = end + rng.choice([0, 0, 1, 3, 6])
    return Continuum(length, list(coders), units)


def brute_u_alpha(data: Continuum, binary: bool = False) -> float:
    """uα straight from its definition, pair by pair of (coder, position): observed pairs are
    the same position by two coders; chance pairs any two, except two positions of one unit
    (a gap position pairs with every other position of its gap)."""
    cells = []  # (coder, position, value, section)
    for index, coder in enumerate(data.coders):
        value = [GAP] * data.length
        section = [("gap", p) for p in range(data.length)]
        for u in (u for u in data.units if u.coder == coder):
            for p in range(u.start, u.end):
                value[p] = "unit" if binary else u.value
                section[p] = ("unit", u.start)
        cells += [(index, p, value[p], section[p]) for p in range(data.length)]
    m, total = len(data.coders), len(cells)
    agree = sum(a[2] == b[2] for a in cells for b in cells if a[1] == b[1] and a[0] != b[0]) / (
        m - 1
    )
    pairs = [
        (a[2], b[2])
        for a in cells
        for b in cells
        if a is not b and not (a[0] == b[0] and a[3] == b[3] and a[3][0] == "unit")
    ]
    chance = total * sum(c == k for c, k in pairs) / len(pairs)
    return 1 - (total - agree) / (total - chance)


@pytest.mark.parametrize("seed", range(4))
def test_u_alpha_matches_its_definition_pair_by_pair(seed):
    data = random_continuum(seed)
    assert u_alpha(data).value == pytest.approx(brute_u_alpha(data))
    assert u_alpha(data, binary=True).value == pytest.approx(brute_u_alpha(data, binary=True))


@pytest.mark.parametrize("coders", [("A", "B"), ("A", "B", "C")])
def test_units_of_length_one_reduce_to_krippendorffs_alpha(coders):
    """Every position a unit of its own (or a gap, for |uα): uα, cuα and |uα are nominal alpha."""
    import krippendorff
    import numpy as np

    rng = random.Random(len(coders))
    length = 60
    values = {c: [rng.choice("xyz") for _ in range(length)] for c in coders}
    every = Continuum(
        length,
        list(coders),
        [Unit(c, p, p + 1, values[c][p]) for c in coders for p in range(length)],
    )
    codes = {"x": 0, "y": 1, "z": 2}
    table = np.array([[codes[values[c][p]] for p in range(length)] for c in coders], dtype=float)
    alpha = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
    assert u_alpha(every).value == pytest.approx(alpha)
    assert cu_alpha(every).value == pytest.approx(alpha)
    marked = Continuum(length, every.coders, [u for u in every.units if u.value == "x"])
    presence = (table == 0).astype(float)
    binary = krippendorff.alpha(reliability_data=presence, level_of_measurement="nominal")
    assert u_alpha(marked, binary=True).value == pytest.approx(binary)


def every_form(data: Continuum) -> list[float | None]:
    return [
        u_alpha(data).value,
        u_alpha(data, binary=True).value,
        cu_alpha(data).value,
        cu_alpha(data, "x").value,
        u_alpha_2004(data).value,
        u_alpha_2004(data.only("y"), "y").value,
    ]


@pytest.mark.parametrize("seed", range(3))
def test_every_form_is_invariant_to_shifting_mirroring_and_the_order_of_coders(seed):
    data = random_continuum(seed)
    found = every_form(data)
    assert all(v is not None for v in found)
    shifted = Continuum(
        data.length,
        data.coders,
        [Unit(u.coder, u.start + 150, u.end + 150, u.value) for u in data.units],
        start=150,
    )
    mirrored = Continuum(
        data.length,
        data.coders,
        [Unit(u.coder, data.length - u.end, data.length - u.start, u.value) for u in data.units],
    )
    reordered = Continuum(data.length, list(reversed(data.coders)), list(reversed(data.units)))
    for other in (shifted, mirrored, reordered):
        assert every_form(other) == pytest.approx(found)


def test_perfect_agreement_is_one_in_every_form(cli, tmp_path):
    units = [Unit(c, s, e, v) for c in ("A", "B", "C") for s, e, v in [(3, 9, "x"), (9, 20, "y")]]
    spans = write_spans(tmp_path / "spans.csv", units)
    for args in (
        ["--metric", "u-alpha"],
        ["--metric", "u-alpha", "--level", "binary"],
        ["--metric", "u-alpha", "--code", "x"],
        ["--metric", "cu-alpha"],
        ["--metric", "cu-alpha", "--code", "y"],
        ["--metric", "u-alpha-2004"],
    ):
        assert spans_json(cli, spans, 40, *args)["value"] == pytest.approx(1.0), args


def test_u_alpha_names_the_form_it_used():
    apart = random_continuum(7)
    assert unitizing_alpha(apart).form == "2019"
    assert unitizing_alpha(apart, code="x").form == "2004"
    overlapping = Continuum(
        apart.length, apart.coders, [*apart.units, Unit("A", 0, apart.length, "w")]
    )
    assert unitizing_alpha(overlapping).form == "2004"
    assert unitizing_alpha(overlapping).value == u_alpha_2004(overlapping).value


def test_a_code_nobody_used_and_binary_cu_alpha_are_errors(cli, tmp_path):
    spans = write_spans(tmp_path / "spans.csv", [Unit("A", 0, 5, "x"), Unit("B", 1, 5, "x")])
    base = ["agree", "--spans", spans, "--length", 10, "--metric"]
    missing = cli(*base, "u-alpha", "--code", "y")
    assert missing.exit_code == 2 and "'y'" in missing.stderr
    wrong = cli(*base, "cu-alpha", "--level", "binary")
    assert wrong.exit_code == 2 and "|uα" in wrong.stderr
    table = cli(*base, "u-alpha", "--code", "x")
    assert table.exit_code == 0 and "αU (2004)" in table.stdout
