"""Krippendorff's alpha for unitizing: agreement on where units lie in a continuum, and on
their values. No library computes these; they are written from the published definitions.

Each coder divides a continuum of L positions (characters of a transcript) into units that
carry a value (a code) and the gaps between them; units and gaps are the coder's sections.
Positions are 0-based, spans half-open. m is the number of coders.

The 2016/2019 family (Krippendorff, Mathet, Bouvry & Widlöcher 2016, Quality & Quantity 50;
Krippendorff 2019, Content Analysis 4th ed. §12.6) counts coincidences of positions: where a
section of value c of one coder meets a section of value k of another over l positions, l is
added to l_ck, summed over ordered pairs of coders and divided by m − 1 (a gap has the value
∅). Chance pairs every position of every coder with every other, except that positions of one
unit cannot pair with each other: a unit of length l removes l² pairs, a gap, which has no
structure, only its l self-pairs:  e_ck = l.. (l_c. l_.k − [c = k] Σ_c) / (l..² − Σ), where
Σ_c sums those removed pairs over the sections of value c and Σ over all sections. Then

- uα   (u-alpha): all values and gaps, nominal; 1 − (l.. − Σ_c l_cc) / (l.. − Σ_c e_cc);
- |uα  (u-alpha, level binary): the same with every value collapsed into one, valued units
       against gaps;
- cuα  (cu-alpha): the values of intersecting valued units only, gaps ignored; chance
       removes, for each unit, its squared overlap with the other coders' valued units;
- (k)uα (cu-alpha for one code): cuα for one value against the others,
       1 − (l_k − l_kk)/l_k · e_k/(e_k − e_kk).

This family needs each coder's units to be apart (a coder's continuum is a partition).

The 2004 form αU (Krippendorff 1995, Sociological Methodology 25; Krippendorff 2004, Content
Analysis 2nd ed. §11.6; u-alpha-2004) evaluates each value c separately against its own gaps,
so one coder's units of different values may overlap. For two coders' sections g, h that
intersect: δ² = (b_g − b_h)² + (e_g − e_h)² when both are units of c, l_g² when unit g lies
inside gap h (and the converse), else 0; D_o = 2 Σ δ² / (m (m − 1) L²); D_e is the same
distance averaged over every placement of every unit of c into every gap of c and against
every other unit of c. αU_c = 1 − D_o / D_e; pooled over values: 1 − Σ_c D_o / Σ_c D_e.

The two forms differ even for two coders: the 2004 distance is squared in the boundary
differences, the 2016/2019 coincidences are linear in the mismatched length. On Krippendorff's
2004 example (p. 254) value c has αU = 0.7286, while |uα over c's units and gaps is 0.516.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualkit.errors import QualkitError

GAP = None  # the value of the matter between units

FORM_2019 = "2019"  # Krippendorff et al. 2016; Krippendorff 2019 §12.6
FORM_2004 = "2004"  # Krippendorff 1995; Krippendorff 2004 §11.6


@dataclass(frozen=True)
class Unit:
    coder: str
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Continuum:
    """Units identified by `coders` in the positions `start` … `start + length - 1`."""

    length: int
    coders: Sequence[str]
    units: Sequence[Unit]
    start: int = 0

    @property
    def end(self) -> int:
        return self.start + self.length

    def values(self) -> list[str]:
        return sorted({u.value for u in self.units})

    def only(self, value: str) -> Continuum:
        return Continuum(
            self.length, self.coders, [u for u in self.units if u.value == value], self.start
        )


@dataclass(frozen=True)
class UnitizingResult:
    value: float | None
    observed: float
    expected: float
    reason: str | None = None
    form: str = FORM_2019


Section = tuple[int, int, object]  # start, end, value (GAP for a gap)


# --- sections ----------------------------------------------------------------------------------


def _sections(units: Iterable[Unit], start: int, end: int, merge: bool) -> list[Section]:
    """One coder's partition of the continuum into units and gaps.

    Units that merely touch stay separate units (where one unit ends and the next begins is
    what unitizing is about). Units that overlap are an error, as the 2019 family requires,
    unless `merge` (used only once values are collapsed into one): then they become their
    union, the positions the coder marked.
    """
    found: list[Section] = []
    position = start
    for unit in sorted(units, key=lambda u: (u.start, u.end)):
        if unit.start < position:  # overlaps the unit before (gaps never precede a unit here)
            last = found[-1]
            if not merge:
                raise QualkitError(
                    f"coder {unit.coder}'s units {last[0]}–{last[1]} ({last[2]}) and "
                    f"{unit.start}–{unit.end} ({unit.value}) overlap: cuα needs each coder's "
                    "units to be apart (u-alpha evaluates such data per code, as in 2004)"
                )
            found[-1] = (last[0], max(last[1], unit.end), last[2])
            position = found[-1][1]
            continue
        if unit.start > position:
            found.append((position, unit.start, GAP))
        found.append((unit.start, unit.end, unit.value))
        position = unit.end
    if position < end:
        found.append((position, end, GAP))
    return found


def _partitions(data: Continuum, merge: bool, relabel=None) -> list[list[Section]]:
    by_coder: dict[str, list[Unit]] = {c: [] for c in data.coders}
    for unit in data.units:
        value = relabel(unit.value) if relabel else unit.value
        if value is not GAP:
            by_coder[unit.coder].append(Unit(unit.coder, unit.start, unit.end, value))
    return [_sections(by_coder[c], data.start, data.end, merge) for c in data.coders]


def overlapping(data: Continuum) -> bool:
    """Whether some coder's units share a position (the 2019 family is then undefined)."""
    by_coder: dict[str, list[Unit]] = defaultdict(list)
    for unit in data.units:
        by_coder[unit.coder].append(unit)
    for units in by_coder.values():
        reached = None
        for unit in sorted(units, key=lambda u: (u.start, u.end)):
            if reached is not None and unit.start < reached:
                return True
            reached = unit.end if reached is None else max(reached, unit.end)
    return False


def _intersections(first: list[Section], second: list[Section]):
    """Pairs of sections of two partitions that share positions, with the shared length."""
    i = j = 0
    while i < len(first) and j < len(second):
        a, b = first[i], second[j]
        shared = min(a[1], b[1]) - max(a[0], b[0])
        if shared > 0:
            yield a, b, shared
        if a[1] <= b[1]:
            i += 1
        else:
            j += 1


def _check(data: Continuum) -> None:
    if len(data.coders) < 2:
        raise QualkitError("unitizing agreement needs at least two coders")
    if data.length <= 0:
        raise QualkitError("the continuum needs a length of at least one position")


def _result(d_o: float, d_e: float, form: str) -> UnitizingResult:
    if d_e <= 0:
        return UnitizingResult(
            None,
            d_o,
            d_e,
            "no variation to compare against (one value throughout): alpha is undefined",
            form,
        )
    return UnitizingResult(1 - d_o / d_e, d_o, d_e, None, form)


# --- the 2016/2019 family -----------------------------------------------------------------------


def _coincidences(partitions: list[list[Section]]) -> dict[tuple[object, object], float]:
    m = len(partitions)
    found: dict[tuple[object, object], float] = defaultdict(float)
    for i in range(m):
        for j in range(i + 1, m):
            for a, b, shared in _intersections(partitions[i], partitions[j]):
                found[(a[2], b[2])] += shared / (m - 1)
                found[(b[2], a[2])] += shared / (m - 1)
    return found


def u_alpha(data: Continuum, binary: bool = False) -> UnitizingResult:
    """uα over all values and gaps, or |uα (`binary`) over valued units against gaps.

    |uα collapses every value into one; a coder's overlapping units then count as their
    union (an extension: the published |uα presumes units that are apart).
    """
    _check(data)
    relabel = (lambda v: "unit") if binary else None
    partitions = _partitions(data, merge=binary, relabel=relabel)
    observed = _coincidences(partitions)
    total = len(partitions) * data.length
    margins: dict[object, float] = defaultdict(float)
    for (c, _), n in observed.items():
        margins[c] += n
    self_pairs: dict[object, float] = defaultdict(float)
    for sections in partitions:
        for start, end, value in sections:
            length = end - start
            self_pairs[value] += length if value is GAP else length * length
    denominator = total * total - sum(self_pairs.values())
    d_o = total - sum(observed.get((v, v), 0.0) for v in margins)
    d_e = total - sum(
        total * (margins[v] * margins[v] - self_pairs[v]) / denominator for v in margins
    )
    return _result(d_o / total, d_e / total, FORM_2019)


def cu_alpha(data: Continuum, code: str | None = None) -> UnitizingResult:
    """cuα: agreement on the values of intersecting valued units; (k)uα with `code`."""
    _check(data)
    partitions = _partitions(data, merge=False)
    m = len(partitions)
    observed = _coincidences(partitions)
    values = sorted({v for (v, _) in observed if v is not GAP})
    margins = {v: sum(observed.get((v, k), 0.0) for k in values) for v in values}
    total = sum(margins.values())
    if total == 0:
        return UnitizingResult(None, 0.0, 0.0, "no valued units of two coders intersect")
    squares: dict[object, float] = defaultdict(float)
    for i in range(m):
        for j in range(m):
            if i != j:
                for value, shared in _valued_overlaps(partitions[i], partitions[j]).items():
                    squares[value] += shared
    denominator = total - sum(squares.values()) / (total * (m - 1))

    def expected(c: object, k: object) -> float:
        pairs = margins[c] * margins[k] - (squares[c] / (m - 1) if c == k else 0.0)
        return pairs / denominator

    if code is None:
        d_o = total - sum(observed.get((v, v), 0.0) for v in values)
        d_e = total - sum(expected(v, v) for v in values)
        return _result(d_o / total, d_e / total, FORM_2019)
    if code not in margins or margins[code] == 0:
        return UnitizingResult(None, 0.0, 0.0, f"no units of '{code}' intersect valued units")
    l_k, e_k = margins[code], sum(expected(code, v) for v in values)
    d_o = (l_k - observed.get((code, code), 0.0)) / l_k
    d_e = (e_k - expected(code, code)) / e_k
    return _result(d_o, d_e, FORM_2019)


def _valued_overlaps(first: list[Section], second: list[Section]) -> dict[object, float]:
    """For each valued unit of `first`: (its overlap with `second`'s valued units)², by value."""
    overlap: dict[tuple[int, int, object], int] = defaultdict(int)
    for a, b, shared in _intersections(first, second):
        if a[2] is not GAP and b[2] is not GAP:
            overlap[a] += shared
    found: dict[object, float] = defaultdict(float)
    for unit, shared in overlap.items():
        found[unit[2]] += shared * shared
    return found


# --- the 2004 form ------------------------------------------------------------------------------


def u_alpha_2004(data: Continuum, code: str | None = None) -> UnitizingResult:
    """Krippendorff's (2004) αU for one value against its gaps, or pooled over all values.

    A coder's overlapping units of the same value count as their union (the published form
    presumes they do not overlap); units of different values may overlap freely.
    """
    _check(data)
    if code is not None and code not in data.values():
        raise QualkitError(f"no unit has the value '{code}'")
    d_o = d_e = 0.0
    for value in [code] if code is not None else data.values():
        partitions = _partitions(data, merge=True, relabel=lambda v, w=value: v if v == w else GAP)
        d_o += _observed_2004(partitions, data.length)
        d_e += _expected_2004(partitions, data.length)
    return _result(d_o, d_e, FORM_2004)


def _distance_2004(a: Section, b: Section) -> int:
    a_unit, b_unit = a[2] is not GAP, b[2] is not GAP
    if a_unit and b_unit:
        return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
    if a_unit and b[0] <= a[0] and a[1] <= b[1]:
        return (a[1] - a[0]) ** 2
    if b_unit and a[0] <= b[0] and b[1] <= a[1]:
        return (b[1] - b[0]) ** 2
    return 0


def _observed_2004(partitions: list[list[Section]], length: int) -> float:
    m = len(partitions)
    total = 0
    for i in range(m):
        for j in range(i + 1, m):
            total += sum(
                _distance_2004(a, b) for a, b, _ in _intersections(partitions[i], partitions[j])
            )
    return 2 * total / (m * (m - 1) * length * length)


def _expected_2004(partitions: list[list[Section]], length: int) -> float:
    """The distance a unit would have, placed at random: against every other unit of the
    value (Σ over its own positions, hence the cubic term) and inside every gap long enough
    to hold it (l² for each of the g − l + 1 places)."""
    m = len(partitions)
    units = [e - s for p in partitions for s, e, v in p if v is not GAP]
    gaps = sorted(e - s for p in partitions for s, e, v in p if v is GAP)
    suffix = [0] * (len(gaps) + 1)
    for index in range(len(gaps) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + gaps[index]
    n = len(units)
    numerator = 0.0
    for size in units:
        first = bisect.bisect_left(gaps, size)
        fitting = len(gaps) - first  # gaps at least as long as the unit
        placements = suffix[first] - (size - 1) * fitting
        numerator += (n - 1) * (2 * size**3 - 3 * size**2 + size) / 3 + size * size * placements
    denominator = m * length * (m * length - 1) - sum(u * (u - 1) for u in units)
    return 2 * numerator / (length * denominator)


# --- what --metric u-alpha means ----------------------------------------------------------------


def unitizing_alpha(
    data: Continuum, binary: bool = False, code: str | None = None
) -> UnitizingResult:
    """The contract's u-alpha: |uα with `binary` (for `code`'s units alone if given); αU_code
    (2004) for one code against its gaps; uα (2019) over all codes, or the pooled 2004 αU
    when a coder's units overlap, where uα is undefined.

    Why one code is the 2004 αU: the 2016/2019 family has no coefficient for one value
    against its gaps (its per-value (k)uα concerns the values of intersecting units, which is
    cu-alpha --code), while αU_c is the published per-value coefficient, with worked examples
    (Krippendorff 1995 p. 57; 2004 p. 254).
    """
    if binary:
        return u_alpha(data.only(code) if code is not None else data, binary=True)
    if code is not None:
        return u_alpha_2004(data.only(code), code)
    if overlapping(data):
        return u_alpha_2004(data)
    return u_alpha(data)
