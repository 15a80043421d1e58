"""Searching transcripts by word, lemma-aware: "bemötande" also finds "bemött" and
"bemötandet", and a word typed without å ä ö finds it with them.

A word of the query matches a word of the text when they share a lemma, within two steps
of lemmatising (bemötandet -> bemötande -> bemöta, bemött -> bemöta), or when both read
the same without case and diacritics ("mar" finds "mår"). `arbets*` finds every word that
begins so; "bry sig" in quotes finds the words in a row. All parts of a query must occur
in one sentence; each sentence found is one hit.

The index keeps each transcript's words and every word form's lemmas in memory, so a
transcript is read and lemmatised once per session (again only if its text changes).
Lemmas come from simplemma, loaded on first use (about a second): build the index in a
worker thread. A `SearchIndex` may be shared between threads.
"""

from __future__ import annotations

import bisect
import re
import shlex
import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qualkit.errors import QualkitError
from qualkit.model import Transcript
from qualkit.nlp.text import fold

_WORD = re.compile(r"\w+")
_LEMMA_STEPS = 2  # bemötandet -> bemötande -> bemöta; further steps drift (stöttade -> stöta)


@dataclass(frozen=True)
class Term:
    """One word of a query, or a prefix (`arbets*`)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """What to find: groups of terms, each group a single word or a quoted phrase; all
    groups must occur in one sentence."""

    groups: tuple[tuple[Term, ...], ...]
    text: str = ""


@dataclass(frozen=True)
class Hit:
    """A sentence where the query was found: `start`/`end` run from the first to the last
    matched word, `words` are the matched words, `sentence` the sentence's span."""

    transcript: str
    start: int
    end: int
    sentence: tuple[int, int]
    words: tuple[tuple[int, int], ...]


def parse_query(text: str) -> Query:
    """Words and "quoted phrases"; a word ending in * is a prefix. Raises QualkitError for a
    query without words (or with an unclosed quote)."""
    try:
        parts = shlex.split(text.replace("'", "\\'"))
    except ValueError:
        raise QualkitError("close the quote in the search") from None
    groups = []
    for part in parts:
        terms = []
        for found in re.finditer(r"\w+\*?", part):
            word = found.group()
            terms.append(Term(word.rstrip("*").lower(), word.endswith("*")))
        if terms:
            groups.append(tuple(terms))
    if not groups:
        raise QualkitError("type a word to search for")
    return Query(tuple(groups), text.strip())


class _Words:
    """One transcript's words: where each is, its form (a vocabulary id) and its sentence."""

    def __init__(self, transcript: Transcript, form_id: Callable[[str], int]) -> None:
        self.sha = transcript.text_sha256
        self.sentences = [(s.start, s.end) for s in transcript.sentences]
        sentence_starts = [s for s, _ in self.sentences]
        self.starts, self.ends = array("l"), array("l")
        self.forms, self.sentence = array("l"), array("l")
        self.by_form: dict[int, list[int]] = {}
        for found in _WORD.finditer(transcript.text):
            start, end = found.span()
            number = bisect.bisect_right(sentence_starts, start) - 1
            if number < 0 or end > self.sentences[number][1]:
                continue  # a speaker label: not part of what was said
            form = form_id(found.group().lower())
            self.by_form.setdefault(form, []).append(len(self.starts))
            self.starts.append(start)
            self.ends.append(end)
            self.forms.append(form)
            self.sentence.append(number)


class SearchIndex:
    """Transcripts' words and their lemmas, for lemma-aware search (see the module)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._transcripts: dict[str, _Words] = {}
        self._forms: list[str] = []
        self._form_ids: dict[str, int] = {}
        self._by_lemma: dict[str, set[int]] = {}
        self._by_fold: dict[str, set[int]] = {}
        self._folded: list[tuple[str, int]] | None = None  # sorted, for prefixes

    # --- indexing -----------------------------------------------------------------------

    def has(self, transcript_id: str, text_sha256: str) -> bool:
        """Whether this text of the transcript is indexed already."""
        with self._lock:
            words = self._transcripts.get(transcript_id)
            return words is not None and words.sha == text_sha256

    def add(self, transcript: Transcript) -> None:
        """Index a transcript (again, if its text changed)."""
        if self.has(transcript.id, transcript.text_sha256):
            return
        with self._lock:
            self._transcripts[transcript.id] = _Words(transcript, self._form_id)

    def keep_only(self, transcript_ids: Iterable[str]) -> None:
        """Forget transcripts no longer in the project."""
        keep = set(transcript_ids)
        with self._lock:
            for gone in [t for t in self._transcripts if t not in keep]:
                del self._transcripts[gone]

    def _form_id(self, form: str) -> int:
        found = self._form_ids.get(form)
        if found is not None:
            return found
        number = self._form_ids[form] = len(self._forms)
        self._forms.append(form)
        for key in lemma_keys(form):
            self._by_lemma.setdefault(key, set()).add(number)
        self._by_fold.setdefault(fold(form), set()).add(number)
        self._folded = None
        return number

    # --- searching ----------------------------------------------------------------------

    def search(self, query: Query, transcripts: Iterable[str] | None = None) -> list[Hit]:
        """Hits in the given transcripts (all indexed ones when None), in the given order
        and in text order within each."""
        with self._lock:
            wanted = [[self._matching(term) for term in group] for group in query.groups]
            order = list(self._transcripts) if transcripts is None else list(transcripts)
            hits: list[Hit] = []
            for transcript in order:
                words = self._transcripts.get(transcript)
                if words is not None:
                    hits += _hits(transcript, words, wanted)
            return hits

    def _matching(self, term: Term) -> set[int]:
        """The word forms (vocabulary ids) a term matches."""
        folded = fold(term.text)
        if term.prefix:
            if self._folded is None:
                self._folded = sorted((fold(form), n) for n, form in enumerate(self._forms))
            at = bisect.bisect_left(self._folded, (folded, -1))
            found = set()
            while at < len(self._folded) and self._folded[at][0].startswith(folded):
                found.add(self._folded[at][1])
                at += 1
            return found
        found = set(self._by_fold.get(folded, ()))
        for key in lemma_keys(term.text):
            found |= self._by_lemma.get(key, set())
        return found


def lemma_keys(form: str) -> set[str]:
    """The lemmas of a lower-case word form, up to two steps deep."""
    from qualkit.nlp.lemmas import lemma

    keys, current = set(), form
    for _ in range(_LEMMA_STEPS):
        current = lemma(current)
        keys.add(current)
    return keys


def _hits(transcript: str, words: _Words, wanted: list[list[set[int]]]) -> list[Hit]:
    """Sentences where every group matches, with the words that matched."""
    found: dict[int, set[int]] = {}  # sentence -> positions of the words that matched
    for number, group in enumerate(wanted):
        matched = _matches(words, group)
        if number:
            matched = {s: found[s] | at for s, at in matched.items() if s in found}
        found = matched
        if not found:
            return []
    hits = []
    for sentence, positions in sorted(found.items()):
        spans = tuple(sorted((words.starts[at], words.ends[at]) for at in positions))
        hits.append(Hit(transcript, spans[0][0], spans[-1][1], words.sentences[sentence], spans))
    return hits


def _matches(words: _Words, group: list[set[int]]) -> dict[int, set[int]]:
    """Where a group's words occur in a row within a sentence: sentence -> positions."""
    found: dict[int, set[int]] = {}
    for first in _positions(words, group[0]):
        run = range(first, first + len(group))
        if run.stop > len(words.forms) or any(
            words.forms[at] not in forms or words.sentence[at] != words.sentence[first]
            for at, forms in zip(run, group, strict=True)
        ):
            continue
        found.setdefault(words.sentence[first], set()).update(run)
    return found


def _positions(words: _Words, forms: set[int]) -> list[int]:
    positions: list[int] = []
    for form in forms:
        positions += words.by_form.get(form, ())
    return positions
