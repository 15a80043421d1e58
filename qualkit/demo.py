"""The demo project: the sample interviews, the shipped codebook and two coders' codings."""

from __future__ import annotations

import tempfile
from pathlib import Path

from qualkit.errors import QualkitError
from qualkit.project import Project

CODEBOOK = "aktivitetsersattning.yaml"


def _data_root() -> Path:
    """A source checkout has the data beside the package; a wheel carries it inside."""
    package = Path(__file__).resolve().parent
    for root in (package.parent, package / "_data"):
        if (root / "codebook" / CODEBOOK).is_file() and (root / "transcripts_sample").is_dir():
            return root
    raise QualkitError("the sample corpus is not installed with this qualkit")


def shipped_codebook() -> Path:
    return _data_root() / "codebook" / CODEBOOK


def sample_folder() -> Path:
    return _data_root() / "transcripts_sample"


def demo_path() -> Path:
    return Path(tempfile.mkdtemp(prefix="qualkit-demo-")) / "demo.qualkit"


def build_demo(path: Path) -> Project:
    samples = sample_folder()
    project = Project.create(path, shipped_codebook())
    try:
        project.import_files(
            [samples],
            cases=samples / "cases.csv",
            codings=sorted((samples / "codings").glob("*.csv")),
        )
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    return project
