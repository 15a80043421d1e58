"""Analysis speed: crosstabs over 2,000 transcripts and 200,000 codings, and a Word report
of 30 tables.

Targets (issue 5): the crosstab in under 1 s; the Word document with 30 tables in under 3 s.
Issue 16: the whole `qualkit crosstab` process on the demo project within 2 × `qualkit info`.
Run: .venv/bin/python benchmarks/bench_analysis.py [--transcripts N] [--codings N] [--demo-only]
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

from qualkit.analysis.crosstab import crosstab
from qualkit.demo import shipped_codebook
from qualkit.export.report import ReportOptions, report_tables, write_docx
from qualkit.project import Project

ROLES = {
    "FS": ("deltagare", "arbetsförmedlare", "personlig handläggare"),
    "SE": ("deltagare", "arbetsförmedlare", "personlig handläggare", "SIUS-konsulent"),
    "CM": ("deltagare", "arbetsförmedlare", "personlig handläggare", "case manager"),
}
KOMMUNER = ("Malmö", "Göteborg", "Stockholm", "Uppsala", "Örebro", "Luleå", "Umeå")
WORDS = (
    "jag du hon vi det som och men så att inte har var är på med till för om när alltså "
    "liksom handläggaren arbetsförmedlingen praktik jobb lyssnade planen möte ångest orkade "
    "kompisar ersättningen regler samverkan psykiatrin arbetsgivare lönebidrag tryggt stöd"
).split()


def interview(rng: random.Random, number: int) -> str:
    arm = ("FS", "SE", "CM")[number % 3]
    lines = [
        "---",
        f"id: int-{number:04d}",
        f"nr: {number // 3 + 1}",
        f"arm: {arm}",
        f"role: {rng.choice(ROLES[arm])}",
        f"kommun: {rng.choice(KOMMUNER)}",
        "---",
    ]
    for turn in range(24):
        speaker = "I" if turn % 2 == 0 else "D"
        sentence = " ".join(rng.choices(WORDS, k=rng.randint(6, 20))).capitalize()
        lines.append(f"{speaker}: {sentence}. Intervju {number}, replik {turn}.")
    return "\n".join(lines) + "\n"


def build(folder: Path, n_transcripts: int, n_codings: int) -> Path:
    """The project through the real import, codings included (as a coding table)."""
    rng = random.Random(5)
    corpus = folder / "corpus"
    corpus.mkdir()
    for number in range(n_transcripts):
        text = interview(rng, number)
        (corpus / f"int-{number:04d}.md").write_text(text, encoding="utf-8")
    path = folder / "bench.qualkit"
    qualkit = Path(sys.executable).with_name("qualkit")
    subprocess.run([qualkit, "init", path, "--codebook", shipped_codebook()], check=True)
    subprocess.run([qualkit, "import", path, corpus], check=True, capture_output=True)
    with Project.open(path) as project:
        lengths = {t: len(text) for t, text in project.texts().items()}
        codes = [code.id for code in project.codebook]
    table = folder / "codings.csv"
    seen = set()
    with table.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["transcript", "coder", "code", "start", "end"])
        while len(seen) < n_codings:
            transcript = f"int-{rng.randrange(n_transcripts):04d}"
            start = rng.randrange(lengths[transcript] - 200)
            row = (transcript, rng.choice(("anna", "erik")), rng.choice(codes), start)
            if row not in seen:
                seen.add(row)
                writer.writerow([*row, start + rng.randint(20, 200)])
    subprocess.run([qualkit, "import", path, "--codings", table], check=True, capture_output=True)
    return path


def timed(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def report(project: Project) -> list:
    """30 tables: seven theme tables, co-occurrence, 21 quote tables, the framework matrix."""
    themes = tuple(code.id for code in project.codebook)
    where_small = {"arm": ["SE"], "role": ["deltagare"], "kommun": ["Malmö"]}
    option_sets = [
        ReportOptions(include=("crosstab",), cols=("arm", "role")),
        ReportOptions(include=("crosstab",), cols=("arm",), percent=True),
        ReportOptions(include=("crosstab",), cols=("arm",), count="segments"),
        ReportOptions(include=("crosstab",), cols=("arm",), count="words"),
        ReportOptions(include=("crosstab",), cols=("role",)),
        ReportOptions(include=("crosstab",), cols=("kommun",)),
        ReportOptions(include=("crosstab",), rows="kommun", cols=("arm",)),
        ReportOptions(include=("cooccurrence",), unit="transcript"),
        ReportOptions(include=("quotes",), themes=themes, max_quotes=10),
        ReportOptions(include=("framework",), where=where_small, themes_per_table=10),
    ]
    return [table for options in option_sets for table in report_tables(project, options)]


def process(command: list) -> float:
    """Seconds for one process, start-up and imports included: best of three."""

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return timed(run)


def demo_processes() -> None:
    """The demo project's crosstab (arm, with tests) beside `qualkit info` on it."""
    from qualkit.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.qualkit"
        build_demo(path).close()
        qualkit = [sys.executable, "-m", "qualkit"]
        info = process([*qualkit, "info", path])
        table = process([*qualkit, "crosstab", path])
    print(f"demo: qualkit info (process)     {info:.2f} s (best of 3)")
    print(f"demo: qualkit crosstab (process) {table:.2f} s (best of 3), {table / info:.1f} x info")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=2_000)
    parser.add_argument("--codings", type=int, default=200_000)
    parser.add_argument("--demo-only", action="store_true", help="only the demo figures")
    args = parser.parse_args()
    demo_processes()
    if args.demo_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        path = build(folder, args.transcripts, args.codings)
        setup = time.perf_counter() - started
        qualkit = Path(sys.executable).with_name("qualkit")
        with Project.open(path) as project:
            counts = {
                what: timed(lambda w=what: crosstab(project, cols=["arm", "role"], count=w))
                for what in ("respondents", "segments", "words")
            }
            started = time.perf_counter()
            tables = report(project)
            analyses = time.perf_counter() - started
            started = time.perf_counter()
            write_docx(project, tables, folder / "rapport.docx", "sv")
            word = time.perf_counter() - started
            n_codings = sum(project.coders().values())
        started = time.perf_counter()
        command = [qualkit, "crosstab", path, "--cols", "arm,role", "--format", "csv"]
        subprocess.run(command, check=True, capture_output=True)
        cli = time.perf_counter() - started
        size_kb = (folder / "rapport.docx").stat().st_size / 1024
    print(f"cores                          {os.cpu_count()}")
    print(f"project                        {args.transcripts:,} transcripts, {n_codings:,} codings")
    print(f"setup (generate, import)       {setup:.1f} s")
    for what, seconds in counts.items():
        print(f"crosstab arm x role, {what:<11} {seconds:.2f} s (best of 3, library)")
    print(f"qualkit crosstab (CLI process) {cli:.2f} s (start-up and imports included)")
    print(f"report tables computed         {len(tables)} tables in {analyses:.2f} s")
    print(f"Word document written          {len(tables)} tables in {word:.2f} s ({size_kb:.0f} kB)")


if __name__ == "__main__":
    main()
