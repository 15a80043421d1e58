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
"bry sig om"; so is one negation or softening adverb between its words, because a negated
experience is the same theme: "pratade aldrig med varandra" holds "prata med varandra".

Two more forms of keyword carry what single words cannot:
- `A + B` (each side may list alternatives, `rädd|orolig* + ersättning*|pengar*`) is a
  co-occurrence: it counts only when every side occurs in the same passage, and then as
  strongly as a long phrase. Words that are weak alone (fear, an agency's name) say much
  together.
- `~word` is weak: it supports a code without deciding it on its own (an agency's name
  says little about which theme a passage is about).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qualkit.codebook import MIN_PREFIX, Codebook, keyword_parts
from qualkit.nlp import lemmas
from qualkit.nlp.lang.sv.stop_words import NEGATIONS, SOFTENERS, STOP_WORDS
from qualkit.nlp.rarity import MIN_RARITY, rarity, zipf
from qualkit.nlp.text import fold, has_diacritics
from qualkit.nlp.words import Word, WordReader

if TYPE_CHECKING:
    from spacy.language import Language

# Score = 1 - exp(-evidence / SCALE): one everyday keyword (rarity ~2.7) gives about 0.4,
# a rare word or a two-word phrase (~4.5) about 0.6, a long phrase or a co-occurrence about
# 0.65, several distinct pieces of evidence 0.75 and more. The same evidence gives the same
# score in every code.
SCALE = 5.0
# The best child's evidence counts half for its parent: enough to raise the parent theme,
# not enough to put it above the more precise child.
SUPPORT = 0.5
# A parent theme is the code for what none of its subthemes fits better (the codebook's
# include notes say so), and its own keywords are the broad words of the field ("jobba",
# "liv", "risk"). They count half, so a subtheme anywhere with evidence as good outranks it.
PARENT_OWN = 0.5
# A phrase says more than any of its words: "dra in", "bli av med pengarna" name a theme
# where "dra" or "pengar" do not. It weighs at least as much as a rare word, and each further
# word of the keyword adds this.
PHRASE_BASE = 4.5
PHRASE_BONUS = 0.5
# One word weighs at most this, however rare: a single word is read in one sense only, and
# a rare spelling or unseen compound is no surer sign than a phrase.
MAX_WORD = 5.0
# A co-occurrence weighs like a phrase of its sides' length plus this for each further side.
COOCCURRENCE_BONUS = 1.0
# A weak (`~`) keyword counts this much of its weight.
WEAK = 0.4
# Further distinct evidence for a code adds with diminishing weight: the second-best piece
# counts this much, the third this squared, and so on. A code with a long keyword list does
# not win by collecting many everyday words.
DECAY = 0.6
# Longer texts are cut into pieces of at most this many characters (spaCy refuses texts
# over a million characters; a phrase split across a cut is lost, which is rare).
PIECE = 100_000

_DIACRITIC = re.compile(r"[åäöÅÄÖéÉüÜ]")
_BREAK = re.compile(r"(?<=[.!?…\n])\s+|\s+")


@dataclass(frozen=True)
class Keyword:
    """One word sequence to look for. A co-occurrence keyword is compiled into one Keyword
    per alternative of each side, told apart by `side` (of `sides`); a plain one has
    `sides` 1."""

    code: str
    pattern: str  # as written in the codebook
    words: tuple[int, ...]  # ids of the word patterns, in order
    weak: bool = False
    side: int = 0
    sides: int = 1


@dataclass(frozen=True)
class Hit:
    """A keyword found in a text: `text[start:end]`, code-point offsets; `length` is the
    number of words it covers."""

    keyword: Keyword
    start: int
    end: int
    text: str
    weight: float
    length: int = 1


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
        from spacy.strings import hash_string

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
        self._gaps = {hash_string(word) for word in GAP_WORDS}
        self._bound: list[float] = []  # by word pattern id: the most one word can weigh
        self.read = WordReader()
        self.keywords: list[Keyword] = []
        self._position = {code.id: n for n, code in enumerate(codebook)}
        self._depth = {code.id: codebook.depth(code.id) for code in codebook}
        self._ancestors = {code.id: codebook.ancestors(code.id) for code in codebook}
        self._family = {code.id: (code.id, *codebook.descendants(code.id)) for code in codebook}
        self._own = {
            code.id: PARENT_OWN if codebook.descendants(code.id) else 1.0 for code in codebook
        }
        for code in codebook:
            for pattern in code.keywords:
                self._add(code.id, pattern)

    # --- compiling -----------------------------------------------------------------------

    def _add(self, code: str, pattern: str) -> None:
        weak, sides = keyword_parts(pattern)
        for side, alternatives in enumerate(sides):
            for alternative in alternatives:
                words = self._words(alternative)
                if words:
                    keyword = Keyword(code, pattern, words, weak, side, len(sides))
                    self.keywords.append(keyword)
                    self._starts[keyword.words[0]].append(keyword)

    def _words(self, phrase: str) -> tuple[int, ...]:
        words: list[int] = []
        for written in phrase.split():
            prefix = written.endswith("*")
            tokens = self.read(self.nlp(written.rstrip("*")))
            for number, (_, _, lower, lemma) in enumerate(tokens):
                last = number == len(tokens) - 1
                string = self.read.string
                words.append(self._word(string(lower), string(lemma), prefix and last))
        return tuple(words)

    def _word(self, lower: str, lemma: str, prefix: bool) -> int:
        key = (lower, prefix)
        if key in self._patterns:
            return self._patterns[key]
        word_id = self._patterns[key] = len(self._patterns)
        # a compound found by its prefix says what the prefix says: "tröttsamt" by trött*
        # is evidence of "trött", not of a rare word; a prefix that is no word of its own
        # ("arbetsträn") does not bound it
        self._bound.append(rarity(lower) if prefix and zipf(lower) > 0 else MAX_WORD)
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
        """Keyword occurrences among the content `words` of `text` (see qualkit.nlp.words).

        A word inside a longer phrase of another code belongs to that phrase: "jobb" in
        "riktigt jobb", "ta ansvar" in "ingen tog ansvar" are not evidence on their own."""
        ascii_text = not _DIACRITIC.search(text)
        types, resolve = self._types, self._resolve
        satisfied = [
            types.get((lower, lemma, ascii_text)) or resolve(lower, lemma, ascii_text)
            for _, _, lower, lemma in words
        ]
        gaps = self._gaps
        skippable = [lower in gaps for _, _, lower, _ in words]
        found: list[tuple[Keyword, int, int]] = []
        for position, matched in enumerate(satisfied):
            for word_id in matched:
                for keyword in self._starts.get(word_id, ()):
                    last = _match(keyword.words, satisfied, skippable, position)
                    if last is not None:
                        found.append((keyword, position, last))
        return [
            self._hit(keyword, words[first : last + 1], text, offset)
            for keyword, first, last in _outside_longer_phrases(found)
        ]

    def _hit(self, keyword: Keyword, span: list[Word], text: str, offset: int) -> Hit:
        start, end = span[0][0], span[-1][1]
        string = self.read.string
        rarest = max(
            (rarity(string(lemma)) for _, _, lower, lemma in span if string(lower) not in _COMMON),
            default=MIN_RARITY,
        )
        count = len(keyword.words)
        if count == 1:
            weight = min(rarest, self._bound[keyword.words[0]])
        else:
            weight = max(rarest, PHRASE_BASE) + PHRASE_BONUS * (count - 1)
        if keyword.weak:
            weight *= WEAK
        return Hit(keyword, offset + start, offset + end, text[start:end], weight, len(span))

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
        for hit in _cooccurring(hits):
            by_code[hit.keyword.code].append(hit)
        total = {code: _strength(found) * self._own[code] for code, found in by_code.items()}
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


def _match(
    pattern: tuple[int, ...], satisfied: list[frozenset[int]], skippable: list[bool], first: int
) -> int | None:
    """The last word position of `pattern` matched from `first` (whose word matched its
    first word), or None. One gap word ("inte", "aldrig", "verkligen") may stand between
    two of its words."""
    at = first
    for word in pattern[1:]:
        following = at + 1
        if following < len(satisfied) and word in satisfied[following]:
            at = following
        elif (
            following + 1 < len(satisfied)
            and skippable[following]
            and word in satisfied[following + 1]
        ):
            at = following + 1
        else:
            return None
    return at


def _outside_longer_phrases(
    found: list[tuple[Keyword, int, int]],
) -> list[tuple[Keyword, int, int]]:
    """Drop plain matches that lie inside a longer plain match of another code. The sides
    of a co-occurrence stay: "rädda för" is a phrase of its own, and still the fear that
    goes with "pengarna" further on."""
    longer: dict[int, list[tuple[Keyword, int, int]]] = defaultdict(list)
    for match in found:
        keyword, first, last = match
        if last > first and keyword.sides == 1:
            for position in range(first, last + 1):
                longer[position].append(match)
    if not longer:
        return found
    return [
        (keyword, first, last)
        for keyword, first, last in found
        if keyword.sides > 1
        or not any(
            other.code != keyword.code
            and start <= first
            and last <= end
            and end - start > last - first
            for other, start, end in longer.get(first, ())
        )
    ]


def _cooccurring(hits: Iterable[Hit]) -> list[Hit]:
    """Plain hits, and the sides of every co-occurrence keyword whose sides all occur in
    these hits (one hit per side, none overlapping), weighted as the whole keyword."""
    plain: list[Hit] = []
    sides: dict[tuple[str, str], dict[int, list[Hit]]] = {}
    for hit in hits:
        keyword = hit.keyword
        if keyword.sides == 1:
            plain.append(hit)
        else:
            sides.setdefault((keyword.code, keyword.pattern), {}).setdefault(
                keyword.side, []
            ).append(hit)
    for found in sides.values():
        chosen = _one_per_side(found)
        if chosen is None:
            continue
        strongest = max(h.weight / (WEAK if h.keyword.weak else 1.0) for h in chosen)
        length = sum(h.length for h in chosen)
        weight = max(strongest, PHRASE_BASE) + PHRASE_BONUS * (length - 1)
        weight += COOCCURRENCE_BONUS * (len(chosen) - 1)
        if chosen[0].keyword.weak:
            weight *= WEAK
        plain += [replace(h, weight=weight) for h in chosen]
    return plain


def _one_per_side(found: dict[int, list[Hit]]) -> list[Hit] | None:
    """The best hit of every side such that no two overlap, or None when a side is missing."""
    sides = next(iter(found.values()))[0].keyword.sides
    if len(found) < sides:
        return None
    chosen: list[Hit] = []
    for side in range(sides):
        candidates = sorted(found[side], key=lambda h: -h.weight)
        pick = next((h for h in candidates if not any(_overlap(h, c) for c in chosen)), None)
        if pick is None:
            return None
        chosen.append(pick)
    return chosen


def score_of(strength: float) -> float:
    return 1.0 - math.exp(-strength / SCALE)


def _strength(hits: list[Hit]) -> float:
    """Distinct evidence: overlapping hits ("sedd", "känna mig sedd") count once, at their
    best; a keyword said twice, in any form ("kassan", "kassans"), counts once; the second
    best piece of evidence counts DECAY of its weight, the third DECAY², and so on."""
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
    ranked = sorted(best.values(), reverse=True)
    return sum(weight * DECAY**n for n, weight in enumerate(ranked))


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
# A negated experience is the same theme ("pratade aldrig med varandra"), and speech puts
# adverbs anywhere ("brydde sig verkligen om"): one of these may stand inside a phrase.
GAP_WORDS = NEGATIONS | SOFTENERS


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
