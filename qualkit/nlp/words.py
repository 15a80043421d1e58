"""The content words of a processed text, read from spaCy's arrays rather than token by token.

A word is (start, end, lower-case form id, lemma id): ids are spaCy's string hashes, so
callers can cache what they derive from a word form without building strings for every
token; `WordReader.string` gives the text behind an id. Punctuation, white space and fillers
("eh", "liksom") are left out, so phrases match across them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualkit.nlp.lang.sv.fillers import FILLERS

if TYPE_CHECKING:
    from spacy.tokens import Doc

Word = tuple[int, int, int, int]


class WordReader:
    """Reads words from docs of one pipeline, caching the strings behind spaCy's hashes."""

    def __init__(self) -> None:
        from spacy.strings import hash_string

        self._strings: dict[int, str] = {}
        self._fillers = {hash_string(f) for f in FILLERS}
        self._vocab_strings = None

    def __call__(self, doc: Doc) -> list[Word]:
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER

        self._vocab_strings = doc.vocab.strings
        if not len(doc):
            return []
        fillers = self._fillers
        rows = doc.to_array([IDX, LENGTH, LOWER, LEMMA, IS_PUNCT, IS_SPACE]).tolist()
        return [
            (start, start + length, lower, lemma)
            for start, length, lower, lemma, punct, space in rows
            if not (punct or space or lower in fillers)
        ]

    def string(self, string_id: int) -> str:
        found = self._strings.get(string_id)
        if found is None:
            found = self._strings[string_id] = self._vocab_strings[string_id]  # type: ignore[index]
        return found
