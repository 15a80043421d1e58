"""A model that learns from the coder: TF-IDF on lemmas and one linear classifier per code.

Units are sentences. A sentence is a positive example of a code when the coder coded (most
of) it with that code, a negative one when it lies in a transcript the coder has coded but
carries no such coding, and a passage whose suggestion the coder rejected is a negative
example of the rejected code. Nothing is stored: the model is refitted from the codings
whenever suggestions are refreshed, in well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# A code gets a model once this many passages carry it. With fewer, a classifier over
# thousands of lemma features learns the incidental words of a handful of quotes (names,
# places, one person's phrasing) rather than the theme, and in cross-validation it ranks
# worse than the keywords alone; at ten or more positive sentences it has begun to see the
# same theme said in different ways. `qualkit suggest PROJECT --evaluate` shows whether it
# helps on a project's own data.
MIN_EXAMPLES = 10
# Negatives are capped at this many per positive (at least MIN_NEGATIVES): a code's model
# then fits in milliseconds however large the project, and the rare code is not drowned.
NEGATIVES_PER_POSITIVE = 8
MIN_NEGATIVES = 400
SEED = 4


@dataclass(frozen=True)
class Example:
    """A unit of text as lemma features, with what the coder said about it.

    `positive`: codes the coder gave it; `negative`: codes whose suggestion the coder
    rejected here; every other code is negative too when `complete` (the transcript has
    been coded), and unknown when not.
    """

    features: str
    positive: frozenset[str] = frozenset()
    negative: frozenset[str] = frozenset()
    complete: bool = True


class CoderModel:
    """Per-code classifiers over a shared TF-IDF vocabulary."""

    def __init__(self, vectorizer, classifiers: dict[str, object], counts: dict[str, int]):
        self._vectorizer = vectorizer
        self._classifiers = classifiers
        self.counts = counts  # positive examples per modelled code
        self._names = vectorizer.get_feature_names_out()
        self._weights: dict[str, dict[str, float]] = {}

    @property
    def codes(self) -> list[str]:
        return list(self._classifiers)

    @classmethod
    def fit(
        cls, examples: Sequence[Example], min_examples: int = MIN_EXAMPLES
    ) -> CoderModel | None:
        """Classifiers for every code with at least `min_examples` positive examples, or
        None when no code has that many."""
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        counts: dict[str, int] = {}
        for example in examples:
            for code in example.positive:
                counts[code] = counts.get(code, 0) + 1
        modelled = {code: n for code, n in counts.items() if n >= min_examples}
        if not modelled:
            return None
        vectorizer = TfidfVectorizer(
            tokenizer=str.split,
            lowercase=False,
            token_pattern=None,
            ngram_range=(1, 2),
            sublinear_tf=True,
        )
        matrix = vectorizer.fit_transform([e.features for e in examples])
        rng = np.random.default_rng(SEED)
        classifiers = {code: _fit_code(code, examples, matrix, rng) for code in sorted(modelled)}
        classifiers = {code: c for code, c in classifiers.items() if c is not None}
        if not classifiers:
            return None
        return cls(vectorizer, classifiers, {code: modelled[code] for code in classifiers})

    def probabilities(self, features: Sequence[str]) -> dict[str, list[float]]:
        """For each modelled code, the probability that each text belongs to it."""
        if not features:
            return {code: [] for code in self._classifiers}
        matrix = self._vectorizer.transform(features)
        return {
            code: classifier.predict_proba(matrix)[:, 1].tolist()  # type: ignore[attr-defined]
            for code, classifier in self._classifiers.items()
        }

    def reasons(self, terms: Sequence[str], code: str, top: int = 3) -> list[str]:
        """The words among `terms` (folded lemmas) that speak most for `code`."""
        weights = self._weights.get(code)
        if weights is None:
            classifier = self._classifiers[code]
            weights = self._weights[code] = {
                name: float(w)
                for name, w in zip(self._names, classifier.coef_[0], strict=True)  # type: ignore[attr-defined]
                if w > 0 and " " not in name
            }
        ranked = sorted({t for t in terms if t in weights}, key=lambda t: -weights[t])
        return ranked[:top]


def _fit_code(code: str, examples: Sequence[Example], matrix: csr_matrix, rng):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    positive = [i for i, e in enumerate(examples) if code in e.positive]
    rejected = [i for i, e in enumerate(examples) if code in e.negative and code not in e.positive]
    others = np.array(
        [
            i
            for i, e in enumerate(examples)
            if e.complete and code not in e.positive and code not in e.negative
        ],
        dtype=int,
    )
    cap = max(MIN_NEGATIVES, NEGATIVES_PER_POSITIVE * len(positive))
    if len(others) > cap:
        others = np.sort(rng.choice(others, size=cap, replace=False))
    if not rejected and not len(others):
        return None  # every example carries the code: nothing to tell it apart from
    rows = np.concatenate([positive, rejected, others]).astype(int)
    labels = np.concatenate([np.ones(len(positive)), np.zeros(len(rows) - len(positive))])
    classifier = LogisticRegression(solver="liblinear", C=4.0, class_weight="balanced")
    classifier.fit(matrix[rows], labels)
    return classifier
