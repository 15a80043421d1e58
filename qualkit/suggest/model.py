"""A model that learns from the coder: TF-IDF on lemmas and one linear classifier per code.

Units are sentences. A sentence is a positive example of a code when the coder coded (most
of) it with that code, a negative one when it lies in a transcript the coder has coded but
carries no such coding, and a passage whose suggestion the coder rejected is a negative
example of the rejected code. Nothing is stored: the model is refitted from the codings
whenever suggestions are refreshed, in well under a second.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# A code gets a model once this many sentences carry it (a coded passage of three sentences
# counts three). Below that, a classifier over thousands of lemma features can only learn
# the incidental words of a handful of quotes (a name, a place, one person's phrasing); ten
# is also the smallest number at which every fold of a 5-fold cross-validation still trains
# on at least eight. The model's say then starts small (see engine.MODEL_HALF_SAY): on the
# demo project, thresholds from 3 to 20 changed F1 by less than 0.01. `qualkit suggest
# PROJECT --evaluate` shows whether the model helps on a project's own data.
MIN_EXAMPLES = 10
# Negatives are capped at this many per positive (at least MIN_NEGATIVES): a code's model
# then fits in milliseconds however large the project, and the rare code is not drowned.
NEGATIVES_PER_POSITIVE = 8
MIN_NEGATIVES = 400
SEED = 4


class Example(NamedTuple):
    """A unit of text as lemma features, with what the coder said about it.

    `positive`: codes the coder gave it; `negative`: codes whose suggestion the coder
    rejected here; every other code is negative too when `complete` (the transcript has
    been coded), and unknown when not.
    """

    features: str
    positive: frozenset[str] = frozenset()
    negative: frozenset[str] = frozenset()
    complete: bool = True
    # a tuple, not a dataclass: retraining builds one per sentence of every coded transcript


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
        counts: dict[str, int] = {}
        for example in examples:
            for code in example.positive:
                counts[code] = counts.get(code, 0) + 1
        modelled = {code: n for code, n in counts.items() if n >= min_examples}
        if not modelled:
            return None
        import numpy as np  # only now: scikit-learn takes a second to import
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            tokenizer=str.split,
            lowercase=False,
            token_pattern=None,
            ngram_range=(1, 2),
            min_df=2,  # a word pair said once teaches nothing that carries over
            sublinear_tf=True,
        )
        rng = np.random.default_rng(SEED)
        examples = _fewer_plain_negatives(examples, rng)
        matrix = vectorizer.fit_transform([e.features for e in examples])
        positive: dict[str, list[int]] = {code: [] for code in modelled}
        negative: dict[str, list[int]] = {code: [] for code in modelled}
        for number, example in enumerate(examples):
            for code in example.positive & modelled.keys():
                positive[code].append(number)
            for code in (example.negative - example.positive) & modelled.keys():
                negative[code].append(number)
        complete = np.array([n for n, e in enumerate(examples) if e.complete], dtype=int)
        classifiers = {
            code: _fit_code(positive[code], negative[code], complete, matrix, rng)
            for code in sorted(modelled)
        }
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


def _fewer_plain_negatives(examples: Sequence[Example], rng) -> list[Example]:
    """All labelled examples, and of the sentences that carry no code at all only as many as
    any one code can use: fitting TF-IDF on all of them would cost seconds, not add words."""
    labelled = [e for e in examples if e.positive or e.negative]
    plain = [e for e in examples if not (e.positive or e.negative)]
    cap = max(MIN_NEGATIVES, NEGATIVES_PER_POSITIVE * len(labelled) // 2)
    if len(plain) > cap:
        keep = sorted(rng.choice(len(plain), size=cap, replace=False))
        plain = [plain[i] for i in keep]
    return labelled + plain


def _fit_code(positive: list[int], rejected: list[int], complete, matrix: csr_matrix, rng):
    """One code's classifier: its positives, its rejections, and a sample of the other
    sentences of coded transcripts."""
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    others = np.setdiff1d(complete, np.array(positive + rejected, dtype=int))
    cap = max(MIN_NEGATIVES, NEGATIVES_PER_POSITIVE * len(positive))
    if len(others) > cap:
        others = np.sort(rng.choice(others, size=cap, replace=False))
    if not rejected and not len(others):
        return None  # every example carries the code: nothing to tell it apart from
    rows = np.concatenate([positive, rejected, others]).astype(int)
    labels = np.concatenate([np.ones(len(positive)), np.zeros(len(rows) - len(positive))])
    # Logistic regression fitted by stochastic gradient descent: the same model as
    # LogisticRegression, in a fixed, small number of passes, so retraining stays fast.
    classifier = SGDClassifier(
        loss="log_loss",
        alpha=1e-3,
        class_weight="balanced",
        max_iter=30,
        tol=1e-3,
        average=True,
        random_state=SEED,
    )
    with warnings.catch_warnings():
        # the passes are capped on purpose; an unconverged last digit does not matter here
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        classifier.fit(matrix[rows], labels)
    return classifier
