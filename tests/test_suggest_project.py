"""Stored suggestions in a project, accepting and rejecting them, evaluation, and the CLI."""

import json
import sqlite3

import pytest

from qualkit.demo import build_demo, shipped_codebook
from qualkit.errors import QualkitError
from qualkit.project import Project
from qualkit.store import MIGRATIONS

from .conftest import span_of

# --- stored suggestions -----------------------------------------------------------------------


@pytest.fixture
def suggested(project: Project) -> Project:
    project.refresh_suggestions()
    return project


def test_suggestions_are_stored_per_sentence_and_turn(suggested):
    assert suggested.suggestions_to_refresh() == []
    text = suggested.text("se-d-08")
    sentences = suggested.suggestions("se-d-08", kind="sentence")
    turns = suggested.suggestions("se-d-08", kind="turn")
    assert sentences and turns
    start, end = span_of(suggested, "se-d-08", "Hon lyssnar verkligen på mig, alltså.")
    here = [s for s in sentences if (s.start, s.end) == (start, end)]
    assert [s.code for s in here] == ["bemotande"]
    assert [text[a:b] for a, b in here[0].spans] == ["lyssnar"]
    assert here[0].matched == ("lyssnar",) and here[0].status == "open"
    assert all(s.source == "rules" for s in sentences)  # no codings yet: no model


def test_the_interviewer_gets_no_suggestions(suggested):
    question = span_of(suggested, "se-d-08", "Och jobbet, hur går det där?")
    assert all(s.start < question[0] or s.start >= question[1] for s in suggested.suggestions())


def test_accepting_codes_the_passage_and_undo_reopens_it(suggested):
    first = suggested.suggestions("se-d-08")[0]
    coding = suggested.accept_suggestion(first.id, "anna")
    assert (coding.start, coding.end, coding.code, coding.origin) == (
        first.start,
        first.end,
        first.code,
        "suggestion",
    )
    assert suggested.suggestion(first.id, "anna").status == "accepted"
    assert suggested.suggestion(first.id, "erik").status == "open"  # status is per coder
    suggested.undo("anna")
    assert suggested.suggestion(first.id, "anna").status == "open"
    assert suggested.coding_list(coder="anna") == []


def test_rejecting_is_undoable_and_survives_a_refresh(suggested):
    first = suggested.suggestions("se-d-08")[0]
    assert suggested.reject_suggestion(first.id, "anna").status == "rejected"
    assert suggested.undo("anna").startswith("reject se-d-08")
    assert suggested.suggestion(first.id, "anna").status == "open"
    suggested.redo("anna")
    suggested.refresh_suggestions(["se-d-08"])
    again = [
        s
        for s in suggested.suggestions("se-d-08", coder="anna")
        if (s.start, s.end, s.code) == (first.start, first.end, first.code)
    ]
    assert [s.status for s in again] == ["rejected"]
    assert suggested.rejections("anna") == [("se-d-08", first.start, first.end, first.code, "anna")]


def test_a_coded_passage_cannot_be_rejected(suggested):
    first = suggested.suggestions("se-d-08")[0]
    suggested.accept_suggestion(first.id, "anna")
    with pytest.raises(QualkitError, match="uncode it instead"):
        suggested.reject_suggestion(first.id, "anna")


def test_bad_requests_are_refused(suggested):
    with pytest.raises(QualkitError, match="no suggestion 999999"):
        suggested.accept_suggestion(999999, "anna")
    with pytest.raises(QualkitError, match="no transcript 'nope'"):
        suggested.suggestions("nope")
    with pytest.raises(QualkitError, match="turn or a sentence"):
        suggested.suggestions(kind="paragraph")
    with pytest.raises(QualkitError, match="invalid coder"):
        suggested.reject_suggestion(suggested.suggestions()[0].id, " ")


def test_a_new_codebook_makes_suggestions_stale(suggested, tmp_path):
    changed = tmp_path / "changed.yaml"
    text = (shipped_codebook().parent / "aktivitetsersattning.yaml").read_text(encoding="utf-8")
    changed.write_text(text, encoding="utf-8")
    suggested.use_codebook(changed)
    assert suggested.suggestions_to_refresh() == suggested.transcript_ids()


def test_a_schema_1_project_is_upgraded(tmp_path, codebook_file, transcripts):
    path = tmp_path / "old.qualkit"
    with Project.create(path, codebook_file) as project:
        project.import_files(transcripts)
    # Take the file back to schema 1, as an older qualkit left it.
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE suggestions; DROP TABLE suggestion_runs; DROP TABLE rejections;"
        "PRAGMA user_version = 1;"
    )
    db.close()
    assert "suggestions" in MIGRATIONS[2]
    with Project.open(path) as project:
        assert project.info()["schema"] == 2
        project.refresh_suggestions()
        assert project.suggestions("se-d-08")


# --- the model in a project, and evaluation ---------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = build_demo(tmp_path_factory.mktemp("demo") / "demo.qualkit")
    yield project
    project.close()


def test_the_model_learns_from_a_coders_codings(demo):
    report = demo.refresh_suggestions(["se-d-08"], coder="anna")
    assert report.modelled and all(n >= 10 for n in report.modelled.values())
    assert "anna" in report.model
    sources = {s.source for s in demo.suggestions("se-d-08")}
    assert "rules+model" in sources


def test_evaluation_reports_both_systems_per_code(demo):
    result = demo.evaluate_suggestions("erik", folds=3).to_dict()
    assert result["folds"] == 3 and result["coder"] == "erik"
    assert result["transcripts"] >= 6
    for system in ("rules", "rules+model"):
        overall = result["overall"][system]
        assert 0 <= overall["precision_at_1"] <= 1 and 0 <= overall["recall_at_3"] <= 1
    coded = {c["code"]: c["rules"]["coded"] for c in result["codes"]}
    assert coded["bemotande"] > 0
    assert sum(coded.values()) == result["overall"]["rules"]["coded"]


def test_evaluation_needs_a_coder_with_codings(demo, project):
    with pytest.raises(QualkitError, match="--coder anna | erik"):
        demo.evaluate_suggestions()
    with pytest.raises(QualkitError, match="no codings to evaluate"):
        demo.evaluate_suggestions("nobody")
    with pytest.raises(QualkitError, match="no codings"):
        project.evaluate_suggestions()


# --- the command line -------------------------------------------------------------------------


def jsonl(cli, lines, *options):
    return cli("suggest", "--codebook", shipped_codebook(), *options, input="\n".join(lines) + "\n")


def test_jsonl_one_line_out_per_line_in_best_first(cli):
    lines = [
        json.dumps({"id": "a", "text": "Hon lyssnade på mig och tog mig på allvar."}),
        json.dumps({"id": 2, "text": ""}),
        json.dumps({"id": 3, "text": "... 123 !!"}),
        json.dumps({"id": "d", "text": "Jag mår dåligt och har ångest, och kompisarna ringer."}),
    ]
    result = jsonl(cli, lines)
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 2, 3, "d"]
    assert out[0]["suggestions"][0]["code"] == "bemotande"
    assert out[1]["suggestions"] == [] and out[2]["suggestions"] == []
    scores = [s["score"] for s in out[3]["suggestions"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3
    first = out[0]["suggestions"][0]
    text = json.loads(lines[0])["text"]
    assert set(first["matched"]) == {text[a:b] for a, b in first["spans"]}
    top1 = jsonl(cli, lines, "--top", "1")
    assert all(len(json.loads(line)["suggestions"]) <= 1 for line in top1.stdout.splitlines())


def test_an_invalid_line_is_named_and_nothing_is_written(cli):
    lines = ['{"id": 1, "text": "lyssna"}', "not json", "[1, 2]", '{"id": 4}', '{"text": "x"}']
    result = jsonl(cli, lines)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: stdin:2: not valid JSON")


def test_skip_invalid_reports_bad_lines_and_answers_the_rest(cli):
    lines = ['{"id": 1, "text": "lyssna"}', "not json", "[1, 2]", '{"id": 4}', '{"text": "x"}']
    result = jsonl(cli, lines, "--skip-invalid")
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
    reported = result.stderr.splitlines()
    assert [line.split(":")[2] for line in reported] == ["2", "3", "4", "5"]
    assert '"text" must be a string' in reported[2] and '"id"' in reported[3]


def test_a_megabyte_line_without_newline(cli):
    text = "jag " * 260_000 + "har ångest"
    result = cli(
        "suggest",
        "--codebook",
        shipped_codebook(),
        input=json.dumps({"id": "big", "text": text}),
    )
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["suggestions"][0]["code"] == "halsa/maende"


def test_the_cli_lists_stored_suggestions(cli, project):
    path = project.path
    project.close()
    result = cli("suggest", path, "--transcript", "se-d-08", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "computed suggestions for 2 transcript(s)" in result.stderr
    rows = json.loads(result.stdout)
    assert {r["transcript"] for r in rows} == {"se-d-08"}
    assert {"id", "code", "score", "matched", "spans", "status", "text"} <= set(rows[0])
    again = cli("suggest", path, "--kind", "turn")
    assert again.stderr == ""  # nothing stale, nothing recomputed
    assert "se-d-08" in again.stdout


def test_the_cli_evaluates(cli, demo):
    result = cli("suggest", demo.path, "--evaluate", "--coder", "anna", "--folds", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("anna: ")
    assert "overall" in result.stdout and "bemotande" in result.stdout
    data = json.loads(
        cli("suggest", demo.path, "--evaluate", "--coder", "anna", "--format", "json").stdout
    )
    assert set(data["overall"]) == {"rules", "rules+model"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a project, or --codebook"),
        (("--codebook", "x.yaml", "--evaluate"), "need a project"),
        (("--codebook", "x.yaml", "--format", "table"), "--format jsonl"),
        (("--codebook", "missing.yaml"), "missing.yaml: no such file"),
    ],
)
def test_cli_refuses_mixed_up_options(cli, args, message):
    result = cli("suggest", *args, input="")
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
