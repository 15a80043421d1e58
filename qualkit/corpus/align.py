"""Carry passages of a text over to a corrected version of it.

A transcriber fixes a typo, inserts a missing sentence, drops a repeated one or re-spaces a
line after coding has begun. `align(old, new)` finds what the two versions share and
`Alignment.place(start, end)` says where a passage of the old text now is — on the same words,
corrected — or why it cannot be placed (its words were deleted or rewritten).

    alignment = align(old_text, new_text)
    placement = alignment.place(120, 164)
    placement.new      # (131, 175), or None with placement.reason saying why

The texts are compared coarse to fine with `difflib.SequenceMatcher`: lines first (a
transcript's lines are nearly all distinct, so this is fast even for long transcripts), then
the words of the lines that differ, then the characters of the words that differ. Offsets
are Python `str` indices (code points), `end` exclusive, as everywhere in qualkit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["MIN_SIMILARITY", "Alignment", "Placement", "align"]

# A passage counts as "the same words" when its old and new text are at least this similar
# (difflib's ratio: twice the characters they share over their combined length). A fixed
# typo or a word added keeps a passage well above it; a passage mostly rewritten falls below.
MIN_SIMILARITY = 0.6

# Units compared at each level: lines, then runs of non-space characters (words with their
# punctuation). What lies between matched units is compared at the next level, and at the
# last level character by character.
_LEVELS = (re.compile(r"[^\n]*\n|[^\n]+"), re.compile(r"\S+"))
# Character-level comparison of two stretches costs about the product of their lengths; a
# stretch rewritten beyond this is treated as wholly changed (nothing in it can be placed).
_MAX_CHARACTER_WORK = 4_000_000
# A stretch between matched words is compared letter by letter only when the two versions
# are this alike (a corrected word, different spacing); otherwise it counts as rewritten.
_MIN_GAP_SIMILARITY = 0.5
# Above this many units, difflib's "popular element" heuristic keeps word-level matching
# near-linear; the words it skips are recovered at the character level in the gaps.
_AUTOJUNK_FROM = 20_000


@dataclass(frozen=True)
class Placement:
    """Where a passage of the old text is in the new one.

    `new` is the passage's span in the new text, or None when it cannot be placed; `reason`
    then says why, in words for the researcher. `exact` is True when the passage's text is
    unchanged (only its position may have moved)."""

    old: tuple[int, int]
    new: tuple[int, int] | None
    reason: str = ""
    exact: bool = False

    @property
    def placed(self) -> bool:
        return self.new is not None


class Alignment:
    """What an old and a new version of a text share, as runs of equal characters."""

    def __init__(self, old: str, new: str, blocks: list[tuple[int, int, int]]):
        self.old = old
        self.new = new
        # (old start, new start, length) of every run of characters kept, in text order.
        self._blocks = blocks
        self._old_starts = [b[0] for b in blocks]

    @property
    def unchanged(self) -> bool:
        return self.old == self.new

    def place(self, start: int, end: int) -> Placement:
        """The span in the new text of old[start:end], or why it has none."""
        if not 0 <= start < end <= len(self.old):
            raise ValueError(f"span {start}–{end} is outside the old text (0–{len(self.old)})")
        new_start = self._start(start)
        new_end = self._end(end)
        if new_start is None and new_end is None:
            return Placement((start, end), None, "its words were deleted or rewritten")
        if new_start is None:
            return Placement((start, end), None, "its beginning was deleted or rewritten")
        if new_end is None:
            return Placement((start, end), None, "its end was deleted or rewritten")
        if new_end <= new_start:
            return Placement((start, end), None, "its words were deleted")
        before, after = self.old[start:end], self.new[new_start:new_end]
        if before == after:
            return Placement((start, end), (new_start, new_end), exact=True)
        kept = self._kept(start, end)
        similarity = 2 * kept / (len(before) + len(after))
        if similarity < MIN_SIMILARITY:
            return Placement(
                (start, end), None, f"most of its words changed ({similarity:.0%} alike)"
            )
        return Placement((start, end), (new_start, new_end))

    # A passage begins where its first character went; if that character was changed, where
    # the characters before it ended (its beginning is then next to the edit, not inside it).
    def _start(self, offset: int) -> int | None:
        kept = self._kept_at(offset)
        if kept is not None:
            return kept
        before = self._kept_at(offset - 1)
        return None if before is None else before + 1

    def _end(self, offset: int) -> int | None:
        kept = self._kept_at(offset - 1)
        if kept is not None:
            return kept + 1
        after = self._kept_at(offset)
        return after

    def _kept_at(self, offset: int) -> int | None:
        """Where the old character at `offset` is in the new text, if it was kept."""
        if offset < 0:
            return None
        i = bisect_right(self._old_starts, offset) - 1
        if i < 0:
            return None
        old_start, new_start, size = self._blocks[i]
        return new_start + offset - old_start if offset < old_start + size else None

    def _kept(self, start: int, end: int) -> int:
        """How many characters of old[start:end] were kept."""
        i = max(bisect_right(self._old_starts, start) - 1, 0)
        total = 0
        for old_start, _, size in self._blocks[i:]:
            if old_start >= end:
                break
            total += max(0, min(end, old_start + size) - max(start, old_start))
        return total


def align(old: str, new: str) -> Alignment:
    """Compare two versions of a text (see the module's description)."""
    blocks = _merged(_matches(old, new, 0, len(old), 0, len(new), 0))
    return Alignment(old, new, blocks)


def _matches(
    old: str, new: str, o0: int, o1: int, n0: int, n1: int, level: int
) -> Iterator[tuple[int, int, int]]:
    """Runs of equal characters between old[o0:o1] and new[n0:n1], in order."""
    if o0 == o1 or n0 == n1:
        return
    if old[o0:o1] == new[n0:n1]:
        yield o0, n0, o1 - o0
        return
    if level == len(_LEVELS):
        yield from _character_matches(old, new, o0, o1, n0, n1)
        return
    old_units = [m.span() for m in _LEVELS[level].finditer(old, o0, o1)]
    new_units = [m.span() for m in _LEVELS[level].finditer(new, n0, n1)]
    old_keys, new_keys = _keys(old, old_units), _keys(new, new_units)
    if level == 0:
        old_keys, new_keys = _unique(_with_previous(old_keys), _with_previous(new_keys))
    matcher = SequenceMatcher(
        None,
        old_keys,
        new_keys,
        autojunk=max(len(old_units), len(new_units)) >= _AUTOJUNK_FROM,
    )
    old_at, new_at = o0, n0  # the end of the last matched unit: a gap starts here
    for i, j, size in matcher.get_matching_blocks():
        for (old_from, old_to), (new_from, new_to) in zip(
            old_units[i : i + size], new_units[j : j + size], strict=True
        ):
            # What lies between matched units (a changed line; the spaces between words)
            # is compared at the next level, and so is a line matched with its spacing changed.
            yield from _matches(old, new, old_at, old_from, new_at, new_from, level + 1)
            yield from _matches(old, new, old_from, old_to, new_from, new_to, level + 1)
            old_at, new_at = old_to, new_to
    yield from _matches(old, new, old_at, o1, new_at, n1, level + 1)


def _keys(text: str, units: list[tuple[int, int]]) -> list[object]:
    """What is compared of each unit: its words, whatever the spacing between them. A blank
    line matches nothing (any two are alike, so they would tie unrelated stretches together)."""
    keys: list[object] = []
    for a, b in units:
        words = text[a:b].split()
        keys.append(" ".join(words) if words else object())
    return keys


def _with_previous(keys: list[object]) -> list[object]:
    """Each line's words together with the previous line's: a line ties the texts together
    only where the line before it is the same too. A line alone can be matched to a stretch
    re-broken into other lines (a corrected line break puts a line's words on the one
    before, and a lone later line with the same words would take its place)."""
    paired: list[object] = []
    previous: object = None  # the text's start
    for key in keys:
        if isinstance(key, str):
            paired.append((previous, key))
            previous = key
        else:
            paired.append(key)  # a blank line ties nothing and does not break a pair
    return paired


def _unique(old_keys: list[object], new_keys: list[object]) -> tuple[list, list]:
    """Only lines that occur once in each text tie the texts together ("I: Mm." or a line
    said twice could tie the wrong places); the others are compared word by word."""
    counts = Counter(old_keys)
    counts.update(new_keys)
    once_each = {key for key, n in counts.items() if n == 2}
    once_each &= set(old_keys) & set(new_keys)
    return (
        [key if key in once_each else object() for key in old_keys],
        [key if key in once_each else object() for key in new_keys],
    )


def _character_matches(
    old: str, new: str, o0: int, o1: int, n0: int, n1: int
) -> Iterator[tuple[int, int, int]]:
    if (o1 - o0) * (n1 - n0) > _MAX_CHARACTER_WORK:
        return
    matcher = SequenceMatcher(None, old[o0:o1], new[n0:n1], autojunk=False)
    if matcher.ratio() < _MIN_GAP_SIMILARITY:
        return  # rewritten: the letters two different sentences share mean nothing
    for i, j, size in matcher.get_matching_blocks():
        if size:
            yield o0 + i, n0 + j, size


def _merged(blocks: Iterator[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent runs joined into one."""
    merged: list[tuple[int, int, int]] = []
    for old_start, new_start, size in blocks:
        if merged:
            last_old, last_new, last_size = merged[-1]
            if last_old + last_size == old_start and last_new + last_size == new_start:
                merged[-1] = (last_old, last_new, last_size + size)
                continue
        merged.append((old_start, new_start, size))
    return merged
