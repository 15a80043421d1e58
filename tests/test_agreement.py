"""Inter-coder agreement through the command line: published cases, degenerate data, projects."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from qualkit.demo import build_demo, sample_folder, shipped_codebook
from qualkit.project import Project
from tests.conftest import SHARED

CASES_FILE = SHARED / "reference" / "agreement_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8")) if CASES_FILE.is_file() else []
METRICS = {
    "krippendorff_alpha": "krippendorff",
    "cohen_kappa": "cohen",
    "scott_pi": "scott",
    "fleiss_kappa": "fleiss",
    "percent_agreement": "percent",
    # The contract names only u-alpha: with --code it is the 2004 αU of that code, and over
    # codes that overlap within a coder the pooled 2004 αU (see qualkit.agreement.unitizing).
    "krippendorff_u_alpha_2004": "u-alpha",
    "krippendorff_u_alpha": "u-alpha",
    "krippendorff_cu_alpha": "cu-alpha",
}


def write_table(path: Path, coders, units, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["unit", *coders])
        for unit, row in zip(units, rows, strict=True):
            writer.writerow([unit, *("" if v is None else v for v in row)])
    return path


def case_args(case, tmp_path: Path) -> list[str]:
    data = case["data"]
    metric = METRICS[case["statistic"]]
    if case["data_kind"] == "coding":
        table = write_table(
            tmp_path / "table.csv",
            data["coders"],
            data["units"],
            list(zip(*data["values"], strict=True)),
        )
        return ["agree", "--table", table, "--metric", metric, "--level", case["level"]]
    continuum = data["continuum"]
    spans = tmp_path / "spans.csv"
    with spans.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["coder", "start", "end", "value"])
        for coder, segments in zip(data["coders"], data["segments"], strict=True):
            for s in segments:  # the contract's continuum starts at 0
                shift = continuum["start"]
                writer.writerow([coder, s["start"] - shift, s["end"] - shift, s["value"]])
    args = ["agree", "--spans", spans, "--length", continuum["length"], "--metric", metric]
    params = case.get("params") or {}
    if params.get("category") is not None:
        args += ["--code", params["category"]]
    if case["level"] == "binary":
        args += ["--level", "binary"]
    return args


@pytest.mark.skipif(not CASES, reason=f"no reference cases at {CASES_FILE}")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_published_case_through_the_cli(cli, tmp_path, case):
    if case["statistic"] not in METRICS:
        pytest.skip(f"statistic {case['statistic']} is not offered")
    done = cli(*case_args(case, tmp_path), "--format", "json")
    assert done.exit_code == 0, done.stderr
    found = json.loads(done.stdout)
    assert abs(found["value"] - case["expected"]) <= case["tolerance"]
    assert found["n_coders"] == len(case["data"]["coders"])
    if case["data_kind"] == "coding":
        assert set(found) == {"metric", "level", "value", "n_units", "n_coders"}
        assert found["n_units"] == len(case["data"]["units"])


# --- the --table form ---------------------------------------------------------------------------


def test_all_coders_agreeing_on_one_value_leaves_alpha_undefined(cli, tmp_path):
    table = write_table(tmp_path / "t.csv", ["A", "B"], ["u1", "u2", "u3"], [["ja", "ja"]] * 3)
    done = cli("agree", "--table", table, "--metric", "krippendorff", "--format", "json")
    assert done.exit_code == 0
    found = json.loads(done.stdout)
    assert found["value"] is None and "no variation" in found["reason"]
    assert "NaN" not in done.stdout
    shown = cli("agree", "--table", table, "--metric", "cohen")
    assert "undefined" in shown.stdout and "nan" not in shown.stdout.lower()
    assert cli("agree", "--table", table, "--metric", "krippendorff", "--min", "0.5").exit_code == 1


def test_a_unit_coded_by_one_coder_changes_no_statistic(cli, tmp_path):
    rows = [["1", "1"], ["2", "2"], ["1", "2"], ["3", "3"]]
    units = ["a", "b", "c", "d"]
    without = write_table(tmp_path / "without.csv", ["A", "B"], units, rows)
    with_single = write_table(
        tmp_path / "with.csv", ["A", "B"], [*units, "e"], [*rows, ["3", None]]
    )
    for metric in ("krippendorff", "fleiss", "scott", "cohen", "percent"):
        values = [
            json.loads(cli("agree", "--table", t, "--metric", metric, "-f", "json").stdout)["value"]
            for t in (without, with_single)
        ]
        assert values[0] == pytest.approx(values[1]), metric


def test_words_at_interval_level_are_an_error(cli, tmp_path):
    table = write_table(tmp_path / "t.csv", ["A", "B"], ["u1", "u2"], [["låg", "hög"], ["1", "2"]])
    done = cli("agree", "--table", table, "--metric", "krippendorff", "--level", "interval")
    assert done.exit_code == 2
    assert "interval level needs numbers" in done.stderr and "låg" in done.stderr
    assert done.stdout == ""


def test_percent_with_three_coders_averages_agreeing_pairs(cli, tmp_path):
    # per unit: A,A,B agree in 1 of 3 pairs; A,A,A in 3 of 3; a unit with one value is left out
    table = write_table(
        tmp_path / "t.csv",
        ["x", "y", "z"],
        ["u1", "u2", "u3"],
        [["a", "a", "b"], ["a", "a", "a"], ["a", None, None]],
    )
    found = json.loads(cli("agree", "--table", table, "--metric", "percent", "-f", "json").stdout)
    assert found["value"] == pytest.approx((1 / 3 + 1) / 2)


def test_min_sets_the_exit_code(cli, tmp_path):
    table = write_table(
        tmp_path / "t.csv", ["A", "B"], list("abcd"), [[1, 1], [2, 2], [1, 2], [2, 2]]
    )
    value = json.loads(cli("agree", "--table", table, "-f", "json").stdout)["value"]
    assert cli("agree", "--table", table, "--min", value - 0.01).exit_code == 0
    assert cli("agree", "--table", table, "--min", value + 0.01).exit_code == 1


def test_alpha_bootstrap_interval_surrounds_the_value(cli, tmp_path):
    rng = random.Random(7)
    rows = [[v, v if rng.random() < 0.8 else rng.choice("abc")] for v in rng.choices("abc", k=60)]
    table = write_table(tmp_path / "t.csv", ["A", "B"], [f"u{i}" for i in range(60)], rows)
    found = json.loads(cli("agree", "--table", table, "--bootstrap", 500, "-f", "json").stdout)
    low, high = found["ci95"]
    assert low <= found["value"] <= high and low < high


@pytest.mark.parametrize(
    "args, message",
    [
        (["agree"], "give one of"),
        (["agree", "p.qualkit", "--table", "t.csv"], "not several"),
        (["agree", "--spans", "s.csv"], "--length"),
        (["agree", "--table", "missing.csv"], "no such file"),
    ],
)
def test_mixed_or_missing_forms_are_errors(cli, tmp_path, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = cli(*args)
    assert done.exit_code == 2
    assert message in done.stderr


def test_cohen_refuses_three_coders(cli, tmp_path):
    table = write_table(tmp_path / "t.csv", ["A", "B", "C"], ["u1"], [["a", "a", "b"]])
    done = cli("agree", "--table", table, "--metric", "cohen")
    assert done.exit_code == 2 and "two coders" in done.stderr


# --- unitizing ----------------------------------------------------------------------------------


def test_unitizing_alpha_of_unit_length_spans_equals_alpha_for_coding(cli, tmp_path):
    """With every position a unit of length one, uα and cuα are Krippendorff's nominal alpha."""
    rng = random.Random(3)
    length, coders = 40, ["A", "B", "C"]
    values = {c: [rng.choice("xyz") for _ in range(length)] for c in coders}
    spans = tmp_path / "spans.csv"
    spans.write_text(
        "".join(f"{c},{p},{p + 1},{values[c][p]}\n" for c in coders for p in range(length)),
        encoding="utf-8",
    )
    table = write_table(
        tmp_path / "t.csv",
        coders,
        range(length),
        [[values[c][p] for c in coders] for p in range(length)],
    )
    alpha = json.loads(cli("agree", "--table", table, "-f", "json").stdout)["value"]
    for metric in ("u-alpha", "cu-alpha"):
        done = cli("agree", "--spans", spans, "--length", length, "--metric", metric, "-f", "json")
        assert json.loads(done.stdout)["value"] == pytest.approx(alpha)


def test_identical_spans_agree_perfectly_at_every_level(cli, tmp_path):
    spans = tmp_path / "spans.csv"
    spans.write_text(
        "coder,start,end,value\n" + "".join(f"{c},5,12,x\n{c},20,31,y\n" for c in ("A", "B")),
        encoding="utf-8",
    )
    for extra in ([], ["--level", "binary"], ["--code", "x"]):
        done = cli(
            "agree", "--spans", spans, "--length", 50, "--metric", "u-alpha", *extra, "-f", "json"
        )
        assert json.loads(done.stdout)["value"] == pytest.approx(1.0)


def test_overlapping_units_of_one_coder_give_the_2004_form_and_are_refused_by_cu_alpha(
    cli, tmp_path
):
    spans = tmp_path / "spans.csv"
    spans.write_text("A,0,10,x\nA,5,15,y\nB,0,10,x\nB,12,15,y\n", encoding="utf-8")
    args = ["agree", "--spans", spans, "--length", 20, "-f", "json", "--metric"]
    pooled = json.loads(cli(*args, "u-alpha").stdout)
    assert pooled["definition"] == "2004"
    assert pooled["value"] == json.loads(cli(*args, "u-alpha-2004").stdout)["value"]
    binary = json.loads(cli(*args, "u-alpha", "--level", "binary").stdout)
    assert binary["definition"] == "2019" and binary["value"] is not None
    refused = cli(*args, "cu-alpha")
    assert refused.exit_code == 2 and "overlap" in refused.stderr


def test_spans_outside_the_continuum_are_reported_with_their_line(cli, tmp_path):
    spans = tmp_path / "spans.csv"
    spans.write_text("A,0,10,x\nB,5,25,x\n", encoding="utf-8")
    done = cli("agree", "--spans", spans, "--length", 20, "--metric", "u-alpha")
    assert done.exit_code == 2 and "spans.csv:2:" in done.stderr


# --- projects -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.qualkit"
    build_demo(path).close()
    return path


def test_demo_coders_at_sentence_level(cli, demo):
    done = cli("agree", demo, "--coders", "anna,erik", "--unit", "sentence", "-f", "json")
    assert done.exit_code == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["unit"] == "sentence" and found["coders"] == ["anna", "erik"]
    with Project.open(demo) as project:
        in_use = {c.code for c in project.coding_list()}
        coded = {c.transcript for c in project.coding_list(coder="anna")} & {
            c.transcript for c in project.coding_list(coder="erik")
        }
        sentences = sum(len(project.segments(t, "sentence")) for t in coded)
    assert {c["code"] for c in found["codes"]} == in_use
    assert all(c["n_units"] == sentences for c in found["codes"])
    overall = found["overall"]
    assert overall["n_units"] == sentences * len(in_use)
    assert overall["ci95"][0] <= overall["value"] <= overall["ci95"][1]


def test_demo_min_decides_the_exit_code(cli, demo):
    args = ["agree", demo, "--coders", "anna,erik", "--unit", "turn", "--bootstrap", 0]
    values = [c["value"] for c in json.loads(cli(*args, "-f", "json").stdout)["codes"]]
    lowest = min(v for v in values if v is not None)
    assert cli(*args, "--code", "bemotande", "--min", -1).exit_code == 0
    below = cli(*args, "--min", lowest + 1e-6)
    assert below.exit_code == 1 and "✗" in below.stdout


def test_document_units_are_the_transcripts_both_coded(cli, demo):
    done = cli(
        "agree",
        demo,
        "--coders",
        "anna,erik",
        "--unit",
        "document",
        "--metric",
        "percent",
        "-f",
        "json",
    )
    found = json.loads(done.stdout)
    with Project.open(demo) as project:
        both = {c.transcript for c in project.coding_list(coder="anna")} & {
            c.transcript for c in project.coding_list(coder="erik")
        }
    # anna coded all 19 interviews, erik six of them: the units are the six both coded
    assert found["transcripts_coded"] == {"anna": 19, "erik": 6} and len(both) == 6
    assert {c["n_units"] for c in found["codes"]} == {len(both)}


def test_span_level_offers_percent_only(cli, demo):
    done = cli(
        "agree",
        demo,
        "--coders",
        "anna,erik",
        "--unit",
        "span",
        "--metric",
        "percent",
        "-f",
        "json",
    )
    assert done.exit_code == 0 and json.loads(done.stdout)["threshold"] == 0.5
    refused = cli("agree", demo, "--coders", "anna,erik", "--unit", "span")
    assert refused.exit_code == 2 and "percent" in refused.stderr


@pytest.mark.parametrize(
    "coders, message",
    [
        ("anna", "at least two coders"),
        ("anna,nobody", "'nobody' has no codings"),
        ("anna,anna", "twice"),
    ],
)
def test_bad_coders_are_errors(cli, demo, coders, message):
    done = cli("agree", demo, "--coders", coders)
    assert done.exit_code == 2 and message in done.stderr


def test_copies_of_a_project_match_transcripts_by_text(cli, demo, tmp_path):
    samples = sample_folder()
    copies = []
    for coder in ("anna", "erik"):
        rows = [
            row
            for table in sorted((samples / "codings").glob("*.csv"))
            for row in csv.DictReader(table.open(encoding="utf-8"))
            if row["coder"] == coder
        ]
        own = tmp_path / f"{coder}.csv"
        with own.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        with Project.create(tmp_path / f"{coder}.qualkit", shipped_codebook()) as copy:
            copy.import_files([samples], codings=[own])
        copies.append(tmp_path / f"{coder}.qualkit")
    args = ["--coders", "anna,erik", "--unit", "sentence", "--bootstrap", 0, "-f", "json"]
    apart = json.loads(cli("agree", copies[0], "--with", copies[1], *args).stdout)
    together = json.loads(cli("agree", demo, *args).stdout)
    assert apart["overall"] == together["overall"]
    assert apart["codes"] == together["codes"]


def test_disagreements_list_units_where_coders_differ(cli, demo, tmp_path):
    done = cli("disagreements", demo, "--coders", "anna,erik", "--unit", "sentence", "-f", "csv")
    assert done.exit_code == 0, done.stderr
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert rows and all(r["anna"] != r["erik"] for r in rows)
    with Project.open(demo) as project:
        first = rows[0]
        text = project.text(first["transcript"])
        assert text[int(first["start"]) : int(first["end"])] == first["text"]


def test_disagreements_as_a_word_table(cli, demo, tmp_path):
    from docx import Document

    out = tmp_path / "oenighet.docx"
    done = cli(
        "disagreements", demo, "--coders", "anna,erik", "--unit", "turn", "-f", "docx", "-o", out
    )
    assert done.exit_code == 0, done.stderr
    table = Document(str(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Intervju", "Enhet", "Text", "anna", "erik"]
    listed = json.loads(
        cli("disagreements", demo, "--coders", "anna,erik", "--unit", "turn", "-f", "json").stdout
    )
    assert len(table.rows) == len(listed) + 1


def test_help_documents_units_and_chance(cli):
    shown = cli("agree", "--help").stdout
    for word in ("document", "sentence", "turn", "span", "chance", "threshold", "u-alpha"):
        assert word in shown
