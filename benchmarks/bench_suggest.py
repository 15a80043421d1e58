"""Suggestion speed: pipeline load, a million-word project, one long transcript, retraining.

Targets (issue 4): the text pipeline loads in under 2 s; suggestions for a 1,000,000-word
corpus in under 15 s once it is loaded; one 20,000-word transcript in under 300 ms;
retraining the coder's model on 5,000 codings in under 1 s.
Run: .venv/bin/python benchmarks/bench_suggest.py [--transcripts N] [--words N]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_import import transcript, vocabulary  # noqa: E402

SAMPLES = HERE.parent / "transcripts_sample"


def spoken_sentences() -> list[str]:
    """Respondents' sentences from the sample interviews: real keyword density."""
    found = []
    for path in sorted(SAMPLES.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line[:3] in ("D: ", "IP:") or line.startswith(("Case manager:", "SIUS")):
                found += [s.strip() + "." for s in line.split(":", 1)[1].split(".") if s.strip()]
    return found


def mixed_transcript(rng, words, spoken, n_words: int, number: int) -> str:
    """Half generated words (a long tail of rare forms), half sentences people said."""
    text = transcript(rng, words, n_words // 2, number)
    lines, said = [], 0
    while said < n_words // 2:
        turn = " ".join(rng.choice(spoken) for _ in range(rng.randint(1, 4)))
        said += len(turn.split())
        lines.append(f"D: {turn}")
    return text + "\n".join(lines) + "\n"


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()

    from qualkit.nlp.pipeline import text_pipeline

    nlp, load = timed(text_pipeline)  # first thing in a fresh process: spaCy + simplemma

    from qualkit.demo import shipped_codebook
    from qualkit.project import Project
    from qualkit.suggest.engine import Suggester
    from qualkit.suggest.refresh import training_examples

    rng = random.Random(4)
    words, spoken = vocabulary(rng), spoken_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for number in range(args.transcripts):
            text = mixed_transcript(rng, words, spoken, args.words, number)
            (folder / f"gen-{number:03d}.md").write_text(text, encoding="utf-8")
        long = Path(tmp) / "long"
        long.mkdir()
        (long / "gen-999.md").write_text(
            mixed_transcript(rng, words, spoken, 20_000, 999), encoding="utf-8"
        )
        project = Project.create(Path(tmp) / "bench.qualkit", shipped_codebook())
        project.import_files([folder])
        total = int(project.info()["words"])

        suggester, build = timed(lambda: Suggester(project.codebook, nlp))
        suggester.suggest_text("Hon lyssnade på mig.")  # loads word frequencies
        project._suggester = suggester  # the facade would build the same; time it apart
        report, corpus = timed(lambda: project.refresh_suggestions())
        stored = sum(report.counts.values())

        project.import_files([long])
        one = project.transcript("gen-999")
        suggestions, engine = timed(lambda: suggester.suggest(suggester.analyse(one)))
        suggester._analyses.pop("gen-999")
        _, facade = timed(lambda: project.refresh_suggestions(["gen-999"]))

        _, library = timed(lambda: __import__("sklearn.linear_model"))  # once per process
        codings = Path(tmp) / "codings.csv"
        labelled = write_codings(project, suggester, codings, rng, 5_000)
        project.import_files([], codings=[codings])
        examples, gather = timed(lambda: training_examples(project, suggester, "bench"))
        model, fit = timed(lambda: suggester.train(examples))
        more = Path(tmp) / "more.csv"  # a coder's next session: 100 more codings
        write_codings(project, suggester, more, rng, 100)
        project.import_files([], codings=[more])
        _, again = timed(lambda: suggester.train(training_examples(project, suggester, "bench")))
        project.close()

    print(f"cores                         {os.cpu_count()}")
    print(f"pipeline load                 {load:.2f} s (spaCy, simplemma's Swedish dictionary)")
    print(f"rules from codebook           {build:.2f} s ({len(suggester.rules.keywords)} keywords)")
    print(
        f"corpus                        {args.transcripts} transcripts, {total:,} words "
        f"(turn text, interviewer included)"
    )
    print(
        f"suggest + store, whole corpus {corpus:.2f} s ({total / corpus:,.0f} words/s), "
        f"{stored:,} suggestions"
    )
    long_words = one.words
    print(
        f"one transcript ({long_words:,} words)  {engine * 1000:.0f} ms ranking, "
        f"{facade * 1000:.0f} ms through Project.refresh_suggestions (train + store)"
    )
    print(
        f"retrain on {labelled:,} codings      {fit:.2f} s fit "
        f"({len(model.codes) if model else 0} codes, {len(examples):,} sentences), "
        f"{gather:.2f} s gathering examples from cached analyses"
    )
    print(f"retrain after 100 more        {again:.2f} s (gathering examples + fit)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory                   {peak:.0f} MB (RSS, whole benchmark process)")
    print(f"scikit-learn import           {library:.2f} s (once, at the first retraining)")


def write_codings(project, suggester, path: Path, rng, count: int) -> int:
    """`count` codings by 'bench': a sentence's best rule suggestion, one in five replaced
    by a random code (coders disagree with keywords)."""
    codes = [c.id for c in project.codebook]
    rows = []
    for transcript_id in project.transcript_ids():
        for s in project.suggestions(transcript_id, kind="sentence"):
            if rows and rows[-1][1:3] == [s.start, s.end]:
                continue
            code = s.code if rng.random() > 0.2 else rng.choice(codes)
            rows.append([transcript_id, s.start, s.end, code])
    rows = rng.sample(rows, min(count, len(rows)))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["transcript", "coder", "code", "start", "end"])
        writer.writerows([t, "bench", code, a, b] for t, a, b, code in rows)
    return len(rows)


if __name__ == "__main__":
    main()
