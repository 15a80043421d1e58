"""Do the suggestions help on this project? Cross-validation against a coder's own codings.

Transcripts the coder has coded are dealt into k folds. For each fold the model is trained
on the other folds only, and every respondent sentence of the held-out transcripts is
ranked twice: by the keyword rules alone and by rules + model. A sentence's "gold" codes
are those the coder gave to a passage covering at least half of it (or half of the passage,
when the passage is shorter).

- precision@1: of the sentences whose best suggestion is a code, the share the coder
  coded with it (overall: of all sentences that got any suggestion);
- recall@3: of the sentences the coder coded with a code, the share that had it among the
  three best suggestions;
- F1: the harmonic mean of the two.

Codes are compared exactly: a suggestion of `arbete` for a passage coded
`arbete/motivation` counts as wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualkit.errors import QualkitError
from qualkit.suggest.engine import Suggester, covers
from qualkit.suggest.refresh import training_examples

if TYPE_CHECKING:
    from qualkit.project import Project

TOP = 3
SYSTEMS = ("rules", "rules+model")


@dataclass
class Scores:
    coded: int = 0  # sentences the coder gave this code
    suggested: int = 0  # sentences whose best suggestion was this code
    correct: int = 0  # ... and the coder agreed
    found: int = 0  # coded sentences with the code among the best three

    @property
    def precision_at_1(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def recall_at_3(self) -> float | None:
        return self.found / self.coded if self.coded else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision_at_1, self.recall_at_3
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "precision_at_1": rounded(self.precision_at_1),
            "recall_at_3": rounded(self.recall_at_3),
            "f1": rounded(self.f1),
            "coded": self.coded,
            "suggested": self.suggested,
        }


@dataclass
class Evaluation:
    coder: str
    folds: int
    transcripts: int
    sentences: int
    codings: int
    overall: dict[str, Scores] = field(default_factory=dict)  # by system
    codes: dict[str, dict[str, Scores]] = field(default_factory=dict)  # code -> system
    modelled: dict[str, int] = field(default_factory=dict)  # code -> folds with a model

    def to_dict(self) -> dict[str, Any]:
        return {
            "coder": self.coder,
            "folds": self.folds,
            "transcripts": self.transcripts,
            "sentences": self.sentences,
            "codings": self.codings,
            "overall": {system: s.to_dict() for system, s in self.overall.items()},
            "codes": [
                {
                    "code": code,
                    "model_folds": self.modelled.get(code, 0),
                    **{system: s.to_dict() for system, s in systems.items()},
                }
                for code, systems in self.codes.items()
            ],
        }


def evaluate(project: Project, suggester: Suggester, coder: str | None, folds: int = 5):
    """k-fold cross-validation by transcript; see the module's docstring for the measures."""
    coder = _coder(project, coder)
    codings = project.coding_list(coder=coder)
    coded = sorted({c.transcript for c in codings})
    if len(coded) < 2:
        raise QualkitError(
            f"{coder} has coded {len(coded)} transcript(s); cross-validation needs at least 2"
        )
    if folds < 2:
        raise QualkitError("cross-validation needs at least 2 folds")
    k = min(folds, len(coded))
    analyses = {t: suggester.analyse(project.transcript(t)) for t in coded}
    gold = {
        id(unit): {c.code for c in codings if c.transcript == t and covers(unit, c.start, c.end)}
        for t, analysis in analyses.items()
        for unit in analysis.sentences()
    }
    result = Evaluation(coder, k, len(coded), len(gold), len(codings))
    rankings: dict[str, list[tuple[set[str], list[str]]]] = {s: [] for s in SYSTEMS}
    saved = suggester.model
    try:
        for fold in range(k):
            held_out = coded[fold::k]
            training = set(coded) - set(held_out)
            model = suggester.train(training_examples(project, suggester, coder, training))
            for code in model.codes if model else ():
                result.modelled[code] = result.modelled.get(code, 0) + 1
            for transcript in held_out:
                _rank(suggester, analyses[transcript], gold, rankings)
    finally:
        suggester.model = saved
    order = {code.id: n for n, code in enumerate(project.codebook)}
    for system, ranked in rankings.items():
        result.overall[system] = _score(ranked, None)
        for code in sorted({c for g, r in ranked for c in (*g, *r[:1])}, key=order.get):
            result.codes.setdefault(code, {})[system] = _score(ranked, code)
    return result


def _rank(suggester: Suggester, analysis, gold, rankings) -> None:
    chances = suggester.chances(analysis)
    for unit in analysis.sentences():
        expected = gold[id(unit)]
        rankings["rules"].append((expected, suggester.ranked_codes(unit, None, TOP)))
        combined = suggester.ranked_codes(unit, chances.get(id(unit)), TOP)
        rankings["rules+model"].append((expected, combined))


def _score(ranked: list[tuple[set[str], list[str]]], code: str | None) -> Scores:
    scores = Scores()
    for expected, suggested in ranked:
        best = suggested[0] if suggested else None
        if code is None:
            scores.coded += len(expected)
            scores.found += len(expected & set(suggested[:TOP]))
            scores.suggested += best is not None
            scores.correct += best in expected
        else:
            scores.coded += code in expected
            scores.found += code in expected and code in suggested[:TOP]
            scores.suggested += best == code
            scores.correct += best == code and code in expected
    return scores


def _coder(project: Project, coder: str | None) -> str:
    coders = project.coders()
    if coder is not None:
        if coder not in coders:
            known = ", ".join(coders) or "none yet"
            raise QualkitError(f"{coder} has no codings to evaluate against (coders: {known})")
        return coder
    if len(coders) == 1:
        return next(iter(coders))
    if not coders:
        raise QualkitError("the project has no codings to evaluate the suggestions against")
    raise QualkitError(f"choose whose codings to evaluate against: --coder {' | '.join(coders)}")
