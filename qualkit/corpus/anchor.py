"""Find a coded passage in a transcript by its text.

Codings that travel between files and tools carry offsets that may not fit (another tool's
counting, an edited transcript). The passage's own text decides where it belongs; offsets only
choose between several occurrences.
"""

from __future__ import annotations

import re


def find_passage(
    text: str, quote: str, near: int | None = None, occurrence: int | None = None
) -> tuple[int, int] | None:
    """Span of `quote` in `text`: the `occurrence`-th (1-based), else the one nearest `near`,
    else the first. Whitespace differences (a line break for a space) are tolerated."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spans = [m.span() for m in pattern.finditer(text)]
    if not spans:
        return None
    if occurrence is not None:
        return spans[occurrence - 1] if 0 < occurrence <= len(spans) else None
    if near is not None:
        return min(spans, key=lambda span: abs(span[0] - near))
    return spans[0]
