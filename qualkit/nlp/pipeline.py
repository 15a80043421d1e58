"""The spaCy pipelines for Swedish interview text, each built once and lazily.

spaCy's trained Swedish pipelines cannot be installed offline, so both are `spacy.blank("sv")`
with transcript abbreviations as tokenizer exceptions and a rule-based sentencizer;
`text_pipeline` adds simplemma lemmas and diacritic-folded forms for keyword rules and models.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from qualkit.nlp.lang.sv.abbreviations import ABBREVIATIONS

if TYPE_CHECKING:
    from spacy.language import Language

# Spoken transcripts mark trailing off with "..." or "…" as often as with a full stop.
SENTENCE_ENDS = [".", "!", "?", "…", "...", "?!", "!?"]
FORMS = "swedish_forms"

_building = threading.Lock()  # the TUI loads the pipeline in a worker while the CLI may not


@lru_cache(maxsize=1)
def sentence_pipeline() -> Language:
    """Tokenizer and sentencizer: enough to split turns into sentences."""
    return _blank()


def text_pipeline() -> Language:
    """Tokens, sentences, lemmas (`token.lemma_`) and folded forms (`token.norm_`).

    The first call takes about 1.5 s (spaCy and simplemma's Swedish dictionary); later calls
    return the same pipeline, whose word-form cache grows with the text it has seen.
    """
    with _building:
        return _text_pipeline()


@lru_cache(maxsize=1)
def _text_pipeline() -> Language:
    from spacy.language import Language

    from qualkit.nlp import lemmas

    if not Language.has_factory(FORMS):
        Language.factory(FORMS, func=lambda nlp, name: lemmas.SwedishForms())
    lemmas.load()
    nlp = _blank()
    nlp.add_pipe(FORMS)
    return nlp


def _blank() -> Language:
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("sv")
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.capitalize()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    return nlp
