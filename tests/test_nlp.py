"""The Swedish text pipeline: lemmas, folded forms, spoken forms and lost diacritics."""

import subprocess
import sys

import pytest

from qualkit.corpus.attributes import attribute_value
from qualkit.nlp import lemmas
from qualkit.nlp.pipeline import text_pipeline
from qualkit.nlp.text import fold, has_diacritics


def test_fold_is_one_function_for_attributes_and_words():
    assert fold("SIUS-konsulent") == "siuskonsulent"
    assert fold("Bemötandet") == "bemotandet"
    assert attribute_value("role", "Sius konsulent") == ("SIUS-konsulent", None)


def test_diacritics_are_recognised():
    assert has_diacritics("bemötande") and has_diacritics("café")
    assert not has_diacritics("bemotande")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lyssnade", "lyssna"),
        ("Arbetsförmedlingen", "arbetsförmedling"),  # capitalised: lemmatised in lower case
        ("handläggaren", "handläggare"),
        ("mej", "jag"),  # spoken form, not the verb "meja"
        ("bytte", "byta"),  # not the adjective "bytt"
        ("handlaggaren", "handläggare"),  # typed without diacritics
        ("bemotandet", "bemötande"),
        ("...", "..."),
        ("2025", "2025"),
    ],
)
def test_lemmas(word, expected):
    assert lemmas.lemma(word) == expected


def test_a_word_typed_without_diacritics_gets_its_likelier_spelling():
    assert lemmas.likely_spelling("mar") == "mår"
    assert lemmas.likely_spelling("angest") == "ångest"
    assert lemmas.likely_spelling("bara") is None  # "bära" is the rarer word
    assert lemmas.likely_spelling("xyz") is None


def test_the_pipeline_puts_lemmas_and_folded_forms_on_tokens():
    nlp = text_pipeline()
    assert text_pipeline() is nlp  # built once
    doc = nlp("Bemötandet var bra, t.ex. när hon lyssnade.")
    tokens = {t.text: t for t in doc}
    assert "t.ex." in tokens  # an abbreviation is one token and does not end the sentence
    assert len(list(doc.sents)) == 1
    assert tokens["Bemötandet"].lemma_ == "bemötande"
    assert tokens["Bemötandet"].norm_ == "bemotandet"
    assert tokens["lyssnade"].lemma_ == "lyssna"


def test_the_command_line_and_the_project_load_no_nlp_until_asked():
    code = (
        "import sys, qualkit.cli, qualkit.project, qualkit.suggest.engine; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert not loaded & {"spacy", "simplemma", "wordfreq", "sklearn", "scipy"}
