"""Terminal UI speed: a 300,000-character interview with 1,000 codings, driven with run_test.

Targets (issue 7): the UI paints before any NLP loads; the transcript opens in < 1 s; moving
and applying a code respond in < 100 ms. Key timings are from the key press until the app
has handled it and is idle again (Textual's Pilot), in a headless terminal of 100x30.
Run: .venv/bin/python benchmarks/bench_tui.py [--characters N] [--codings N]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import transcript, vocabulary  # noqa: E402

HEAVY = ("spacy", "pandas", "sklearn", "simplemma")


def build(folder: Path, characters: int, codings: int) -> Path:
    """A project with one long transcript and `codings` codings by one coder, made by the
    qualkit CLI in child processes, so this process loads only what the UI loads."""
    rng = random.Random(7)
    words = vocabulary(rng)
    text = ""
    while len(text) < characters:
        text += transcript(rng, words, 2_000, 0).split("---\n", 2)[2]
    text = text[: text.rfind("\n", 0, characters) + 1]
    source = folder / "gen-000.md"
    source.write_text(text, encoding="utf-8")
    path = folder / "bench.qualkit"
    qualkit = Path(sys.executable).with_name("qualkit")
    codebook = Path(__file__).resolve().parents[1] / "codebook" / "aktivitetsersattning.yaml"
    subprocess.run([qualkit, "init", path, "--codebook", codebook], check=True, capture_output=True)
    subprocess.run([qualkit, "import", path, source], check=True, capture_output=True)
    codes = [
        line.split(":", 1)[1].strip()
        for line in codebook.read_text().splitlines()
        if line.startswith("  - id:")
    ]
    table = folder / "codings.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["transcript", "coder", "code", "start", "end"])
        for _ in range(codings):
            start = rng.randrange(0, len(text) - 2_000)
            writer.writerow(
                ["gen-000", "bench", rng.choice(codes), start, start + rng.randint(40, 1_500)]
            )
    subprocess.run([qualkit, "import", path, "--codings", table], check=True, capture_output=True)
    return path


async def drive(path: Path) -> dict[str, object]:
    from qualkit.tui import build_app
    from qualkit.tui.widgets.transcript_view import TranscriptView

    figures: dict[str, object] = {}
    instrument()
    started = time.perf_counter()
    app = build_app(path, "bench", animations=False, watch_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        figures["overview painted"] = time.perf_counter() - started
        figures["heavy modules loaded"] = sorted(m for m in HEAVY if m in sys.modules) or "none"

        started = time.perf_counter()
        app.open_transcript("gen-000")
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        figures["transcript opened"] = time.perf_counter() - started
        figures["size"] = f"{len(view.text):,} characters, {len(view.layout):,} rows, " + (
            f"{len(view.sentences):,} sentences, {len(view.codings):,} codings"
        )
        figures["move (down)"] = await timed(pilot, ["down"] * 60)
        figures["move (next turn)"] = await timed(pilot, ["shift+down"] * 30)
        figures["move (page down)"] = await timed(pilot, ["pagedown"] * 30)
        figures["select + extend by word"] = await timed(pilot, ["v", "down", "shift+right"] * 10)
        await pilot.press("escape")
        await pilot.press("c", *"bemot", "enter")  # makes Bemötande the code on key 1
        figures["apply code (key 1)"] = await timed(pilot, ["down", "1"] * 20, every=2)
        for step, figure in (await timed_picker(pilot)).items():
            figures[f"picker: {step}"] = figure
        figures["undo"] = await timed(pilot, ["u"] * 10)
    return figures


PAINTS: list[float] = []  # when each screen update finished
HANDLED = [0.0]  # when the app last finished an action (a key binding, a coding)


def instrument() -> None:
    """Record when actions finish and when screen updates are drawn, so that a key is
    timed from the moment it is sent until its result is on screen, without the idle
    waits of the test harness."""
    from textual.app import App
    from textual.screen import Screen

    from qualkit.tui.app import QualkitApp

    update, run_action, changed = Screen._compositor_refresh, App.run_action, QualkitApp.changed

    def recorded_update(self) -> None:
        update(self)
        PAINTS.append(time.perf_counter())

    async def recorded_action(self, *args, **kwargs):
        result = await run_action(self, *args, **kwargs)
        HANDLED[0] = time.perf_counter()
        return result

    def recorded_change(self) -> None:
        changed(self)
        HANDLED[0] = time.perf_counter()

    from qualkit.tui.screens.picker import CodePicker

    show_matches = CodePicker.show_matches

    def recorded_matches(self, query: str) -> None:
        show_matches(self, query)
        HANDLED[0] = time.perf_counter()

    CodePicker.show_matches = recorded_matches
    Screen._compositor_refresh = recorded_update
    App.run_action = recorded_action
    QualkitApp.changed = recorded_change


async def press_and_paint(pilot, *keys: str) -> float:
    """Seconds from sending the first key until the screen showing the result was drawn."""
    started = time.perf_counter()
    await pilot.press(*keys)
    await pilot.pause()
    drawn = [paint for paint in PAINTS if paint >= HANDLED[0]]
    return (drawn[0] if drawn else HANDLED[0]) - started


async def timed(pilot, keys: list[str], every: int = 1) -> tuple[float, float]:
    """Median and worst time per key (every `every`-th key is the one measured)."""
    times = []
    for number, key in enumerate(keys):
        took = await press_and_paint(pilot, key)
        if (number + 1) % every == 0:
            times.append(took)
    return statistics.median(times), max(times)


async def timed_picker(pilot, rounds: int = 10) -> dict[str, tuple[float, float]]:
    """The picker step by step: open it (c), type a letter, apply the code (enter)."""
    steps: dict[str, list[float]] = {"open": [], "letter": [], "apply": []}
    for _ in range(rounds):
        await pilot.press("down")
        steps["open"].append(await press_and_paint(pilot, "c"))
        for letter in "lyssn":
            steps["letter"].append(await press_and_paint(pilot, letter))
        steps["apply"].append(await press_and_paint(pilot, "enter"))
    return {name: (statistics.median(t), max(t)) for name, t in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=300_000)
    parser.add_argument("--codings", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp), args.characters, args.codings)
        figures = asyncio.run(drive(path))
    print(f"cores                     {os.cpu_count()}")
    for name, value in figures.items():
        if isinstance(value, tuple):
            median, worst = value
            shown = f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
        elif isinstance(value, float):
            shown = f"{value * 1000:.0f} ms"
        else:
            shown = str(value)
        print(f"{name:<26}{shown}")


if __name__ == "__main__":
    main()
