"""Theme tables: counts checked against an independent count of `qualkit codings` output,
hierarchy rollups, missing values, filters, percentages and tests against the FS arm."""

import csv
import io
from collections import defaultdict

import pytest
from scipy.stats import chi2_contingency, fisher_exact

from qualkit.analysis.crosstab import crosstab
from qualkit.errors import QualkitError
from qualkit.project import Project

from .analysis_support import code, make_project


def codings_rows(cli, path, *args):
    result = cli("codings", path, "--format", "csv", *args)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def themes_of(code_id):
    """The code and its ancestors, read from the id path (arbete/motivation -> arbete)."""
    parts = code_id.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def test_respondent_counts_match_an_independent_count_of_the_codings(cli, demo_file):
    rows = codings_rows(cli, demo_file)
    mentioned = defaultdict(set)
    for row in rows:
        for theme in themes_of(row["code"]):
            mentioned[theme, row["arm"]].add(row["transcript"])
    with Project.open(demo_file) as project:
        table = crosstab(project, cols=["arm"]).frame.set_index("code")
        arms = project.transcripts()["arm"].value_counts()
        codes = [c.id for c in project.codebook]
    assert list(table.index) == codes  # codebook order, every code
    for theme in codes:
        for arm in ("FS", "SE", "CM"):
            assert table.loc[theme, arm] == len(mentioned[theme, arm]), (theme, arm)
        assert table.loc[theme, "total"] == sum(len(mentioned[theme, a]) for a in arms.index)


def test_segment_counts_match_distinct_passages_per_theme_for_one_coder(cli, demo_file):
    rows = codings_rows(cli, demo_file, "--coder", "erik")
    passages = defaultdict(set)
    for row in rows:
        for theme in themes_of(row["code"]):
            passages[theme, row["role"]].add((row["transcript"], row["start"], row["end"]))
    with Project.open(demo_file) as project:
        found = crosstab(project, cols=["role"], count="segments", coder="erik")
    table = found.frame.set_index("code")
    for group in found.groups:
        role = group.key[0]
        for theme in table.index:
            assert table.loc[theme, group.label] == len(passages[theme, role]), (theme, role)


def test_a_parent_counts_a_respondent_once_and_unused_codes_show_zero(project):
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "arbete/motivation")
    code(project, "se-d-08", "praktik på en restaurang", "arbete/pa_arbetsplats")
    code(project, "se-d-08", "praktik på en restaurang", "arbete/pa_arbetsplats", coder="erik")
    table = crosstab(project, cols=["arm"]).frame.set_index("code")
    assert table.loc["arbete", "SE"] == 1
    assert table.loc["arbete/motivation", "SE"] == 1
    assert table.loc["bemotande", "SE"] == 0 and table.loc["bemotande", "total"] == 0
    assert list(table["level"]) == [0, 0, 1, 1]
    segments = crosstab(project, cols=["arm"], count="segments").frame.set_index("code")
    assert segments.loc["arbete", "SE"] == 2  # two passages; erik's copy is the same passage
    assert segments.loc["arbete/pa_arbetsplats", "SE"] == 1


def test_coded_words_count_overlapping_passages_once(project):
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "bemotande")  # 5 words
    code(project, "se-d-08", "verkligen på mig, alltså", "bemotande", coder="erik")  # +1 word
    code(project, "se-d-08", "Jag har fått praktik", "arbete/pa_arbetsplats")  # 4 words
    table = crosstab(project, cols=["arm"], count="words").frame.set_index("code")
    assert table.loc["bemotande", "SE"] == 6
    assert table.loc["arbete", "SE"] == 4


def test_missing_values_are_their_own_column_in_either_language(project):
    # fs-af-01 was imported without front matter: it has no arm at all
    code(project, "fs-af-01", "Vi har samverkansmöten", "bemotande")
    found = crosstab(project, cols=["arm"])
    assert [g.label for g in found.groups] == ["SE", "saknas"]
    assert found.frame.set_index("code").loc["bemotande", "saknas"] == 1
    english = crosstab(project, cols=["arm"], lang="en")
    assert [g.label for g in english.groups] == ["SE", "missing"]


def test_unknown_attributes_and_bad_options_are_clear_errors(project):
    with pytest.raises(QualkitError, match=r"no attribute 'arme' \(did you mean 'arm'\?\)"):
        crosstab(project, cols=["arme"])
    with pytest.raises(QualkitError, match="the project's attributes: nr, arm, role, kommun"):
        crosstab(project, cols=["län"])
    with pytest.raises(QualkitError, match="no transcript has arm=CM"):
        crosstab(project, cols=["role"], where={"arm": ["CM"]})
    with pytest.raises(QualkitError, match="use --count respondents"):
        crosstab(project, count="words", percent=True)
    with pytest.raises(QualkitError, match="--count is one of"):
        crosstab(project, count="ord")
    with pytest.raises(QualkitError, match="no codings by 'olle'"):
        crosstab(project, coder="olle")


def test_rows_can_be_an_attribute(project):
    found = crosstab(project, rows="kommun", cols=["arm"])
    table = found.frame.set_index("kommun")
    assert table.loc["Malmö", "SE"] == 1
    assert table.loc["saknas", "saknas"] == 1
    assert table["total"].sum() == 2


def test_an_empty_project_says_it_has_no_attributes(tmp_path, codebook_file):
    with Project.create(tmp_path / "tom.qualkit", codebook_file) as empty:
        with pytest.raises(QualkitError, match="no attribute 'arm'.*none: import"):
            crosstab(empty, cols=["arm"])


def test_a_project_without_codings_lists_every_code_with_zeros(project):
    found = crosstab(project, cols=["arm"])
    assert list(found.frame["code"]) == [c.id for c in project.codebook]
    assert found.counts.to_numpy().sum() == 0
    assert [g.n for g in found.groups] == [1, 1]


def study(tmp_path, se_yes, se_n, fs_yes, fs_n):
    """A trial with se_n SE and fs_n FS participants, of whom se_yes and fs_yes speak of
    bemötande."""
    people = {f"se-{i}": {"arm": "SE", "role": "deltagare"} for i in range(se_n)}
    people |= {f"fs-{i}": {"arm": "FS", "role": "deltagare"} for i in range(fs_n)}
    project = make_project(tmp_path, people, body="I: Hur har det varit?\nD: Hon lyssnar.")
    for arm, yes in (("se", se_yes), ("fs", fs_yes)):
        for i in range(yes):
            code(project, f"{arm}-{i}", "Hon lyssnar", "bemotande")
    return project


def test_small_cells_use_fishers_exact_test_with_stars(tmp_path):
    project = study(tmp_path, se_yes=8, se_n=8, fs_yes=0, fs_n=8)  # expected cells 4
    found = crosstab(project, cols=["arm"])
    row = found.frame.set_index("code").loc["bemotande"]
    expected = fisher_exact([[8, 0], [0, 8]]).pvalue
    assert expected < 0.001
    assert row["test SE vs FS"] == "fisher"
    assert row["p SE vs FS"] == pytest.approx(expected)
    assert row["sig SE vs FS"] == "***"
    assert [c.name for c in found.comparisons] == ["SE vs FS"]
    project.close()


def test_large_cells_use_the_chi_square_test(tmp_path):
    project = study(tmp_path, se_yes=24, se_n=40, fs_yes=14, fs_n=40)
    row = crosstab(project, cols=["arm"]).frame.set_index("code").loc["bemotande"]
    expected = chi2_contingency([[24, 16], [14, 26]], correction=False).pvalue
    assert row["test SE vs FS"] == "chi2"
    assert row["p SE vs FS"] == pytest.approx(expected)
    assert 0.01 <= expected < 0.05  # the case was chosen to fall here
    assert row["sig SE vs FS"] == "*"
    project.close()


def test_arm_by_role_compares_each_role_with_the_same_role_in_fs(demo_file):
    with Project.open(demo_file) as project:
        found = crosstab(project, cols=["arm", "role"])
    names = [c.name for c in found.comparisons]
    assert "SE / deltagare vs FS / deltagare" in names
    assert not any(name.startswith("SE / SIUS-konsulent") for name in names)  # no FS twin
    assert [g.label for g in found.groups][:3] == [
        "FS / deltagare",
        "FS / arbetsförmedlare",
        "FS / personlig handläggare",
    ]
    assert sum(g.n for g in found.groups) == found.respondents == 19


def test_percentages_are_of_the_columns_respondents(demo_file):
    with Project.open(demo_file) as project:
        found = crosstab(project, cols=["arm"], percent=True, where={"role": ["deltagare"]})
        participants = (project.transcripts()["role"] == "deltagare").sum()
    table = found.frame.set_index("code")
    counts = found.counts
    for group in found.groups:
        share = counts.loc["bemotande", group.label] * 100 / group.n
        assert table.loc["bemotande", group.label] == int(share + 0.5)  # whole, half up
    assert found.respondents == sum(g.n for g in found.groups) == participants


def test_theme_tables_need_a_codebook(tmp_path, transcripts):
    from qualkit.analysis.cooccurrence import cooccurrence
    from qualkit.analysis.framework import framework

    with Project.create(tmp_path / "utan.qualkit") as bare:
        bare.import_files(transcripts)
        for analysis in (crosstab, framework, cooccurrence):
            with pytest.raises(QualkitError, match="the project has no codebook"):
                analysis(bare)
        assert crosstab(bare, rows="kommun", cols=["arm"]).counts.loc["Malmö", "SE"] == 1


def test_words_are_counted_as_the_importer_counts_them(demo_file):
    import pandas as pd

    from qualkit.analysis.coded import count_words
    from qualkit.corpus.segment import count_words as importer_count

    with Project.open(demo_file) as project:
        texts = project.texts()
        turns = [(t, turn.start, turn.end) for t in texts for turn in project.segments(t, "turn")]
    spans = pd.DataFrame(turns, columns=["transcript", "start", "end"])
    expected = [importer_count(texts[t][start:end]) for t, start, end in turns]
    assert count_words(texts, spans) == expected
    assert count_words(texts, spans.iloc[:0]) == []
