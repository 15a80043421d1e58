"""Suggestions for passages: the codebook's keyword rules and the coder's model, ranked together.

Suggestions are made for the respondents' speaker turns and their sentences (the
interviewer's questions are not coded). A transcript is analysed once — keyword hits and
lemma features per turn — and every unit is ranked from that analysis.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from qualkit.codebook import Codebook
from qualkit.model import Coding, Segment, Suggestion, Transcript
from qualkit.nlp.lang.sv.speakers import is_interviewer
from qualkit.nlp.lang.sv.stop_words import STOP_WORDS
from qualkit.nlp.text import fold
from qualkit.nlp.words import Word
from qualkit.suggest.model import CoderModel, Example
from qualkit.suggest.rules import Hit, KeywordRules, pieces

if TYPE_CHECKING:
    from spacy.language import Language

# Below this a suggestion is not worth a coder's glance: a single everyday keyword scores
# about 0.4, a model that is merely unsure about 0.25.
MIN_SCORE = 0.2
TOP = 3  # suggestions per passage unless asked otherwise
KEEP = 5  # suggestions stored per passage
MODEL_HALF_SAY = 50  # coded sentences at which the model counts as much as the keywords
# In a labelled excerpt the interviewer's words are context, not what was said: a question
# about "bemötande" answered with talk of forms is about the forms.
INTERVIEWER = 0.25

_NONE: frozenset[str] = frozenset()
Term = tuple[int, int, str, str]  # a content word: start, end, folded lemma, as written


@dataclass
class Unit:
    """A passage suggestions are made for, with what the analysis found in it."""

    kind: str
    start: int
    end: int
    hits: list[Hit] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    @cached_property
    def features(self) -> str:
        """The folded lemmas of its content words, as the model reads them."""
        return " ".join(term[2] for term in self.terms)


@dataclass
class Analysis:
    transcript: str
    text_sha256: str
    units: list[Unit]

    def sentences(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "sentence"]


class Suggester:
    """Ranks codes for passages. Build it once; it caches analyses by transcript."""

    def __init__(self, codebook: Codebook, nlp: Language | None = None):
        if nlp is None:
            from qualkit.nlp.pipeline import text_pipeline

            nlp = text_pipeline()
        self.codebook = codebook
        self.nlp = nlp
        self.rules = KeywordRules(codebook, nlp)
        self.model: CoderModel | None = None
        self._analyses: dict[str, Analysis] = {}
        self._terms: dict[tuple[int, int], str | None] = {}
        self._read = self.rules.read  # one reader: word ids mean the same to rules and model

    # --- analysis ---------------------------------------------------------------------------

    def analyse(self, transcript: Transcript) -> Analysis:
        """Keyword hits and lemma features of the respondents' turns and sentences."""
        cached = self._analyses.get(transcript.id)
        if cached is not None and cached.text_sha256 == transcript.text_sha256:
            return cached
        turns = [t for t in transcript.turns if not is_interviewer(t.speaker)]
        scanned = self.scan([(t.start, transcript.text[t.start : t.end]) for t in turns])
        by_turn: dict[int | None, list[Segment]] = {}
        for sentence in transcript.sentences:
            by_turn.setdefault(sentence.turn, []).append(sentence)
        units: list[Unit] = []
        for turn, (hits, terms) in zip(turns, scanned, strict=True):
            units.append(Unit("turn", turn.start, turn.end, hits, terms))
            units += _split(by_turn.get(turn.index, []), hits, terms)
        analysis = Analysis(transcript.id, transcript.text_sha256, units)
        self._analyses[transcript.id] = analysis
        return analysis

    def cached(self, transcript_id: str, text_sha256: str) -> Analysis | None:
        """The analysis of a transcript's current text, if it was analysed before."""
        found = self._analyses.get(transcript_id)
        return found if found is not None and found.text_sha256 == text_sha256 else None

    def scan(self, texts: Sequence[tuple[int, str]]) -> list[tuple[list[Hit], list[Term]]]:
        """Hits and terms of many (offset, text) pairs, in one spaCy pass."""
        jobs = [
            (number, offset + start, piece)
            for number, (offset, text) in enumerate(texts)
            for start, piece in pieces(text)
        ]
        found: list[tuple[list[Hit], list[Term]]] = [([], []) for _ in texts]
        with self.nlp.select_pipes(disable=["sentencizer"]):
            docs = self.nlp.pipe((piece for _, _, piece in jobs), batch_size=256)
            for (number, at, piece), doc in zip(jobs, docs, strict=True):
                words = self._read(doc)
                hits, terms = found[number]
                hits += self.rules.find_in_words(words, piece, at)
                terms += self._words_terms(words, piece, at)
        for hits, _ in found:
            hits.sort(key=lambda h: (h.start, h.end))
        return found

    def _words_terms(self, words: list[Word], text: str, offset: int) -> list[Term]:
        terms: list[Term] = []
        cache = self._terms
        for start, end, lower, lemma in words:
            key = (lower, lemma)
            if key not in cache:
                cache[key] = _term(self._read.string(lower), self._read.string(lemma))
            term = cache[key]
            if term is not None:
                terms.append((offset + start, offset + end, term, text[start:end]))
        return terms

    # --- learning ---------------------------------------------------------------------------

    def train(self, examples: Sequence[Example]) -> CoderModel | None:
        """Fit the coder's model (None while no code has enough examples) and use it."""
        self.model = CoderModel.fit(examples)
        return self.model

    def examples(
        self,
        analysis: Analysis,
        codings: Iterable[Coding],
        rejected: Iterable[tuple[int, int, str]] = (),
        complete: bool = True,
    ) -> list[Example]:
        """Training examples from one transcript's sentences. `complete`: the coder has
        coded this transcript, so an uncoded sentence is a negative example."""
        sentences = analysis.sentences()
        positive = _labels(sentences, ((c.start, c.end, c.code) for c in codings))
        negative = _labels(sentences, rejected)
        return [
            Example(
                unit.features,
                frozenset(yes) if yes else _NONE,
                frozenset(no) if no else _NONE,
                complete,
            )
            for unit, yes, no in zip(sentences, positive, negative, strict=True)
            if complete or yes or no
        ]

    # --- ranking ----------------------------------------------------------------------------

    def suggest(
        self, analysis: Analysis, kinds: Sequence[str] = ("sentence", "turn"), top: int = KEEP
    ) -> list[Suggestion]:
        """The best `top` codes for every unit of the analysed transcript."""
        units = [u for u in analysis.units if u.kind in kinds]
        chances = self._chances(analysis)
        found: list[Suggestion] = []
        for unit in units:
            for code, score, source, hits in self._ranked(unit, chances.get(id(unit)), top):
                found.append(
                    Suggestion(
                        analysis.transcript,
                        unit.start,
                        unit.end,
                        code,
                        round(score, 4),
                        tuple(dict.fromkeys(text for _, _, text in hits)),
                        source,  # type: ignore[arg-type]
                        unit.kind,  # type: ignore[arg-type]
                        tuple(sorted({(s, e) for s, e, _ in hits})),
                    )
                )
        return found

    def suggest_text(self, text: str, top: int = TOP) -> list[Suggestion]:
        """Codes for one free-standing text (offsets into `text`). An excerpt with speaker
        labels ("I: …\nIP: …") is read as a transcript is: labels are not words, and what
        the interviewer says is context that counts INTERVIEWER of what the answer does."""
        ((hits, terms),) = self.scan([(0, text)])
        hits = _by_speaker(text, hits)
        unit = Unit("text", 0, len(text), hits, terms)
        chances = None
        if self.model is not None and terms:
            chances = {c: p[0] for c, p in self.model.probabilities([unit.features]).items()}
        return [
            Suggestion(
                "",
                0,
                len(text),
                code,
                round(score, 4),
                tuple(dict.fromkeys(t for _, _, t in found)),
                source,  # type: ignore[arg-type]
                "sentence",
                tuple(sorted({(s, e) for s, e, _ in found})),
            )
            for code, score, source, found in self._ranked(unit, chances, top)
        ]

    def ranked_codes(self, unit: Unit, chances: dict[str, float] | None, top: int) -> list[str]:
        """The best `top` codes for a unit, given the model's `chances` for it (or none)."""
        return [code for code, _, _, _ in self._ranked(unit, chances, top)]

    def chances(self, analysis: Analysis) -> dict[int, dict[str, float]]:
        """The current model's probabilities for each unit (by `id(unit)`)."""
        return self._chances(analysis)

    def _chances(self, analysis: Analysis) -> dict[int, dict[str, float]]:
        """The model's probabilities per unit (a turn takes its likeliest sentence's)."""
        if self.model is None:
            return {}
        sentences = analysis.sentences()
        probabilities = self.model.probabilities([u.features for u in sentences])
        chances: dict[int, dict[str, float]] = {}
        for number, unit in enumerate(sentences):
            chances[id(unit)] = {code: p[number] for code, p in probabilities.items()}
        turn: dict[str, float] = {}
        for unit in reversed(analysis.units):  # a turn comes just before its sentences
            if unit.kind == "sentence":
                for code, p in chances[id(unit)].items():
                    turn[code] = max(turn.get(code, 0.0), p)
            else:
                chances[id(unit)], turn = turn, {}
        return chances

    def _ranked(self, unit: Unit, chances: dict[str, float] | None, top: int):
        """(code, score, source, [(start, end, text)]) best first, at least MIN_SCORE."""
        evidence = self.rules.evidence(unit.hits)
        ranked = []
        for code in set(evidence) | set(chances or {}):
            rule = evidence[code].score if code in evidence else 0.0
            chance = (chances or {}).get(code)
            if chance is None:
                score, source = rule, "rules"
            else:
                share = self._say(code)
                score = (1 - share) * rule + share * chance
                source = "rules+model" if rule > 0 else "model"
            if score >= MIN_SCORE:
                ranked.append((code, score, source))
        ranked.sort(key=lambda r: self.rules.order(r[0], r[1]))
        return [
            (code, score, source, self._why(unit, code, evidence, source))
            for code, score, source in ranked[:top]
        ]

    def _say(self, code: str) -> float:
        """How much the model's word counts against the keywords': it grows with what the
        model has learned from, a fifth at 12 coded sentences, half at 50, four fifths at
        200. A keyword the coder keeps rejecting sinks; a theme said without keywords rises."""
        examples = self.model.counts.get(code, 0) if self.model is not None else 0
        return examples / (examples + MODEL_HALF_SAY)

    def _why(self, unit: Unit, code: str, evidence, source: str) -> list[tuple[int, int, str]]:
        if code in evidence:
            return [(h.start, h.end, h.text) for h in sorted(evidence[code].hits, key=_at)]
        if self.model is None or source != "model":
            return []
        words = set(self.model.reasons([t[2] for t in unit.terms], code))
        return [(s, e, text) for s, e, term, text in unit.terms if term in words]


def covers(unit: Unit, start: int, end: int) -> bool:
    """Whether a coded passage covers a unit: they share at least half of the shorter one."""
    shared = min(unit.end, end) - max(unit.start, start)
    return shared > 0 and 2 * shared >= min(unit.end - unit.start, end - start)


def _labels(sentences: list[Unit], passages: Iterable[tuple[int, int, str]]) -> list[set[str]]:
    """For each sentence, the codes of the passages that cover it."""
    starts = [u.start for u in sentences]
    labels: list[set[str]] = [set() for _ in sentences]
    for start, end, code in passages:
        at = max(0, bisect.bisect_right(starts, start) - 1)
        while at < len(sentences) and sentences[at].start < end:
            if covers(sentences[at], start, end):
                labels[at].add(code)
            at += 1
    return labels


def _split(sentences: list[Segment], hits: list[Hit], terms: list[Term]) -> list[Unit]:
    hit_starts = [h.start for h in hits]
    term_starts = [t[0] for t in terms]
    units = []
    for s in sentences:
        lo, hi = bisect.bisect_left(hit_starts, s.start), bisect.bisect_left(hit_starts, s.end)
        inside = [h for h in hits[lo:hi] if h.end <= s.end]
        lo, hi = bisect.bisect_left(term_starts, s.start), bisect.bisect_left(term_starts, s.end)
        units.append(Unit("sentence", s.start, s.end, inside, terms[lo:hi]))
    return units


def _term(lower: str, lemma: str) -> str | None:
    """The model's feature for a word: its folded lemma; stop words (not negations) and
    numbers carry no theme."""
    if lower in STOP_WORDS or not any(ch.isalpha() for ch in lower):
        return None
    return fold(lemma) or None


def _by_speaker(text: str, hits: list[Hit]) -> list[Hit]:
    """Hits of a labelled excerpt: none inside the labels, the interviewer's weighed down."""
    if ":" not in text:
        return hits
    from qualkit.corpus.segment import turns

    spoken = turns(text)
    if all(t.speaker is None for t in spoken):
        return hits
    starts = [t.start for t in spoken]
    kept = []
    for hit in hits:
        at = bisect.bisect_right(starts, hit.start) - 1
        if at < 0 or hit.end > spoken[at].end:
            continue  # in a speaker label
        if is_interviewer(spoken[at].speaker):
            hit = replace(hit, weight=hit.weight * INTERVIEWER)
        kept.append(hit)
    return kept


def _at(hit: Hit) -> tuple[int, int]:
    return hit.start, hit.end
