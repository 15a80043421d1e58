"""Exchange speed: import the NVivo 12.6 sample (.qdpx) with `qualkit import-qdpx`, export it
again with `qualkit export qdpx`, and merge the result into itself twice over.

Target (issue 8): importing the NVivo sample (600,000 characters, 303 codings) in under 3 s.
The sample is read from ../shared/interop/samples/ beside the repository.
Run: .venv/bin/python benchmarks/bench_interop.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "interop"
    / "samples"
    / "nvivo-win-12.6-oltas0517.qdpx"
)


def timed(*args: object) -> float:
    started = time.perf_counter()
    subprocess.run([str(a) for a in args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not SAMPLE.is_file():
        sys.exit(f"the NVivo sample is not at {SAMPLE}")
    qualkit = Path(sys.executable).with_name("qualkit")
    imports, exports, merges = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            project = Path(tmp) / f"nvivo-{run}.qualkit"
            imports.append(timed(qualkit, "import-qdpx", SAMPLE, project))
            archive = Path(tmp) / f"nvivo-{run}.qdpx"
            exports.append(timed(qualkit, "export", "qdpx", project, archive))
            merges.append(timed(qualkit, "merge", project, archive))
    print(f"cores                  {os.cpu_count()}")
    print(f"sample                 {SAMPLE.name} ({SAMPLE.stat().st_size / 2**20:.1f} MB)")
    print(f"import-qdpx (CLI)      best {min(imports):.2f} s, worst {max(imports):.2f} s")
    print(f"export qdpx (CLI)      best {min(exports):.2f} s, worst {max(exports):.2f} s")
    print(f"merge, all present     best {min(merges):.2f} s, worst {max(merges):.2f} s")


if __name__ == "__main__":
    main()
