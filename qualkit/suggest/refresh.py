"""Computing a project's stored suggestions: train on the codings, rank every passage."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualkit.codebook import Codebook
from qualkit.model import Suggestion
from qualkit.suggest.engine import Suggester
from qualkit.suggest.model import Example

if TYPE_CHECKING:
    from qualkit.project import Project


@dataclass
class RefreshReport:
    """What a refresh did: suggestions per transcript and the model it used."""

    counts: dict[str, int] = field(default_factory=dict)
    model: str = "rules"  # or "model for N codes from M sentences (coder)"
    modelled: dict[str, int] = field(default_factory=dict)  # code -> positive sentences


# Raised when the way keywords are weighed changes, so that suggestions stored by an earlier
# version are recomputed like those of a changed codebook. 2: phrases, co-occurrence and
# weak keywords, parent themes' own words at half weight.
SCORING = 2


def codebook_fingerprint(codebook: Codebook) -> str:
    """Changes when a code's keywords or place in the tree change, or the scoring does
    (then suggestions do)."""
    payload = [SCORING, [(c.id, c.parent, list(c.keywords)) for c in codebook]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:16]


def training_examples(
    project: Project, suggester: Suggester, coder: str | None, transcripts: set[str] | None = None
) -> list[Example]:
    """Sentences labelled by `coder`'s codings and rejections (every coder's when None),
    from the transcripts in `transcripts` (all when None)."""
    codings = defaultdict(list)
    for coding in project.coding_list(coder=coder):
        codings[coding.transcript].append(coding)
    rejected = defaultdict(list)
    for transcript, start, end, code, _ in project.rejections(coder):
        rejected[transcript].append((start, end, code))
    examples: list[Example] = []
    fingerprints = project.fingerprints()
    for transcript in sorted(set(codings) | set(rejected)):
        if transcripts is not None and transcript not in transcripts:
            continue
        analysis = suggester.cached(transcript, fingerprints[transcript])
        if analysis is None:
            analysis = suggester.analyse(project.transcript(transcript))
        examples += suggester.examples(
            analysis, codings[transcript], rejected[transcript], complete=transcript in codings
        )
    return examples


def compute(
    project: Project, suggester: Suggester, transcripts: list[str], coder: str | None
) -> tuple[RefreshReport, dict[str, list[Suggestion]]]:
    """Retrain on the codings, then rank every respondent turn and sentence."""
    examples = training_examples(project, suggester, coder)
    model = suggester.train(examples)
    report = RefreshReport()
    if model is not None:
        report.modelled = dict(model.counts)
        who = coder or "all coders"
        report.model = (
            f"model for {len(model.codes)} code(s) from {len(examples)} sentences ({who})"
        )
    found = {}
    for transcript in transcripts:
        found[transcript] = suggester.suggest(suggester.analyse(project.transcript(transcript)))
        report.counts[transcript] = len(found[transcript])
    return report, found
