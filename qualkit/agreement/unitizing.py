"""Krippendorff's alpha for unitizing: agreement on where units lie in a continuum, and on
their values. No library computes these; they are written from the published definitions.

Each coder divides a continuum of L positions (characters of a transcript) into units that
carry a value (a code) and the gaps between them. Positions are 0-based, spans half-open.

The 2019 family (Krippendorff, Mathet, Bouvry & Widlöcher 2016; Krippendorff 2019, §12.6)
counts coincidences of positions: two coders' segments that intersect over l positions add l
to the coincidence matrix cell of their two values (a gap has the value ∅), divided by m − 1.
Chance: every position of every coder paired with every other, except that positions of one
unit cannot pair with each other (a unit of length l removes l² pairs; a gap, which has no
structure, only its l self-pairs). From that matrix:

- uα   (u-alpha): all values and gaps, nominal;
- |uα  (u-alpha, level binary): valued units against gaps, values ignored;
- cuα  (cu-alpha): the values of intersecting valued units only, gaps ignored;
- (k)uα (cu-alpha for one code): cuα for one value against the others.

The 2004 form (Krippendorff 2004, §11.6; u-alpha-2004) evaluates each value separately
against its own gaps, with squared differences of the beginnings and ends of overlapping
units; pooled over values as 1 − Σ D_o / Σ D_e. It allows one coder's units of different
values to overlap. For more than two coders the two forms differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualkit.errors import QualkitError

GAP = None  # the value of the matter between units


@dataclass(frozen=True)
class Unit:
    coder: str
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Continuum:
    """Units identified by `coders` in a continuum of `length` positions."""

    length: int
    coders: Sequence[str]
    units: Sequence[Unit]

    def values(self) -> list[str]:
        return sorted({u.value for u in self.units})


@dataclass(frozen=True)
class UnitizingResult:
    value: float | None
    observed: float
    expected: float
    reason: str | None = None


Section = tuple[int, int, object]  # start, end, value (GAP for a gap)


# --- sections ----------------------------------------------------------------------------------


def _sections(units: Iterable[Unit], length: int, merge: bool) -> list[Section]:
    """One coder's partition of the continuum into units and gaps.

    With `merge`, overlapping or touching units of the same value become one (a single value
    is marked or not); otherwise overlap is an error, as the 2019 family requires.
    """
    found: list[Section] = []
    position = 0
    for unit in sorted(units, key=lambda u: (u.start, u.end)):
        if found and unit.start < found[-1][1] and found[-1][2] is not GAP:
            last = found[-1]
            if not merge:
                raise QualkitError(
                    f"coder {unit.coder}'s units {last[0]}–{last[1]} ({last[2]}) and "
                    f"{unit.start}–{unit.end} ({unit.value}) overlap: uα needs each coder's "
                    "units to be apart (use --code for one value, --level binary, or "
                    "u-alpha-2004)"
                )
            found[-1] = (last[0], max(last[1], unit.end), last[2])
            position = found[-1][1]
            continue
        if merge and found and unit.start == found[-1][1] and found[-1][2] == unit.value:
            found[-1] = (found[-1][0], unit.end, unit.value)
            position = unit.end
            continue
        if unit.start > position:
            found.append((position, unit.start, GAP))
        found.append((unit.start, unit.end, unit.value))
        position = unit.end
    if position < length:
        found.append((position, length, GAP))
    return found


def _partitions(data: Continuum, merge: bool, relabel=None) -> list[list[Section]]:
    by_coder: dict[str, list[Unit]] = {c: [] for c in data.coders}
    for unit in data.units:
        value = relabel(unit.value) if relabel else unit.value
        if value is not GAP:
            by_coder[unit.coder].append(Unit(unit.coder, unit.start, unit.end, value))
    return [_sections(by_coder[c], data.length, merge) for c in data.coders]


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


# --- the 2019 family ----------------------------------------------------------------------------


def _coincidences(partitions: list[list[Section]]) -> dict[tuple[object, object], float]:
    m = len(partitions)
    found: dict[tuple[object, object], float] = defaultdict(float)
    for i in range(m):
        for j in range(i + 1, m):
            for a, b, shared in _intersections(partitions[i], partitions[j]):
                found[(a[2], b[2])] += shared / (m - 1)
                found[(b[2], a[2])] += shared / (m - 1)
    return found


def _check(data: Continuum) -> None:
    if len(data.coders) < 2:
        raise QualkitError("unitizing agreement needs at least two coders")
    if data.length <= 0:
        raise QualkitError("the continuum needs a length of at least one position")


def u_alpha(data: Continuum, binary: bool = False) -> UnitizingResult:
    """uα over all values and gaps, or |uα (`binary`) over valued units against gaps."""
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
    return _result(d_o / total, d_e / total, len(margins))


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
        return _result(d_o / total, d_e / total, len(values))
    if code not in margins or margins[code] == 0:
        return UnitizingResult(None, 0.0, 0.0, f"no units of '{code}' intersect valued units")
    l_k, e_k = margins[code], sum(expected(code, v) for v in values)
    d_o = (l_k - observed.get((code, code), 0.0)) / l_k
    d_e = (e_k - expected(code, code)) / e_k
    return _result(d_o, d_e, len(values))


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


def _result(d_o: float, d_e: float, n_values: int) -> UnitizingResult:
    if d_e <= 0:
        return UnitizingResult(
            None,
            d_o,
            d_e,
            "no variation to compare against (one value throughout): alpha is undefined",
        )
    return UnitizingResult(1 - d_o / d_e, d_o, d_e)


# --- the 2004 form ------------------------------------------------------------------------------


def u_alpha_2004(data: Continuum, code: str | None = None) -> UnitizingResult:
    """Krippendorff's (2004) αU for one value, or pooled over all values."""
    _check(data)
    values = [code] if code is not None else data.values()
    if code is not None and code not in data.values():
        raise QualkitError(f"no unit has the value '{code}'")
    d_o = d_e = 0.0
    for value in values:
        partitions = _partitions(data, merge=True, relabel=lambda v, w=value: v if v == w else GAP)
        d_o += _observed_2004(partitions, data.length)
        d_e += _expected_2004(partitions, data.length)
    return _result(d_o, d_e, len(values))


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
    import bisect

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
