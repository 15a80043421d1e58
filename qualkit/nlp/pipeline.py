"""The spaCy pipeline for Swedish interview text, built once and lazily.

spaCy's trained Swedish pipelines cannot be installed offline, so this is `spacy.blank("sv")`
with transcript abbreviations as tokenizer exceptions and a rule-based sentencizer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from qualkit.nlp.lang.sv.abbreviations import ABBREVIATIONS

if TYPE_CHECKING:
    from spacy.language import Language

# Spoken transcripts mark trailing off with "..." or "…" as often as with a full stop.
SENTENCE_ENDS = [".", "!", "?", "…", "...", "?!", "!?"]


@lru_cache(maxsize=1)
def sentence_pipeline() -> Language:
    """Tokenizer and sentencizer: enough to split turns into sentences."""
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("sv")
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.capitalize()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    return nlp
