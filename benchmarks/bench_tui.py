"""Terminal UI speed: a 300,000-character interview with 1,000 codings, driven with run_test.

Targets (issue 7): the UI paints before any NLP loads; the transcript opens in < 1 s; moving
(the suggestions panel updated with it), applying a code and accepting a suggestion respond
in < 100 ms. Key timings are from the key press until the screen showing the result was
drawn, in a headless terminal of 100x30. The long interview has stored suggestions; a
second one has none, so opening it shows "loading…" while they are computed in a thread.
Search is timed over the demo project (19 interviews), first (reading and lemmatising every
transcript) and again (from the session's index).
Run: .venv/bin/python benchmarks/bench_tui.py [--characters N] [--codings N]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
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


QUALKIT = Path(sys.executable).with_name("qualkit")
REPO = Path(__file__).resolve().parents[1]


def interview(rng: random.Random, words: list[str], characters: int) -> str:
    """Generated speech turns, with sentences from the sample interviews mixed in so that
    the codebook's keywords find something to suggest."""
    said = [
        line
        for path in sorted((REPO / "transcripts_sample").glob("*.md"))
        for line in path.read_text(encoding="utf-8").split("---\n", 2)[2].splitlines()
        if line.startswith("D: ")
    ]
    text = ""
    while len(text) < characters:
        text += transcript(rng, words, 2_000, 0).split("---\n", 2)[2]
        text += "\n".join(rng.sample(said, 10)) + "\n"
    return text[: text.rfind("\n", 0, characters) + 1]


def build(folder: Path, characters: int, codings: int) -> Path:
    """A project with one long transcript with `codings` codings by one coder and its
    suggestions stored, and a shorter one without suggestions, made by qualkit in child
    processes, so this process loads only what the UI loads."""
    rng = random.Random(7)
    words = vocabulary(rng)
    text = interview(rng, words, characters)
    source = folder / "gen-000.md"
    source.write_text(text, encoding="utf-8")
    (folder / "gen-001.md").write_text(interview(rng, words, 30_000), encoding="utf-8")
    path = folder / "bench.qualkit"
    qualkit = QUALKIT
    codebook = REPO / "codebook" / "aktivitetsersattning.yaml"
    subprocess.run([qualkit, "init", path, "--codebook", codebook], check=True, capture_output=True)
    subprocess.run(
        [qualkit, "import", path, source, folder / "gen-001.md"], check=True, capture_output=True
    )
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
    # Only the long one's suggestions (`qualkit suggest` would compute every missing one).
    store = (
        "import sys; from qualkit.project import Project; "
        "Project.open(sys.argv[1]).refresh_suggestions(['gen-000'], 'bench')"
    )
    subprocess.run([sys.executable, "-c", store, path], check=True, capture_output=True)
    return path


def build_demo(folder: Path) -> Path:
    path = folder / "demo.qualkit"
    subprocess.run(
        [QUALKIT, "demo", "--project", path, "--no-tui"], check=True, capture_output=True
    )
    return path


def heavy() -> str:
    return ", ".join(sorted(m for m in HEAVY if m in sys.modules)) or "none"


async def drive(path: Path) -> dict[str, object]:
    from qualkit.tui import build_app
    from qualkit.tui.widgets.suggestion_panel import SuggestionPanel
    from qualkit.tui.widgets.transcript_view import TranscriptView

    figures: dict[str, object] = {}
    instrument()
    started = time.perf_counter()
    app = build_app(path, "bench", animations=False, watch_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        figures["overview painted"] = time.perf_counter() - started
        figures["heavy modules loaded"] = heavy()

        started = time.perf_counter()
        app.open_transcript("gen-000")
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        painted = [when for when, screen in SCREENS if when > started and screen == "ReaderScreen"]
        figures["transcript opened (first paint)"] = painted[0] - started
        figures["transcript opened (all shown)"] = time.perf_counter() - started
        figures["heavy modules loaded then"] = heavy()
        suggestions = app.screen.suggestions
        figures["size"] = f"{len(view.text):,} characters, {len(view.layout):,} rows, " + (
            f"{len(view.sentences):,} sentences, {len(view.codings):,} codings, "
            f"{len(app.project.suggestions('gen-000')):,} stored suggestions "
            f"({len(suggestions.places or ()):,} listed: the best three of each passage)"
        )
        figures["move (down, panel updated)"] = await timed(pilot, ["down"] * 60)
        figures["move (next turn)"] = await timed(pilot, ["shift+down"] * 30)
        figures["move (page down)"] = await timed(pilot, ["pagedown"] * 30)
        figures["next suggestion (n)"] = await timed(pilot, ["n"] * 30)
        figures["select + extend by word"] = await timed(pilot, ["v", "down", "shift+right"] * 10)
        await pilot.press("escape")
        await pilot.press("c", *"bemot", "enter")  # makes Bemötande the code on key 1
        figures["apply code (key 1)"] = await timed(pilot, ["down", "1"] * 20, every=2)
        for step, figure in (await timed_picker(pilot)).items():
            figures[f"picker: {step}"] = figure
        figures["undo"] = await timed(pilot, ["u"] * 10)
        figures["accept suggestion (a)"] = await timed(pilot, ["n", "a"] * 20, every=2)
        figures["reject suggestion (r)"] = await timed(pilot, ["n", "r"] * 20, every=2)

        await pilot.press("escape")
        await pilot.pause()
        started = time.perf_counter()
        app.open_transcript("gen-001")
        await pilot.pause()
        panel = str(app.screen.query_one(SuggestionPanel).render())
        painted = [when for when, screen in SCREENS if when > started and screen == "ReaderScreen"]
        figures["reader without suggestions painted"] = painted[0] - started
        figures["its panel then says"] = panel.splitlines()[0]
        await app.workers.wait_for_complete()
        await pilot.pause()
        figures["suggestions computed and shown"] = time.perf_counter() - started
    return figures


def build_large(folder: Path, transcripts: int = 100, words: int = 10_000) -> Path:
    """bench_import.py's corpus: 100 generated interviews of 10,000 words."""
    rng = random.Random(3)
    vocabulary_ = vocabulary(rng)
    texts = folder / "large"
    texts.mkdir()
    for number in range(transcripts):
        text = transcript(rng, vocabulary_, words, number)
        (texts / f"gen-{number:03d}.md").write_text(text, encoding="utf-8")
    path = folder / "large.qualkit"
    subprocess.run([QUALKIT, "init", path], check=True, capture_output=True)
    subprocess.run([QUALKIT, "import", path, texts], check=True, capture_output=True)
    return path


async def search(path: Path, prefix: str = "search") -> dict[str, object]:
    """A project searched: first (reading and lemmatising all), then twice more."""
    from qualkit.tui import build_app

    figures: dict[str, object] = {}
    instrument()
    app = build_app(path, "anna", animations=False, watch_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for label, query in (
            (f"{prefix}: f, typing, hits (reads all)", "bemötande"),
            (f"{prefix}: enter to hits", "lyssna"),
            (f"{prefix}: enter to hits, a prefix", "arbets*"),
        ):
            started = time.perf_counter()
            # f opens the screen (and starts reading the transcripts), / comes back to it
            await pilot.press("f" if label.endswith("(reads all)") else "slash", *query)
            if not label.endswith("(reads all)"):
                started = time.perf_counter()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            drawn = [paint for paint in PAINTS if paint >= HANDLED[0]]
            figures[label] = (drawn[0] if drawn else HANDLED[0]) - started
            figures[f"  {prefix}: hits for {query}"] = len(app.screen.hits)
    figures[f"{prefix}: peak memory (process)"] = peak_memory()
    return figures


def peak_memory() -> str:
    """The process's peak resident memory (VmHWM: unlike ru_maxrss, not the parent's
    before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return f"{int(line.split()[1]) // 1024} MB"
    return "unknown"


PAINTS: list[float] = []  # when each screen update finished
SCREENS: list[tuple[float, str]] = []  # the same, with the screen drawn
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
        SCREENS.append((PAINTS[-1], _shown(self)))

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

    from qualkit.tui.screens.search import SearchScreen

    show_hits = SearchScreen.show_hits

    def recorded_hits(self, *args) -> None:
        show_hits(self, *args)
        HANDLED[0] = time.perf_counter()

    SearchScreen.show_hits = recorded_hits
    Screen._compositor_refresh = recorded_update
    App.run_action = recorded_action
    QualkitApp.changed = recorded_change


def _shown(screen) -> str:
    """The screen's name; a reader counts once its text is laid out."""
    from qualkit.tui.widgets.transcript_view import TranscriptView

    name = type(screen).__name__
    if name == "ReaderScreen":
        views = screen.query(TranscriptView)
        if not views or views.first()._rows_layout is None:
            return "ReaderScreen (empty)"
    return name


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
    parser.add_argument("--search", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--label", default="search", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search:
        print(json.dumps(asyncio.run(search(args.search, args.label))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp), args.characters, args.codings)
        demo = build_demo(Path(tmp))
        large = build_large(Path(tmp))
        figures = asyncio.run(drive(path))
        # each in a process of its own, which has not loaded simplemma yet
        for project, label in ((demo, "search, demo"), (large, "search, 1M words")):
            found = subprocess.run(
                [sys.executable, __file__, "--search", project, "--label", label],
                check=True,
                capture_output=True,
                text=True,
            )
            figures.update(json.loads(found.stdout))
    print(f"{'cores':<48}{os.cpu_count()}")
    for name, value in figures.items():
        if isinstance(value, tuple):
            median, worst = value
            shown = f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
        elif isinstance(value, float):
            shown = f"{value * 1000:.0f} ms"
        else:
            shown = str(value)
        print(f"{name:<48}{shown}")


if __name__ == "__main__":
    main()
