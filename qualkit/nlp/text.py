"""Word forms that ignore what typing and OCR lose: case, diacritics and separators.

`fold` is the one folding in qualkit: case attributes use it to recognise "Sius konsulent"
as "SIUS-konsulent", the suggestion rules use it so that "bemotande" typed without å ä ö
still reads as "bemötande".
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics or separators: 'SIUS-konsulent' -> 'siuskonsulent'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def has_diacritics(word: str) -> bool:
    """True for 'bemötande', false for 'bemotande': only words without diacritics may have
    lost them, so only those are compared in folded form."""
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", word))
