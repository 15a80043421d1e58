"""How long carrying codings over to a corrected transcript takes (qualkit.corpus.align).

A transcript built from the sample interviews, repeated to the given sizes, gets a
transcriber's corrections (a word fixed in every 50th line, a line inserted, a line removed,
spacing changed); then 1,000 passages are placed in the new text.

    .venv/bin/python benchmarks/bench_align.py
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from qualkit.corpus.align import align

SAMPLES = Path(__file__).resolve().parents[1] / "transcripts_sample"


def corpus(words: int) -> str:
    """Sample interviews repeated, each line with its own timestamp (as transcription
    software writes them), so that no line occurs twice, as in a real transcript."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.md")))
    lines = [line for line in text.splitlines() if line.strip()]
    found, total, n = [], 0, 0
    while total < words:
        line = lines[n % len(lines)]
        found.append(f"[{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}] {line}\n")
        total += len(line.split()) + 1
        n += 1
    return "".join(found)


def corrected(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for n in range(0, len(lines), 50):
        words = lines[n].split(" ")
        if len(words) > 3:
            words[2] = words[2] + "x"
            lines[n] = " ".join(words)
    lines.insert(len(lines) // 3, "I: Kan du säga mer om det?\n")
    del lines[2 * len(lines) // 3]
    lines[len(lines) // 2] = lines[len(lines) // 2].replace(" ", "  ")
    return "".join(lines)


def run(words: int) -> None:
    rng = random.Random(1)
    old = corpus(words)
    new = corrected(old, rng)
    started = time.perf_counter()
    alignment = align(old, new)
    aligned = time.perf_counter() - started
    spans = []
    for _ in range(1000):
        start = rng.randrange(0, len(old) - 200)
        spans.append((start, start + rng.randrange(20, 200)))
    started = time.perf_counter()
    placed = sum(alignment.place(s, e).placed for s, e in spans)
    placing = time.perf_counter() - started
    print(
        f"{len(old.split()):>9,} words ({len(old) / 1e6:.1f} MB): align {aligned:.2f} s, "
        f"place 1,000 passages {placing * 1000:.0f} ms ({placed} placed)"
    )


def run_respaced(words: int) -> None:
    """The worst ordinary case: every line changed (a space added at each line end), so
    no line ties the texts together and every line is compared word by word."""
    old = corpus(words)
    new = old.replace("\n", " \n")
    started = time.perf_counter()
    align(old, new)
    print(
        f"{len(old.split()):>9,} words, every line re-spaced: align "
        f"{time.perf_counter() - started:.2f} s"
    )


def run_update(words: int, codings: int) -> None:
    """`import --update` end to end through the library: a transcript with `codings`
    codings re-imported corrected (reading, segmenting, aligning, moving, one transaction)."""
    import tempfile

    from qualkit.project import Project

    rng = random.Random(2)
    old = corpus(words)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.txt"
        path.write_text(old, encoding="utf-8")
        codebook = Path(__file__).resolve().parents[1] / "codebook" / "aktivitetsersattning.yaml"
        with Project.create(Path(folder) / "p.qualkit", codebook) as project:
            project.import_files([path])
            text = project.text("t")
            with project.transaction():
                for _ in range(codings):
                    start = rng.randrange(0, len(text) - 200)
                    project.code("t", start, start + rng.randrange(20, 200), "arbete", "anna")
            path.write_text(corrected(old, rng), encoding="utf-8")
            started = time.perf_counter()
            report = project.import_files([path], update=True, coder="anna", skip_unplaced=True)
            took = time.perf_counter() - started
        print(
            f"import --update of {words:,} words with {codings:,} codings: {took:.2f} s "
            f"({report.codings_moved} moved, {len(report.unplaced)} unplaced)"
        )


if __name__ == "__main__":
    for size in (20_000, 200_000, 1_000_000):
        run(size)
    for size in (20_000, 200_000):
        run_respaced(size)
    run_update(20_000, 1_000)
