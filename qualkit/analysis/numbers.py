"""One rounding rule for every figure a reader sees: whole percents, half up.

The crosstab's frame holds these whole percents, so the terminal table, the TUI, CSV, JSON,
xlsx and Word all show the same figure (2 of 19 respondents is 11 %, everywhere). Half up is
how readers round (12.5 % is 13 %); Python's round() and format() round half to even, and
rounding an already rounded 12.46 → 12.5 → 13 would be wrong too, so the share is rounded
once, exactly, from the two counts.
"""

from __future__ import annotations


def whole_percent(count: int, n: int) -> int | None:
    """100 · count / n rounded half up to a whole number; None when n is 0."""
    if n <= 0:
        return None
    return (200 * count + n) // (2 * n)  # floor(100 c / n + 1/2), in integers


def missing(value: object) -> bool:
    """None, NaN or pandas' NA (whose comparisons give NA, not a bool)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def percent_text(value: object, lang: str = "sv") -> str:
    """'11 %' (Swedish, with a space) or '11%'; '' for a missing value."""
    if missing(value):
        return ""
    try:
        shown = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f"{shown} %" if lang == "sv" else f"{shown}%"
