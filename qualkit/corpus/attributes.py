"""Case attributes: names normalised, the trial's arms and roles recognised.

Values are kept as text exactly as written (front matter is read without YAML's type
guessing), except that known arms and roles get their canonical spelling, so "se" and
"Sius konsulent" do not become extra columns in a crosstab.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from qualkit.corpus.controls import visible
from qualkit.errors import QualkitError
from qualkit.nlp.text import fold

ARMS = ("FS", "SE", "CM")
ROLES = ("deltagare", "arbetsförmedlare", "personlig handläggare", "SIUS-konsulent", "case manager")

# Attributes the study's tables show first, in this order; others follow as first seen.
KNOWN_ORDER = (
    "nr",
    "arm",
    "role",
    "kommun",
    "region",
    "kön",
    "ålder",
    "daglig_verksamhet",
    "datum",
    "intervjuare",
)

# Column names that `qualkit codings` already uses; an attribute may not shadow them.
RESERVED = frozenset(
    {"transcript", "start", "end", "code", "coder", "origin", "created", "text", "memo"}
)


_CANONICAL = {fold(v): v for v in (*ARMS, *ROLES)}


def attribute_order(names: Iterable[str]) -> list[str]:
    """Known attributes first (arm before role before kommun …), then the rest as first seen."""
    seen = list(dict.fromkeys(names))
    known = [name for name in KNOWN_ORDER if name in seen]
    return known + [name for name in seen if name not in KNOWN_ORDER]


def attribute_name(raw: object, where: str, line: int | None = None) -> str:
    """'Daglig verksamhet' -> 'daglig_verksamhet'; refuses empty and reserved names."""
    name = re.sub(r"\s+", "_", _clean(raw).strip().casefold())
    if not name:
        raise QualkitError("empty attribute name", where, line)
    if name in RESERVED:
        raise QualkitError(
            f"attribute name '{name}' is reserved (it is a column of `qualkit codings`)",
            where,
            line,
        )
    return name


def attribute_value(name: str, raw: object) -> tuple[str, str | None]:
    """The value as stored, and a warning when an arm or role is not one the trial knows."""
    value = _clean(raw).strip()
    if name not in ("arm", "role"):
        return value, None
    known = ARMS if name == "arm" else ROLES
    canonical = _CANONICAL.get(fold(value))
    if canonical in known:
        return canonical, None
    return value, f"{name} '{value}' is not one of {', '.join(known)}; kept as written"


def _clean(raw: object) -> str:
    return visible(unicodedata.normalize("NFC", str(raw)))
