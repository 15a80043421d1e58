"""Turn another tool's selection positions into offsets in qualkit's stored text.

REFI-QDA says positions count characters, but writers count differently: NVivo counts UTF-16
code units over the exact file (an emoji is 2, CRLF is 2), ATLAS.ti counts CRLF as one, and
the standard (QualCoder, MAXQDA, qc, qualkit) counts code points over the file. qualkit
stores the text normalised (NFC, `\\n` line ends, trimmed), so a position is mapped in steps:
units -> code points of the file -> code points after line ends are joined -> after NFC ->
after trimming. Each coding is then checked against the text the tool itself saw.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from enum import StrEnum

from qualkit.corpus.readers import normalise


class Counting(StrEnum):
    """How a writer counts positions in a text source."""

    utf16 = "utf16"  # UTF-16 code units over the file's text, CRLF = 2 (NVivo)
    codepoints = "codepoints"  # code points over the file's text (the standard)
    codepoints_lf = "codepoints-lf"  # code points with CRLF counted as one (ATLAS.ti)


def counting_for(origin: str) -> Counting:
    """The counting a writer uses, from the `origin` it puts on <Project>."""
    folded = origin.casefold()
    if "nvivo" in folded:
        return Counting.utf16
    if "atlas.ti" in folded or "atlasti" in folded:
        return Counting.codepoints_lf
    return Counting.codepoints


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Positions in one source file (counted as `counting`) -> offsets in `self.text`."""

    def __init__(self, raw: str, counting: Counting):
        self.raw = raw
        self.counting = counting
        self.text = normalise(raw)
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]  # the dropped "\r"s
        # astral characters: where they start, in units (UTF-16) and in code points
        self._astral_units: list[int] = []
        if counting is Counting.utf16:
            for number, match in enumerate(_ASTRAL.finditer(raw)):
                self._astral_units.append(match.start() + number)
        self._crlf_lf = [r - k for k, r in enumerate(self._crlf)]  # the same, CRLF as one
        joined = raw.replace("\r\n", "\n").replace("\r", "\n")
        self._nfc = None if unicodedata.is_normalized("NFC", joined) else _NfcMap(joined)
        self._lead = len(joined) - len(joined.lstrip("\ufeff").lstrip("\n"))  # as normalise
        self.units = self._units()

    def _units(self) -> int:
        if self.counting is Counting.utf16:
            return len(self.raw) + len(self._astral_units)
        if self.counting is Counting.codepoints_lf:
            return len(self.raw) - len(self._crlf)
        return len(self.raw)

    def to_text(self, position: int, end: bool = False) -> int:
        """The stored offset for a position; inside a character pair, rounds outwards."""
        raw = self._to_raw(position, end)
        joined = raw - bisect_left(self._crlf, raw)
        if self._nfc is not None:
            joined = self._nfc.map(joined, end)
        return min(max(joined - self._lead, 0), len(self.text))

    def _to_raw(self, position: int, end: bool) -> int:
        if self.counting is Counting.utf16:
            before = bisect_left(self._astral_units, position)  # pairs starting before
            if before and self._astral_units[before - 1] + 1 == position:
                # the middle of a surrogate pair: take the whole character
                return position - before + (1 if end else 0)
            return position - before
        if self.counting is Counting.codepoints_lf:
            return position + bisect_left(self._crlf_lf, position)
        return position

    def seen_by_tool(self, start: int, end: int) -> str:
        """The text the exporting tool coded, sliced in its own units and normalised like
        the stored text (line ends, NFC) — independent of the mapping, to check it."""
        if self.counting is Counting.utf16:
            units = self._utf16()
            start -= _low_surrogate(units, start)  # half an emoji counts as all of it,
            end += _low_surrogate(units, end)  # as in `to_text`
            piece = units[2 * start : 2 * end].decode("utf-16-le", errors="replace")
        elif self.counting is Counting.codepoints_lf:
            piece = self.raw.replace("\r\n", "\n")[start:end]
        else:
            piece = self.raw[start:end]
        piece = piece.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", piece)

    def _utf16(self) -> bytes:
        if not hasattr(self, "_utf16_cache"):
            self._utf16_cache = self.raw.encode("utf-16-le", errors="surrogatepass")
        return self._utf16_cache


def _low_surrogate(units: bytes, position: int) -> int:
    """1 when `position` falls between the two halves of a surrogate pair."""
    unit = int.from_bytes(units[2 * position : 2 * position + 2], "little")
    return int(0xDC00 <= unit <= 0xDFFF)


class _NfcMap:
    """Offsets before NFC -> after, for the rare text that NFC changes. Characters are grouped
    with the combining marks that follow them; a position inside a group that composes
    maps to the group's start (or, for an end, its end)."""

    def __init__(self, text: str):
        groups = _groups(text)
        parts = [unicodedata.normalize("NFC", text[a:b]) for a, b in groups]
        if "".join(parts) != unicodedata.normalize("NFC", text):
            groups = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\n?", text) if m.group()]
            parts = [unicodedata.normalize("NFC", text[a:b]) for a, b in groups]
        self._starts = [a for a, _ in groups]
        self._groups = groups
        self._after: list[int] = []
        offset = 0
        for part in parts:
            self._after.append(offset)
            offset += len(part)
        self._lengths = [len(p) for p in parts]
        self._total = offset

    def map(self, position: int, end: bool) -> int:
        index = bisect_left(self._starts, position + 1) - 1
        if index < 0:
            return 0
        start, stop = self._groups[index]
        if position >= stop:
            return self._total
        inside = position - start
        length = self._lengths[index]
        if inside == 0:
            return self._after[index]
        if stop - start == length:
            return self._after[index] + inside
        return self._after[index] + (length if end else 0)


def _groups(text: str) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text)):
        if not unicodedata.combining(text[i]):
            groups.append((start, i))
            start = i
    if text:
        groups.append((start, len(text)))
    return groups
