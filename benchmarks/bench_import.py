"""Import speed: 100 generated transcripts of 10,000 words each through `qualkit import`.

Target (issue 3): the million words in under 20 s on a 2-core machine, under 1 GB of memory.
Run: .venv/bin/python benchmarks/bench_import.py [--transcripts N] [--words N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMON = (
    "jag du hon han vi de det som och men så att inte har var är på i med till för om när "
    "alltså liksom typ eh mm ja nej asså bara också sen kanske ju väl nog"
).split()
THEMES = (
    "handläggare arbetsförmedlingen försäkringskassan praktik arbetsträning jobb lyssnade "
    "bemötande planen möte ångest sova orkade kompisar familjen ersättningen trettio regler "
    "samverkan kommunen psykiatrin vårdcentralen coach SIUS-konsulent arbetsgivare lönebidrag"
).split()
SYLLABLES = "ar be da ka li mo nu pe ra sa te vi ung ans lig het ning ade ska bor fäl gån".split()


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """A Zipf-like mix: frequent function words, theme words, and a long tail of rare words."""
    rare = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}
    return COMMON * 40 + THEMES * 8 + sorted(rare)


def transcript(rng: random.Random, words: list[str], n_words: int, number: int) -> str:
    arm = ("FS", "SE", "CM")[number % 3]
    lines = [
        "---",
        f"id: gen-{number:03d}",
        f"arm: {arm}",
        "role: deltagare",
        f"kommun: Kommun {number % 7}",
        "---",
    ]
    written = 0
    while written < n_words:
        speaker = "I" if len(lines) % 2 else "D"
        sentences = []
        for _ in range(rng.randint(1, 5)):
            sentence = rng.choices(words, k=rng.randint(4, 18))
            sentences.append(" ".join(sentence).capitalize() + rng.choice(".?!.…"))
            written += len(sentence)
        lines.append(f"{speaker}: " + " ".join(sentences))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(3)
    words = vocabulary(rng)
    qualkit = Path(sys.executable).with_name("qualkit")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for number in range(args.transcripts):
            text = transcript(rng, words, args.words, number)
            (folder / f"gen-{number:03d}.md").write_text(text, encoding="utf-8")
        project = Path(tmp) / "bench.qualkit"
        subprocess.run([qualkit, "init", project], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([qualkit, "import", project, folder], check=True, capture_output=True)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = project.stat().st_size / 2**20
    total = args.transcripts * args.words
    print(f"cores                {os.cpu_count()}")
    print(f"corpus               {args.transcripts} transcripts x {args.words:,} words = {total:,}")
    print(f"import (qualkit CLI) {seconds:.2f} s  ({total / seconds:,.0f} words/s)")
    print(f"peak memory          {peak_mb:.0f} MB (largest child process, RSS)")
    print(f"project file         {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
