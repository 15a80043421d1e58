"""Finding a code by what the coder types: its name, short label, id or keywords, with or
without å ä ö, the codes used most recently first. Pure logic: the picker screen shows it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualkit.codebook import Codebook
from qualkit.model import Code
from qualkit.nlp.text import fold

_WORDS = re.compile(r"[\s/_\-]+")

# How much a hit in each field counts: a name beats an id beats a keyword.
_FIELD_WEIGHT = {"name": 1.0, "short": 1.0, "id": 0.9, "keyword": 0.8}
_RECENT_BONUS = 12.0  # the most recent code; the bonus shrinks down the list


@dataclass(frozen=True)
class Match:
    """A code the query found, with the text that matched (a keyword, say) to show why."""

    code: Code
    score: float
    why: str = ""


def find_codes(codebook: Codebook, query: str, recent: Sequence[str] = ()) -> list[Match]:
    """Codes matching `query`, best first; with an empty query, recent codes then the rest."""
    rank = {code_id: i for i, code_id in enumerate(recent)}
    wanted = fold(query)
    if not wanted:
        ordered = sorted(codebook, key=lambda c: (rank.get(c.id, len(rank)), 0))
        return [Match(code, 0.0) for code in ordered]
    found = []
    for position, code in enumerate(codebook):
        score, why = _best(code, wanted)
        if score > 0:
            if code.id in rank:
                score += _RECENT_BONUS / (1 + rank[code.id])
            found.append((-score, position, Match(code, score, why)))
    return [match for *_, match in sorted(found, key=lambda item: item[:2])]


def short_label(code: Code) -> str:
    """The label shown in the gutter: the codebook's `short`, else the name's first letters."""
    return code.short or fold(code.name)[:3].upper() or code.id[:3].upper()


def _best(code: Code, wanted: str) -> tuple[float, str]:
    best, why = 0.0, ""
    for field, text in _fields(code):
        score = _FIELD_WEIGHT[field] * _score(text, wanted, fuzzy=field != "keyword")
        if score > best:
            best, why = score, (text if field == "keyword" else "")
    return best, why


def _fields(code: Code):
    yield "name", code.name
    if code.short:
        yield "short", code.short
    yield "id", code.id
    for keyword in code.keywords:
        yield "keyword", keyword


def _score(text: str, wanted: str, fuzzy: bool) -> float:
    pattern = text.endswith("*")
    whole = fold(text)
    if whole == wanted:
        return 100.0
    if whole.startswith(wanted):
        return 80.0 + 10.0 * len(wanted) / len(whole)
    if pattern and wanted.startswith(whole):
        return 75.0  # "bemötandet" typed is an instance of the pattern "bemöt*"
    words = [fold(word) for word in _WORDS.split(text)]
    if any(word.startswith(wanted) for word in words if word):
        return 70.0
    if wanted in whole:
        return 50.0
    if fuzzy and len(wanted) >= 2 and _in_order(wanted, whole):
        return 20.0 + 10.0 * len(wanted) / len(whole)
    return 0.0


def _in_order(wanted: str, text: str) -> bool:
    """Every letter of `wanted` appears in `text`, in order ("bmt" in "bemotande")."""
    letters = iter(text)
    return all(letter in letters for letter in wanted)
