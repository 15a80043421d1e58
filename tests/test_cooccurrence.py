"""Codes × codes over sentences, turns and transcripts, as counts and as Jaccard similarity."""

import pytest

from qualkit.analysis.cooccurrence import cooccurrence
from qualkit.errors import QualkitError

from .analysis_support import code


@pytest.fixture
def coded(project):
    # se-d-08: "Hon lyssnar verkligen på mig, alltså." and the next sentence are one turn.
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "bemotande")
    code(project, "se-d-08", "verkligen på mig", "arbete/motivation")
    code(project, "se-d-08", "Hon bryr sig om hur jag mår", "bemotande", coder="erik")
    code(project, "se-d-08", "praktik på en restaurang", "arbete/pa_arbetsplats")
    code(project, "fs-af-01", "samverkansmöten", "bemotande")
    return project


def square(frame):
    return frame.drop(columns="name").set_index("code")


def test_sentences_where_both_codes_apply(coded):
    table = square(cooccurrence(coded, unit="sentence"))
    assert table.loc["bemotande", "bemotande"] == 3  # two sentences in se-d-08, one in fs-af-01
    assert table.loc["bemotande", "arbete/motivation"] == 1
    assert table.loc["arbete/motivation", "bemotande"] == 1
    assert table.loc["bemotande", "arbete/pa_arbetsplats"] == 0
    assert table.loc["arbete", "arbete"] == 0  # nobody coded the parent itself


def test_turns_transcripts_and_rollup(coded):
    turns = square(cooccurrence(coded, unit="turn"))
    assert turns.loc["bemotande", "bemotande"] == 2
    assert turns.loc["bemotande", "arbete/pa_arbetsplats"] == 0  # a later turn
    whole = square(cooccurrence(coded, unit="transcript"))
    assert whole.loc["bemotande", "arbete/pa_arbetsplats"] == 1
    rolled = square(cooccurrence(coded, unit="transcript", rollup=True))
    assert rolled.loc["arbete", "arbete"] == 1 and rolled.loc["arbete", "bemotande"] == 1


def test_jaccard_divides_by_the_units_either_code_applies_to(coded):
    table = square(cooccurrence(coded, unit="sentence", jaccard=True))
    assert table.loc["bemotande", "arbete/motivation"] == pytest.approx(1 / 3, abs=0.001)
    assert table.loc["bemotande", "bemotande"] == 1.0
    assert table.loc["arbete", "bemotande"] == 0.0


def test_chosen_codes_in_the_given_order_and_bad_input(coded):
    frame = cooccurrence(coded, codes=["arbete/motivation", "bemotande"])
    assert list(frame["code"]) == ["arbete/motivation", "bemotande"]
    assert list(frame.columns) == ["code", "name", "arbete/motivation", "bemotande"]
    with pytest.raises(QualkitError, match="a unit is one of sentence, turn, transcript"):
        cooccurrence(coded, unit="stycke")
    with pytest.raises(QualkitError, match="no code 'bemötande'"):
        cooccurrence(coded, codes=["bemötande"])
