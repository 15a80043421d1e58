"""Lemma-aware search across transcripts (qualkit.search)."""

from __future__ import annotations

import dataclasses

import pytest

from qualkit.corpus.segment import sentences, turns
from qualkit.errors import QualkitError
from qualkit.model import Transcript
from qualkit.search import SearchIndex, Term, parse_query

TEXT = """\
I: Hur var bemötandet på Arbetsförmedlingen?
D: Jag blev bra bemött. Handläggaren lyssnade, hon brydde sig om hur jag mår.
I: Och arbetsträningen?
D: Arbetsträningsplatsen var bra. Men sen bytte jag handlaggare igen.
"""


def transcript(text: str = TEXT, name: str = "se-d-08") -> Transcript:
    found = turns(text)
    return Transcript(
        id=name,
        text=text,
        text_sha256=str(hash(text)),
        turns=tuple(found),
        sentences=tuple(sentences(text, found)),
    )


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.add(transcript())
    return built


def found(index: SearchIndex, query: str) -> list[list[str]]:
    """The words each hit matched, as written."""
    return [[TEXT[s:e] for s, e in hit.words] for hit in index.search(parse_query(query))]


@pytest.mark.parametrize("query", ["bemötande", "bemotande", "bemött", "BEMÖTANDET"])
def test_a_word_finds_its_other_forms_with_or_without_diacritics(index, query):
    assert found(index, query) == [["bemötandet"], ["bemött"]]


def test_a_word_typed_without_diacritics_finds_the_word_with_them(index):
    assert found(index, "mar") == [["mår"]]
    assert found(index, "handläggare") == [["Handläggaren"], ["handlaggare"]]


def test_a_prefix_finds_compounds(index):
    assert found(index, "arbetstr*") == [["arbetsträningen"], ["Arbetsträningsplatsen"]]


def test_every_word_must_be_in_the_same_sentence(index):
    assert found(index, "bemött lyssna") == []
    assert found(index, "lyssna bry") == [["lyssnade", "brydde"]]


def test_a_quoted_phrase_needs_its_words_in_a_row(index):
    assert found(index, '"bry sig"') == [["brydde", "sig"]]
    assert found(index, '"sig bry"') == []


def test_a_hit_spans_its_words_within_its_sentence(index):
    (hit,) = index.search(parse_query("lyssna bry"))
    assert TEXT[hit.start : hit.end] == "lyssnade, hon brydde"
    assert TEXT[hit.sentence[0] : hit.sentence[1]].startswith("Handläggaren lyssnade")


def test_speaker_labels_are_not_words_of_the_text(index):
    assert found(index, "d") == [] and found(index, "i") == []


def test_a_changed_text_is_read_again_and_a_gone_transcript_forgotten():
    index = SearchIndex()
    first = transcript()
    index.add(first)
    changed = dataclasses.replace(
        transcript(TEXT.replace("bemött", "väl mottagen")), text_sha256="other"
    )
    assert not index.has(changed.id, changed.text_sha256)
    index.add(changed)
    assert [h.transcript for h in index.search(parse_query("bemött"))] == ["se-d-08"]
    index.add(transcript("I: Fråga?\nD: Bemött, tycker jag.\n", "fs-d-16"))
    assert {h.transcript for h in index.search(parse_query("bemött"))} == {"se-d-08", "fs-d-16"}
    assert [h.transcript for h in index.search(parse_query("bemött"), ["fs-d-16"])] == ["fs-d-16"]
    index.keep_only(["fs-d-16"])
    assert [h.transcript for h in index.search(parse_query("bemött"))] == ["fs-d-16"]


def test_queries_are_read_as_words_prefixes_and_phrases():
    query = parse_query('bemöt* "bry sig" jobb')
    assert query.groups == (
        (Term("bemöt", prefix=True),),
        (Term("bry"), Term("sig")),
        (Term("jobb"),),
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "type a word"), ("?! …", "type a word"), ('"bry sig', "close the quote")],
)
def test_a_query_without_words_is_refused(query, message):
    with pytest.raises(QualkitError, match=message):
        parse_query(query)
