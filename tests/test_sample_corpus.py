"""The shipped codebook, the sample interviews and the demo project built from them."""

import csv
import json
from collections import Counter

import pytest

from qualkit.codebook import check_codebook
from qualkit.corpus.attributes import ROLES
from qualkit.demo import build_demo, sample_folder, shipped_codebook

REQUIRED_CODES = """
bemotande delaktighet arbete arbete/motivation arbete/soka_arbete arbete/pa_arbetsplats halsa
halsa/maende halsa/kontakt_med_varden livssituation livssituation/myndighetskontakter
livssituation/sociala_relationer utveckling risker risker/regelverk risker/trettioarsgransen
risker/personalomsattning risker/daglig_verksamhet samverkan insatser malgruppen
""".split()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = build_demo(tmp_path_factory.mktemp("demo") / "demo.qualkit")
    yield project
    project.close()


def test_the_shipped_codebook_is_valid_and_complete():
    result = check_codebook(shipped_codebook())
    assert result.errors == ()
    assert result.warnings == ()
    codebook = result.codebook
    assert set(REQUIRED_CODES) <= {code.id for code in codebook}
    for code in codebook:
        assert code.name and code.description and code.include and code.exclude, code.id
        assert code.short and code.color, code.id
        assert len(code.keywords) >= 10, code.id
    assert len({code.short for code in codebook}) == len(codebook)


def test_sample_interviews_cover_arms_roles_and_municipalities(demo):
    frame = demo.transcripts()
    assert len(frame) >= 18
    assert frame["words"].between(800, 2500).all(), frame[["id", "words"]]
    participants = frame[frame["role"] == "deltagare"]
    assert set(participants["arm"]) == {"FS", "SE", "CM"}
    assert set(ROLES) <= set(frame["role"])
    assert frame["kommun"].nunique() >= 7
    assert frame[["arm", "role", "kommun", "nr"]].notna().all().all()
    for transcript in demo.transcript_ids():
        speakers = {turn.speaker for turn in demo.transcript(transcript).turns}
        assert len(speakers) >= 2, transcript  # interviewer and respondent turns


def test_the_case_table_describes_every_sample_interview(demo):
    with open(sample_folder() / "cases.csv", encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    assert sorted(ids) == sorted(demo.transcript_ids())


def test_two_demonstration_coders_coded_at_least_six_interviews(demo):
    codings = demo.codings()
    assert set(codings["coder"]) == {"anna", "erik"}
    per_coder = codings.groupby("coder")["transcript"].nunique()
    assert (per_coder >= 6).all()
    both = Counter(codings.groupby("transcript")["coder"].nunique())
    assert both[2] >= 6
    assert set(codings["code"]) <= set(REQUIRED_CODES)


def test_the_demo_command_builds_once_and_then_reuses(cli, tmp_path):
    path = tmp_path / "demo.qualkit"
    first = cli("demo", "--project", path, "--no-tui")
    assert first.exit_code == 0, first.stderr
    assert f"built the demo project {path}" in first.stderr
    second = cli("demo", "--project", path, "--no-tui")
    assert "using the existing project" in second.stderr
    assert second.stdout.startswith(f"project      {path}")
    # Without --no-tui it opens the terminal UI, which needs a terminal.
    third = cli("demo", "--project", path)
    assert third.exit_code == 2
    assert "the terminal UI needs a terminal" in third.stderr
    summary = json.loads(cli("info", path, "--format", "json").stdout)
    assert set(summary["coders"]) == {"anna", "erik"}
