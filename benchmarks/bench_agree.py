"""Agreement speed: two coders over 100 transcripts at sentence level (~50,000 units, 20 codes).

Target (issue 6): `qualkit agree PROJECT --coders a,b --unit sentence` in under 2 s.
Builds a generated project once (import is not timed), then times the command from outside
the process (start-up included) and the library call inside it, with and without the
bootstrap intervals.
Run: .venv/bin/python benchmarks/bench_agree.py [--transcripts N] [--sentences N]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "jag du hon vi det som och men så att inte har var på med till för när alltså liksom "
    "handläggare praktik jobb möte planen kommunen vården familjen ersättningen regler"
).split()


def transcript(rng: random.Random, number: int, sentences: int) -> str:
    lines = ["---", f"id: gen-{number:03d}", "arm: SE", "role: deltagare", "---"]
    for turn in range(sentences // 4):
        speaker = "I" if turn % 2 else "D"
        said = [
            " ".join(rng.choices(WORDS, k=rng.randint(5, 12))).capitalize() + "." for _ in range(4)
        ]
        lines.append(f"{speaker}: " + " ".join(said))
    return "\n".join(lines) + "\n"


def codings(rng: random.Random, texts: dict[str, str], codes: list[str]) -> list[dict]:
    """Coder a codes passages; b repeats most of them with other boundaries and adds her own."""
    rows = []
    for tid, text in texts.items():
        for _ in range(40):
            start = rng.randrange(0, len(text) - 400)
            end = start + rng.randint(60, 400)
            code = rng.choice(codes)
            rows.append({"transcript": tid, "coder": "a", "code": code, "start": start, "end": end})
            if rng.random() < 0.8:
                shift = rng.randint(-30, 30)
                rows.append(
                    {
                        "transcript": tid,
                        "coder": "b",
                        "code": code,
                        "start": max(0, start + shift),
                        "end": end + rng.randint(-30, 30),
                    }
                )
        for _ in range(8):
            start = rng.randrange(0, len(text) - 400)
            rows.append(
                {
                    "transcript": tid,
                    "coder": "b",
                    "code": rng.choice(codes),
                    "start": start,
                    "end": start + rng.randint(60, 400),
                }
            )
    return rows


def build(folder: Path, n: int, sentences: int) -> Path:
    from qualkit.demo import shipped_codebook
    from qualkit.project import Project

    rng = random.Random(6)
    sources = folder / "intervjuer"
    sources.mkdir()
    for number in range(n):
        (sources / f"gen-{number:03d}.md").write_text(
            transcript(rng, number, sentences), encoding="utf-8"
        )
    path = folder / "bench.qualkit"
    with Project.create(path, shipped_codebook()) as project:
        project.import_files([sources])
        codes = [c.id for c in project.codebook][:20]
        texts = {t: project.text(t) for t in project.transcript_ids()}
        table = folder / "codings.csv"
        with table.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["transcript", "coder", "code", "start", "end"])
            writer.writeheader()
            writer.writerows(codings(rng, texts, codes))
        project.import_files([], codings=[table])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--sentences", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = build(Path(tmp), args.transcripts, args.sentences)
        print(
            f"built {path.name} in {time.perf_counter() - started:.1f} s (not part of the figure)"
        )
        from qualkit.agreement.check import project_agreement
        from qualkit.project import Project

        with Project.open(path) as project:
            units = sum(len(project.segments(t, "sentence")) for t in project.transcript_ids())
            print(f"{args.transcripts} transcripts, {units} sentences, codings {project.coders()}")
            for draws in (0, 1000):
                started = time.perf_counter()
                report = project_agreement(
                    [project], ["a", "b"], "sentence", "krippendorff", bootstrap=draws
                )
                took = time.perf_counter() - started
                print(
                    f"library, bootstrap {draws:>4}: {took:.2f} s, "
                    f"{len(report.codes)} codes, overall alpha {report.overall.value:.3f}"
                )
        qualkit = Path(sys.executable).parent / "qualkit"
        command = [
            str(qualkit),
            "agree",
            str(path),
            "--coders",
            "a,b",
            "--unit",
            "sentence",
            "-f",
            "json",
        ]
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=os.environ)
            print(
                f"qualkit agree (whole command, 1000 draws): {time.perf_counter() - started:.2f} s"
            )


if __name__ == "__main__":
    main()
