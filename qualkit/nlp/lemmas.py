"""Swedish lemmas from simplemma, and the spaCy component that puts them on tokens.

simplemma is right far more often than spaCy's Swedish lookup table on interview speech
(DESIGN.md, Swedish NLP). Words are lemmatised in lower case (simplemma leaves
"Arbetsförmedlingen" alone but turns "arbetsförmedlingen" into "arbetsförmedling"), each word
form once per process.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from qualkit.nlp.lang.sv.lemma_exceptions import LEMMA_EXCEPTIONS
from qualkit.nlp.text import fold, has_diacritics

# Letters that lose their diacritics when Swedish is typed on a foreign keyboard or OCR-read.
_RESTORE = {"a": "aåä", "o": "oö"}
# 3 a's and 2 o's give 108 candidates; longer words are left as they are (a prefix* keyword
# still finds them in folded form).
_MAX_CANDIDATES = 108


@lru_cache(maxsize=1)
def _simplemma():
    import simplemma

    simplemma.lemmatize("och", lang="sv")  # loads the Swedish dictionary now, not mid-run
    return simplemma


def load() -> None:
    """Load the Swedish dictionary (about 0.7 s) so the first lemma does not pay for it."""
    _simplemma()


def is_known(word: str) -> bool:
    return _simplemma().is_known(word.lower(), lang="sv")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one word, lower case: 'lyssnade' -> 'lyssna', 'bemotandet' -> 'bemötande'.

    A word simplemma does not know and that has no diacritics may have lost them: its most
    common spelling with å ä ö restored that simplemma knows gives the lemma.
    """
    lower = word.lower()
    if lower in LEMMA_EXCEPTIONS:
        return LEMMA_EXCEPTIONS[lower]
    if not any(ch.isalpha() for ch in lower):
        return lower
    simplemma = _simplemma()
    if not has_diacritics(lower) and not simplemma.is_known(lower, lang="sv"):
        restored = likely_spelling(lower)
        if restored is not None:
            return lemma(restored)
    return simplemma.lemmatize(lower, lang="sv").lower()


@lru_cache(maxsize=50_000)
def likely_spelling(word: str) -> str | None:
    """The spelling of `word` with å ä ö restored that is more common than `word` itself:
    'mar' -> 'mår', 'handlaggaren' -> 'handläggaren', but 'bara' -> None ('bära' is rarer).
    For text typed without diacritics."""
    from qualkit.nlp.rarity import zipf

    simplemma = _simplemma()
    known = [c for c in _candidates(word.lower()) if simplemma.is_known(c, lang="sv")]
    if not known:
        return None
    best = max(known, key=zipf)  # ties: fewest changes (candidates come in that order)
    if simplemma.is_known(word.lower(), lang="sv") and zipf(best) <= zipf(word.lower()):
        return None
    return best


@lru_cache(maxsize=50_000)
def _candidates(word: str) -> tuple[str, ...]:
    """Spellings of `word` with a -> å/ä and o -> ö, fewest changes first, `word` excluded."""
    if len(word) < 2 or not word.isalpha():
        return ()
    options = [_RESTORE.get(ch, ch) for ch in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count == 1 or count > _MAX_CANDIDATES:
        return ()
    spellings = sorted(
        ("".join(letters) for letters in itertools.product(*options)),
        key=lambda c: sum(a != b for a, b in zip(c, word, strict=True)),
    )
    return tuple(spellings[1:])


class SwedishForms:
    """spaCy component: `token.lemma_` is the simplemma lemma and `token.norm_` the folded
    lower-case form ('Bemötandet' -> lemma 'bemötande', norm 'bemotandet').

    Works on whole arrays (to_array/from_array) with a cache per word form: a million
    words pass in about a second."""

    def __init__(self) -> None:
        self._forms: dict[int, tuple[int, int]] = {}  # orth -> (lemma, norm) string ids

    def __call__(self, doc):
        import numpy
        from spacy.attrs import LEMMA, NORM, ORTH

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        forms = self._forms
        rows = []
        for orth in doc.to_array([ORTH]).tolist():
            found = forms.get(orth)
            if found is None:
                text = strings[orth]
                found = forms[orth] = (
                    strings.add(lemma(text)),
                    strings.add(fold(text) or text.lower()),
                )
            rows.append(found)
        doc.from_array([LEMMA, NORM], numpy.array(rows, dtype="uint64"))
        return doc
