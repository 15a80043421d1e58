"""How common a Swedish word is, from wordfreq's Swedish frequencies (a large reference corpus
of subtitles, web text and Wikipedia that ships inside the package: nothing is downloaded).

A keyword that names something rare ("arbetsträning") says more about a passage than one
that is said all the time ("mår"). Rarity comes from the reference corpus, not the project,
so a passage scores the same whatever else the project holds.
"""

from __future__ import annotations

from functools import lru_cache

# Zipf frequencies run from about 8 ("och") down to 0 for words wordfreq has not seen.
_CEILING = 8.0
MIN_RARITY = 1.0
MAX_RARITY = 6.0  # unseen words (typos, long compounds) are rare but not infinitely telling


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """log10 of the word's frequency per billion words in Swedish; 0.0 when unseen."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "sv", minimum=0.0)


def rarity(word: str) -> float:
    """1.0 for the most frequent words up to 6.0 for words hardly ever seen."""
    return min(MAX_RARITY, max(MIN_RARITY, _CEILING - zipf(word)))
