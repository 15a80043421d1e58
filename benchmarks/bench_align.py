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


if __name__ == "__main__":
    for size in (20_000, 200_000, 1_000_000):
        run(size)
