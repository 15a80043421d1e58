"""Start-up: how long `qualkit --help` and `qualkit info` take, as a user types them.

Target (issue 3): `qualkit --help` answers in well under a second (heavy libraries load lazily).
Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str | Path], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    qualkit = Path(sys.executable).with_name("qualkit")
    print(f"cores              {os.cpu_count()}")
    median, worst = timed([qualkit, "--help"], args.runs)
    print(f"qualkit --help     median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.qualkit"
        subprocess.run([qualkit, "demo", "--project", project, "--no-tui"], check=True,
                       capture_output=True)  # fmt: skip
        median, worst = timed([qualkit, "info", project], args.runs)
        print(f"qualkit info demo  median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms")


if __name__ == "__main__":
    main()
