"""Keyword rules from the codebook: which keywords a text contains, where, and what they say.

A keyword word matches a token when the token's lower-case form or lemma equals the keyword
word's form or lemma ("bemötandet", "Bemötande" and "ett bra bemötande" all hold
*bemötande*); a `prefix*` word matches when one of them starts with the prefix (`arbets*`:
arbetsplats, arbetsträningen). A token typed without diacritics is also compared in folded
form, so "bemotande" and "handlaggaren" match too; when a whole text lacks å ä ö, its words
also stand for the spellings with them restored ("mar" for "mår").

Words are resolved to the keyword words they satisfy once per word form, then phrases are
matched as sequences of those. spaCy's Matcher would evaluate every prefix pattern on every
token, which is far too slow for hundreds of compound prefixes over a million words.
Fillers ("eh", "liksom") and commas inside a phrase are skipped: "bry, eh, sig om" is
"bry sig om".
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualkit.codebook import MIN_PREFIX, Codebook
from qualkit.nlp import lemmas
from qualkit.nlp.lang.sv.stop_words import NEGATIONS, STOP_WORDS
from qualkit.nlp.rarity import MIN_RARITY, rarity
from qualkit.nlp.text import fold, has_diacritics
from qualkit.nlp.words import Word, WordReader

if TYPE_CHECKING:
    from spacy.language import Language

# Score = 1 - exp(-evidence / SCALE): one rare keyword (rarity ~5) gives about 0.6, two give
# about 0.85, one everyday word (~2.5) about 0.4.
SCALE = 5.0
# The best child's evidence counts half for its parent: enough to raise the parent theme,
# not enough to put it above the more precise child when it has no keywords of its own.
SUPPORT = 0.5
# A phrase is more specific than its rarest word: each further content word adds this.
PHRASE_BONUS = 0.75
# Longer texts are cut into pieces of at most this many characters (spaCy refuses texts
# over a million characters; a phrase split across a cut is lost, which is rare).
PIECE = 100_000

_DIACRITIC = re.compile(r"[åäöÅÄÖéÉüÜ]")
_BREAK = re.compile(r"(?<=[.!?…\n])\s+|\s+")


@dataclass(frozen=True)
class Keyword:
    code: str
    pattern: str  # as written in the codebook
    words: tuple[int, ...]  # ids of the word patterns, in order


@dataclass(frozen=True)
class Hit:
    """A keyword found in a text: `text[start:end]`, code-point offsets."""

    keyword: Keyword
    start: int
    end: int
    text: str
    weight: float


@dataclass
class Evidence:
    """Why a code fits a passage: the hits of its own keywords and of its descendants'."""

    code: str
    score: float
    hits: list[Hit] = field(default_factory=list)

    @property
    def matched(self) -> list[str]:
        return list(dict.fromkeys(h.text for h in sorted(self.hits, key=_position)))

    @property
    def spans(self) -> list[tuple[int, int]]:
        return sorted({(h.start, h.end) for h in self.hits})

    @property
    def keywords(self) -> list[str]:
        return list(dict.fromkeys(h.keyword.pattern for h in sorted(self.hits, key=_position)))


class KeywordRules:
    """The codebook's keywords compiled for matching with the text pipeline `nlp`."""

    def __init__(self, codebook: Codebook, nlp: Language):
        self.codebook = codebook
        self.nlp = nlp
        self._patterns: dict[tuple[str, bool], int] = {}
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._folded: dict[str, set[int]] = defaultdict(set)
        self._prefix: dict[str, set[int]] = defaultdict(set)
        self._folded_prefix: dict[str, set[int]] = defaultdict(set)
        self._starts: dict[int, list[Keyword]] = defaultdict(list)
        self._types: dict[tuple[int, int, bool], frozenset[int]] = {}
        self._base: dict[tuple[int, int], frozenset[int]] = {}
        self.read = WordReader()
        self.keywords: list[Keyword] = []
        self._position = {code.id: n for n, code in enumerate(codebook)}
        self._depth = {code.id: codebook.depth(code.id) for code in codebook}
        self._ancestors = {code.id: codebook.ancestors(code.id) for code in codebook}
        self._family = {code.id: (code.id, *codebook.descendants(code.id)) for code in codebook}
        for code in codebook:
            for pattern in code.keywords:
                self._add(code.id, pattern)

    # --- compiling -----------------------------------------------------------------------

    def _add(self, code: str, pattern: str) -> None:
        words: list[int] = []
        for written in pattern.split():
            prefix = written.endswith("*")
            tokens = self.read(self.nlp(written.rstrip("*")))
            for number, (_, _, lower, lemma) in enumerate(tokens):
                last = number == len(tokens) - 1
                string = self.read.string
                words.append(self._word(string(lower), string(lemma), prefix and last))
        if words:
            keyword = Keyword(code, pattern, tuple(words))
            self.keywords.append(keyword)
            self._starts[keyword.words[0]].append(keyword)

    def _word(self, lower: str, lemma: str, prefix: bool) -> int:
        key = (lower, prefix)
        if key in self._patterns:
            return self._patterns[key]
        word_id = self._patterns[key] = len(self._patterns)
        if prefix:
            self._prefix[lower].add(word_id)
            self._folded_prefix[fold(lower)].add(word_id)
        else:
            for form in {lower, lemma}:
                self._exact[form].add(word_id)
                self._folded[fold(form)].add(word_id)
        return word_id

    # --- matching ------------------------------------------------------------------------

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every keyword occurrence in `text`, with offsets shifted by `offset`."""
        hits: list[Hit] = []
        for start, piece in pieces(text):
            with self.nlp.select_pipes(disable=["sentencizer"]):
                doc = self.nlp(piece)
            hits += self.find_in_words(self.read(doc), piece, offset + start)
        return hits

    def find_in_words(self, words: list[Word], text: str, offset: int = 0) -> list[Hit]:
        """Keyword occurrences among the content `words` of `text` (see qualkit.nlp.words)."""
        ascii_text = not _DIACRITIC.search(text)
        types, resolve = self._types, self._resolve
        satisfied = [
            types.get((lower, lemma, ascii_text)) or resolve(lower, lemma, ascii_text)
            for _, _, lower, lemma in words
        ]
        hits: list[Hit] = []
        for position, found in enumerate(satisfied):
            for word_id in found:
                for keyword in self._starts.get(word_id, ()):
                    length = len(keyword.words)
                    if position + length > len(words):
                        continue
                    if all(keyword.words[j] in satisfied[position + j] for j in range(1, length)):
                        span = words[position : position + length]
                        hits.append(self._hit(keyword, span, text, offset))
        return hits

    def _hit(self, keyword: Keyword, span: list[Word], text: str, offset: int) -> Hit:
        start, end = span[0][0], span[-1][1]
        string = self.read.string
        weights = sorted(
            (rarity(string(lemma)) for _, _, lower, lemma in span if string(lower) not in _COMMON),
            reverse=True,
        ) or [MIN_RARITY]
        weight = weights[0] + PHRASE_BONUS * (len(weights) - 1)
        return Hit(keyword, offset + start, offset + end, text[start:end], weight)

    def _resolve(self, lower: int, lemma: int, ascii_text: bool) -> frozenset[int]:
        """The keyword words a word form satisfies (cached per form, by string id)."""
        base = self._base.get((lower, lemma))
        if base is None:
            base = self._base[(lower, lemma)] = self._satisfied(
                self.read.string(lower), self.read.string(lemma), False
            )
        found = base
        if ascii_text:
            found = base | self._satisfied(self.read.string(lower), "", True)
        self._types[(lower, lemma, ascii_text)] = found
        return found

    def _satisfied(self, lower: str, lemma: str, ascii_text: bool) -> frozenset[int]:
        """Keyword words matched by the word's forms; with `ascii_text`, only those matched
        by its likelier spelling with å ä ö restored ("mar" in a text without them)."""
        if ascii_text:
            if has_diacritics(lower) or not lemmas.is_known(lower):
                return frozenset()
            restored = lemmas.likely_spelling(lower)
            if restored is None:
                return frozenset()
            return self._matching({restored, lemmas.lemma(restored)}, folded=False)
        # "handlaggaren": lost its diacritics, or a word simplemma lacks
        folded = not has_diacritics(lower) and not lemmas.is_known(lower)
        return self._matching({lower, lemma}, folded)

    def _matching(self, forms: set[str], folded: bool) -> frozenset[int]:
        found: set[int] = set()
        for form in forms:
            found |= self._exact.get(form, set())
            found |= _prefixes(self._prefix, form)
        if folded:
            for form in {fold(f) for f in forms}:
                found |= self._folded.get(form, set())
                found |= _prefixes(self._folded_prefix, form)
        return frozenset(found)

    # --- scoring -------------------------------------------------------------------------

    def evidence(self, hits: Iterable[Hit]) -> dict[str, Evidence]:
        """Each code's score for a passage with these hits, children supporting parents."""
        by_code: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_code[hit.keyword.code].append(hit)
        total = {code: _strength(found) for code, found in by_code.items()}
        support: dict[str, float] = {}
        for code, found in by_code.items():
            for depth, ancestor in enumerate(self._ancestors[code], start=1):
                # words the parent's own keywords already found are not evidence twice
                mine = by_code.get(ancestor, [])
                fresh = [h for h in found if not any(_overlap(h, m) for m in mine)]
                strength = _strength(fresh) * SUPPORT**depth
                support[ancestor] = max(support.get(ancestor, 0.0), strength)
        for ancestor, strength in support.items():
            total[ancestor] = total.get(ancestor, 0.0) + strength
        found: dict[str, Evidence] = {}
        for code, strength in total.items():
            supporting = [h for c in self._family[code] for h in by_code.get(c, ())]
            found[code] = Evidence(code, score_of(strength), supporting)
        return found

    def rank(self, hits: Iterable[Hit], top: int | None = None) -> list[Evidence]:
        """Codes for a passage, best first; on a tie the more specific code, then the
        codebook's order."""
        ranked = sorted(self.evidence(hits).values(), key=lambda e: self.order(e.code, e.score))
        return ranked[:top] if top is not None else ranked

    def order(self, code: str, score: float) -> tuple[float, int, int]:
        """Sort key: higher score, deeper code, earlier in the codebook."""
        return (-score, -self._depth[code], self._position[code])


def score_of(strength: float) -> float:
    return 1.0 - math.exp(-strength / SCALE)


def _strength(hits: list[Hit]) -> float:
    """Distinct evidence: overlapping hits ("sedd", "känna mig sedd") count once, at their
    best; a keyword said twice, in any form ("kassan", "kassans"), counts once."""
    clusters: list[list[Hit]] = []
    for hit in sorted(hits, key=_position):
        if clusters and hit.start < max(h.end for h in clusters[-1]):
            clusters[-1].append(hit)
        else:
            clusters.append([hit])
    best: dict[str, float] = {}
    for cluster in clusters:
        top = max(cluster, key=lambda h: (h.weight, h.end - h.start))
        pattern = top.keyword.pattern
        best[pattern] = max(best.get(pattern, 0.0), top.weight)
    return sum(best.values())


def _overlap(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _position(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.end


def _prefixes(index: dict[str, set[int]], form: str) -> set[int]:
    found: set[int] = set()
    for end in range(MIN_PREFIX, len(form) + 1):
        found |= index.get(form[:end], set())
    return found


_COMMON = STOP_WORDS | NEGATIONS


def pieces(text: str, limit: int = PIECE) -> list[tuple[int, str]]:
    """`text` cut at white space into pieces of at most `limit` characters, with offsets."""
    if len(text) <= limit:
        return [(0, text)]
    found: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = max((m.end() for m in _BREAK.finditer(text, start, end)), default=end)
            end = cut if cut > start else end
        found.append((start, text[start:end]))
        start = end
    return found
