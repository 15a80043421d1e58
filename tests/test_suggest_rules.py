"""Keyword rules and the model, on texts written for each case."""

import json
import unicodedata
from pathlib import Path

import pytest

from qualkit.codebook import check_codebook_text, load_codebook
from qualkit.demo import shipped_codebook
from qualkit.suggest.engine import Suggester
from qualkit.suggest.model import MIN_EXAMPLES, CoderModel, Example

DATA = Path(__file__).parent / "data"

CODEBOOK = """\
title: Regler
codes:
  - id: bemotande
    name: Bemötande
    keywords: [bemötande, bry sig om, ta sig tid]
  - id: arbete
    name: Arbete
    keywords: [arbets*]
  - id: arbete/praktik
    name: Praktik
    keywords: [praktik*, arbetsträning]
  - id: vardag
    name: Vardag
    keywords: [jobb]
"""


@pytest.fixture(scope="module")
def suggester(tmp_path_factory) -> Suggester:
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return Suggester(load_codebook(path))


@pytest.fixture(scope="module")
def shipped() -> Suggester:
    return Suggester(load_codebook(shipped_codebook()))


def codes(suggester: Suggester, text: str, top: int = 3) -> list[str]:
    return [s.code for s in suggester.suggest_text(text, top)]


@pytest.mark.parametrize(
    "text",
    [
        "Bemötandet var fint.",
        "Bemötande är viktigt.",
        "bemotande var fint",  # typed without å ä ö
        "Det var ett bra bemötande.",
    ],
)
def test_a_keyword_matches_its_forms_and_spellings(suggester, text):
    assert codes(suggester, text) == ["bemotande"]


def test_matched_words_come_with_their_offsets(suggester):
    text = "Hon brydde sig, eh, om mig och min arbetsplats."
    found = {s.code: s for s in suggester.suggest_text(text)}
    assert set(found["bemotande"].matched) == {"brydde sig, eh, om"}  # a filler is skipped
    assert [text[a:b] for a, b in found["arbete"].spans] == ["arbetsplats"]


def test_prefix_patterns_find_compounds_but_not_lone_prefixes(suggester):
    assert codes(suggester, "Arbetsgivaren ringde.") == ["arbete"]
    assert codes(suggester, "Arbetsträningen gick bra.")[:1] == ["arbete/praktik"]
    assert codes(suggester, "Det var arbets.") == ["arbete"]  # the prefix itself is a word
    assert codes(suggester, "Vi arbetar.") == []  # 'arbetar' does not start with 'arbets'


def test_a_child_supports_its_parent_without_outranking_it(suggester):
    found = suggester.suggest_text("Jag har praktik på ett lager.")
    assert [s.code for s in found] == ["arbete/praktik", "arbete"]
    assert found[1].matched == found[0].matched


def test_more_distinct_and_rarer_words_score_higher(suggester):
    one = suggester.suggest_text("Jag har praktik.")[0]
    two = suggester.suggest_text("Jag har praktik och arbetsträning.")[0]
    assert two.code == one.code == "arbete/praktik" and two.score > one.score
    repeated = suggester.suggest_text("Praktik, praktik, praktiken.")[0]
    assert repeated.score == one.score  # the same keyword said again is no new evidence
    ranked = codes(suggester, "Ett jobb med arbetsträning.")
    assert ranked.index("arbete/praktik") < ranked.index("vardag")  # rare beats everyday


@pytest.mark.parametrize("text", ["", "   ", "!!! ... ?", "123 456", "[skratt]"])
def test_texts_without_words_get_no_suggestions(suggester, text):
    assert suggester.suggest_text(text) == []


def test_a_megabyte_without_a_newline(suggester):
    text = ("ord " * 250_000) + "bemötande"
    found = suggester.suggest_text(text)
    assert [s.code for s in found] == ["bemotande"]
    assert [text[a:b] for a, b in found[0].spans] == ["bemötande"]


def quotes(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_text_without_diacritics_keeps_most_suggestions(shipped):
    """Written or OCR-read without å ä ö, a text keeps at least 80% of its suggestions."""
    kept = total = 0
    for quote in (
        quotes("held_out_quotes.jsonl") + quotes("dev_quotes.jsonl") + quotes("field_dev.jsonl")
    ):
        with_them = set(codes(shipped, quote["text"]))
        without = set(codes(shipped, strip_diacritics(quote["text"])))
        kept += len(with_them & without)
        total += len(with_them)
    assert total > 100
    assert kept / total >= 0.8


def test_the_shipped_codebook_on_quotes_written_apart_from_it(shipped):
    """Invented interview quotes, each with the code a researcher would give it; the file
    was written before the keywords were last revised and never used to tune them."""
    held_out = quotes("held_out_quotes.jsonl")
    right_first = sum(codes(shipped, q["text"])[:1] in ([c] for c in q["codes"]) for q in held_out)
    found = sum(len(set(q["codes"]) & set(codes(shipped, q["text"]))) for q in held_out)
    expected = sum(len(q["codes"]) for q in held_out)
    assert right_first / len(held_out) >= 0.6
    assert found / expected >= 0.8


# --- the model ------------------------------------------------------------------------------


def examples(n_positive: int, rejected: int = 0) -> list[Example]:
    positive = [Example("handläggare lyssna", frozenset({"bemotande"})) for _ in range(n_positive)]
    negative = [Example(f"väder sol {i}") for i in range(40)]
    refused = [
        Example("kaffe lyssna", negative=frozenset({"bemotande"}), complete=False)
        for _ in range(rejected)
    ]
    return positive + negative + refused


def test_a_code_needs_enough_codings_before_it_gets_a_model():
    assert CoderModel.fit(examples(MIN_EXAMPLES - 1)) is None
    model = CoderModel.fit(examples(MIN_EXAMPLES))
    assert model is not None and model.codes == ["bemotande"]
    likely, unlikely = model.probabilities(["lyssna handläggare", "sol väder"])["bemotande"]
    assert likely > 0.5 > unlikely
    assert model.reasons(["sol", "lyssna"], "bemotande") == ["lyssna"]


def test_rejected_suggestions_teach_the_model():
    plain = CoderModel.fit(examples(MIN_EXAMPLES))
    taught = CoderModel.fit(examples(MIN_EXAMPLES, rejected=15))
    before = plain.probabilities(["kaffe lyssna"])["bemotande"][0]
    after = taught.probabilities(["kaffe lyssna"])["bemotande"][0]
    assert after < before


def test_a_code_on_every_example_gets_no_model():
    only = [Example("lyssna", frozenset({"bemotande"})) for _ in range(MIN_EXAMPLES)]
    assert CoderModel.fit(only) is None


# --- codebook check ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "warning"),
    [
        ("typ", "filler word"),
        ("inte", "common word"),
        ("for", "reads as the common word 'för'"),
        ("var*", "also matches common words (var, vara"),
        ("nar*", "also matches common words (när"),
    ],
)
def test_codebook_check_warns_of_keywords_that_match_everything(keyword, warning):
    text = f"codes:\n  - id: a\n    name: A\n    keywords: ['{keyword}', lyssna]\n"
    result = check_codebook_text(text)
    assert result.errors == ()
    assert len(result.warnings) == 1 and warning in result.warnings[0]
    assert ":4: warning" in result.warnings[0]
