"""Quotes with citation labels, and pseudonymisation of names and identity numbers."""

import pytest

from qualkit.analysis.pseudonymise import pseudonymiser, read_names
from qualkit.analysis.quotes import citation_labels, quotes
from qualkit.errors import QualkitError

from .analysis_support import code, make_project


def test_the_default_label_reads_as_a_report_cites(project):
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "bemotande")
    found = quotes(project, "bemotande")
    assert list(found.columns) == ["transcript", "start", "end", "code", "label", "quote"]
    assert found.loc[0, "label"] == "Intervju SE-deltagare 8"
    assert found.loc[0, "quote"] == "Hon lyssnar verkligen på mig"


def test_sub_themes_are_included_and_overlapping_codings_are_one_quote(project):
    code(project, "se-d-08", "Hon lyssnar verkligen", "arbete/motivation")
    code(project, "se-d-08", "lyssnar verkligen på mig", "arbete", coder="erik")
    code(project, "se-d-08", "Jag har fått praktik", "arbete/pa_arbetsplats")
    found = quotes(project, "arbete")
    assert list(found["quote"]) == ["Hon lyssnar verkligen på mig", "Jag har fått praktik"]
    assert list(quotes(project, "arbete", descendants=False)["quote"]) == [
        "lyssnar verkligen på mig"
    ]


def test_n_is_the_nr_attribute_or_the_order_within_the_group(tmp_path):
    people = {
        "a": {"arm": "SE", "role": "deltagare"},
        "b": {"arm": "FS", "role": "deltagare"},
        "c": {"arm": "SE", "role": "deltagare"},
        "d": {"arm": "SE", "role": "deltagare", "nr": "14"},
    }
    with make_project(tmp_path, people) as project:
        labels = citation_labels(project, "Intervju {arm}-{role} {n}")
        assert labels == {
            "a": "Intervju SE-deltagare 1",
            "b": "Intervju FS-deltagare 1",
            "c": "Intervju SE-deltagare 2",
            "d": "Intervju SE-deltagare 14",
        }
        assert citation_labels(project, "{id} ({arm})")["b"] == "b (FS)"
        with pytest.raises(QualkitError, match="no attribute 'kommun'"):
            citation_labels(project, "{arm} {kommun}")
        with pytest.raises(QualkitError, match="fields are attribute names in braces"):
            citation_labels(project, "{arm:>5}")
        with pytest.raises(QualkitError, match="label template"):
            citation_labels(project, "{arm")


def test_limit_takes_each_respondents_first_quote_before_anyones_second(project):
    for passage in ("Hon lyssnar", "Hon bryr sig", "Jag har fått praktik"):
        code(project, "se-d-08", passage, "bemotande")
    code(project, "fs-af-01", "samverkansmöten", "bemotande")
    found = quotes(project, "bemotande", limit=2)
    assert sorted(found["transcript"]) == ["fs-af-01", "se-d-08"]


@pytest.mark.parametrize(
    "number",
    [
        "850312-1234",
        "8503121234",
        "19850312-1234",
        "198503121234",
        "850312+1234",
        "20050312 1234",
        "850372-1234",  # samordningsnummer: day + 60
    ],
)
def test_identity_numbers_in_any_form_are_replaced(number):
    clean = pseudonymiser()
    assert (
        clean(f"Mitt nummer är {number}, skriv det.") == "Mitt nummer är [personnummer], skriv det."
    )
    assert pseudonymiser(lang="en")(number) == "[ID number]"


@pytest.mark.parametrize("text", ["2025-03-12", "851312-1234", "850300-1234", "123", "20250312"])
def test_dates_and_impossible_numbers_are_left_alone(text):
    assert pseudonymiser()(text) == text


def test_names_as_whole_words_with_the_genitive_kept():
    clean = pseudonymiser(["Jonas", "Anna Berg", "Per"])
    assert clean("Jonas sa det till Anna Berg.") == "[namn] sa det till [namn]."
    assert clean("Pers mamma och personalen") == "[namn]s mamma och personalen"
    assert clean("Anna och Jonasson") == "Anna och Jonasson"


def test_quotes_are_pseudonymised_and_names_read_from_a_file(project, tmp_path):
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "bemotande")
    names = tmp_path / "namn.txt"
    names.write_text("# personer i intervjuerna\nHon\n\n", encoding="utf-8")
    assert read_names(names) == ["Hon"]
    found = quotes(project, "bemotande", pseudonymise=pseudonymiser(read_names(names)))
    assert found.loc[0, "quote"] == "[namn] lyssnar verkligen på mig"
    with pytest.raises(QualkitError, match="no such file"):
        read_names(tmp_path / "saknas.txt")
