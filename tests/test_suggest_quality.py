"""How keyword evidence is weighed: phrases, co-occurrences, weak words, parent themes,
negations and the interviewer's words; and the shipped codebook on field quotes."""

import json
from pathlib import Path

import pytest

from qualkit.codebook import check_codebook_text, load_codebook
from qualkit.corpus.batch import segment
from qualkit.demo import shipped_codebook
from qualkit.model import Transcript
from qualkit.suggest.engine import Suggester

DATA = Path(__file__).parent / "data"
MYN = "livssituation/myndighetskontakter"

CODEBOOK = """\
title: Vikter
codes:
  - id: arbete
    name: Arbete
    keywords: [jobba, jobb, praktik]
  - id: arbete/motivation
    name: Motivation
    keywords: [riktigt jobb, dröm*]
  - id: arbete/praktik
    name: Praktik
    keywords: [praktik]
  - id: regler
    name: Regler
    keywords: ["dra in", "rädd|orolig* + ersättning*|pengar*"]
  - id: myndighet
    name: Myndighet
    keywords: ["~kassan", "~arbetsförmedl*", blankett*]
  - id: samverkan
    name: Samverkan
    keywords: ["kassan|försäkringskass* + arbetsförmedl*|af", prata med varandra]
  - id: bemotande
    name: Bemötande
    keywords: [lyssna, bry sig om, bemötande, intervjuare]
"""


@pytest.fixture(scope="module")
def suggester(tmp_path_factory) -> Suggester:
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return Suggester(load_codebook(path))


@pytest.fixture(scope="module")
def shipped() -> Suggester:
    return Suggester(load_codebook(shipped_codebook()))


def found(suggester: Suggester, text: str, top: int = 5) -> dict:
    return {s.code: s for s in suggester.suggest_text(text, top)}


def codes(suggester: Suggester, text: str, top: int = 3) -> list[str]:
    return [s.code for s in suggester.suggest_text(text, top)]


# --- phrases, parents and generic words ---------------------------------------------------------


def test_a_phrase_outweighs_a_parent_themes_everyday_word(suggester):
    text = "Jag trodde att dom skulle dra in allt om jag började jobba."
    assert codes(suggester, text)[:2] == ["regler", "arbete"]


def test_a_parent_themes_own_words_count_less_than_a_subthemes(suggester):
    """The same word under a parent and its child: the child is the more precise code."""
    here = found(suggester, "Jag har praktik.")
    assert list(here) == ["arbete/praktik", "arbete"]
    assert here["arbete"].score < here["arbete/praktik"].score


def test_a_word_inside_a_longer_phrase_of_another_code_is_not_evidence_alone(suggester):
    here = found(suggester, "Jag vill ha ett riktigt jobb.")
    assert list(here) == ["arbete/motivation", "arbete"]
    assert here["arbete"].matched == ("riktigt jobb",)  # support from the child only
    assert found(suggester, "Jag vill ha ett jobb.")["arbete"].matched == ("jobb",)


def test_more_evidence_adds_less_and_less(suggester):
    """Two pieces of evidence score higher than either, but less than their sum would."""
    dream = found(suggester, "Jag drömmer.")["arbete/motivation"].score
    job = found(suggester, "Ett riktigt jobb.")["arbete/motivation"].score
    both = found(suggester, "Jag drömmer om ett riktigt jobb.")["arbete/motivation"].score
    assert max(dream, job) < both < 1 - (1 - dream) * (1 - job)


# --- co-occurrence and weak keywords ------------------------------------------------------------


def test_a_cooccurrence_counts_only_when_every_side_is_there(suggester):
    assert "regler" not in found(suggester, "Jag var rädd hela tiden.")
    assert "regler" not in found(suggester, "Pengarna kom i tid.")
    here = found(suggester, "Jag var rädd att dom skulle ta pengarna.")["regler"]
    assert here.matched == ("rädd", "pengarna")
    text = "Jag var rädd att dom skulle ta pengarna."
    assert [text[a:b] for a, b in here.spans] == ["rädd", "pengarna"]


def test_a_cooccurrence_is_weighed_like_a_long_phrase(suggester):
    together = found(suggester, "Jag var orolig för ersättningen.")["regler"].score
    phrase = found(suggester, "Dom kan dra in den.")["regler"].score
    assert together > phrase


def test_a_cooccurrence_stays_within_one_passage(suggester):
    text = "D: Jag var rädd. Sen kom pengarna.\n"
    transcript = Transcript("t1", text, text_sha256="t1")
    (transcript,) = segment([transcript])
    suggestions = suggester.suggest(suggester.analyse(transcript))
    turn = [s.code for s in suggestions if s.kind == "turn"]
    sentence = [s.code for s in suggestions if s.kind == "sentence"]
    assert "regler" in turn and "regler" not in sentence


def test_weak_words_support_but_two_agencies_are_samverkan(suggester):
    alone = found(suggester, "Jag ringde Kassan.")["myndighet"].score
    assert found(suggester, "Jag fyllde i blanketten.")["myndighet"].score > alone
    assert codes(suggester, "Kassan och Arbetsförmedlingen pratade aldrig med varandra.")[0] == (
        "samverkan"
    )


# --- negations and speakers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("De pratade aldrig med varandra.", "pratade aldrig med varandra"),
        ("Hon brydde sig inte om mig.", "brydde sig inte om"),
        ("Hon brydde sig verkligen om mig.", "brydde sig verkligen om"),
        ("Ingen lyssnade på mig.", "lyssnade"),
    ],
)
def test_a_negated_experience_is_the_same_theme(suggester, text, matched):
    assert any(matched in s.matched for s in suggester.suggest_text(text))


def test_two_words_between_a_phrase_break_it(suggester):
    assert "bemotande" not in found(suggester, "Hon brydde sig verkligen inte om mig.")


def test_the_interviewers_words_are_context_not_the_answer(suggester):
    text = "I: Hur var bemötandet på Kassan?\nIP: Mest strul med blanketterna."
    assert codes(suggester, text) == ["myndighet"]
    unlabelled = "Hur var bemötandet på Kassan? Mest strul med blanketterna."
    assert codes(suggester, unlabelled) == ["myndighet", "bemotande"]


def test_speaker_labels_are_not_words(suggester):
    assert codes(suggester, "Intervjuare: Berätta.\nD: Det var en vanlig dag.") == []
    assert codes(suggester, "D: Intervjuare är ett yrke.") == ["bemotande"]


# --- the codebook syntax ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "keyword", ["~kassan", "rädd|orolig* + pengar*", "~a-kassa + brev", "rädd+pengar"]
)
def test_codebook_check_accepts_weak_and_cooccurring_keywords(keyword):
    result = check_codebook_text(f"codes:\n  - id: a\n    name: A\n    keywords: ['{keyword}']\n")
    assert result.errors == () and result.warnings == ()


@pytest.mark.parametrize(
    ("keyword", "problem"),
    [
        ("rädd +", "empty part"),
        ("+ pengar", "empty part"),
        ("rädd|| + pengar", "empty part"),
        ("~", "empty part"),
        ("rädd + pen/gar", "invalid keyword pattern"),
        ("~kassan", "listed twice"),
    ],
)
def test_codebook_check_names_a_broken_keyword(keyword, problem):
    text = f"codes:\n  - id: a\n    name: A\n    keywords: [kassan, '{keyword}']\n"
    result = check_codebook_text(text)
    assert len(result.errors) == 1 and problem in result.errors[0]


def test_codebook_check_warns_of_a_common_side():
    text = "codes:\n  - id: a\n    name: A\n    keywords: ['rädd + och']\n"
    (warning,) = check_codebook_text(text).warnings
    assert "'och' is a common word" in warning and "(in 'rädd + och')" in warning


# --- the shipped codebook -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [  # the first two showed the problems this weighting fixes
        ("Jag var rädd att dom skulle dra in pengarna om jag började jobba", "risker/regelverk"),
        ("Arbetsförmedlingen och Försäkringskassan pratade aldrig med varandra", "samverkan"),
        ("Jag fick ett brev från Försäkringskassan om ett beslut.", MYN),
        ("Ingen lyssnade på mig där.", "bemotande"),
        ("Dom frågade aldrig vad jag ville.", "delaktighet"),
        ("I: Hur var bemötandet?\nIP: Det var mest strul med blanketter.", MYN),
    ],
)
def test_the_shipped_codebook_ranks_the_precise_theme_first(shipped, text, first):
    assert codes(shipped, text)[0] == first


def quotes(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_shipped_codebook_on_sealed_field_quotes(shipped):
    """Spoken quotes from participants and staff, each with the codes a researcher would
    give it, and neutral sentences. Written before the keywords were revised and split at
    random from the half in field_dev.jsonl (used for tuning); evaluated once when the
    revision was done: precision@1 0.866 and recall@3 0.931 on 97 coded quotes, no
    suggestion at all for the 16 neutral ones. The floors sit a little below, to catch
    regressions."""
    sealed = quotes("field_sealed.jsonl")
    coded = [q for q in sealed if q["codes"]]
    neutral = [q for q in sealed if not q["codes"]]
    assert len(coded) >= 90 and len(neutral) >= 15
    ranked = {q["id"]: codes(shipped, q["text"]) for q in coded}
    right_first = sum(ranked[q["id"]][:1] in ([c] for c in q["codes"]) for q in coded)
    found = sum(len(set(q["codes"]) & set(ranked[q["id"]])) for q in coded)
    assert right_first / len(coded) >= 0.82
    assert found / sum(len(q["codes"]) for q in coded) >= 0.9
    strong = [q for q in neutral if any(s.score >= 0.5 for s in shipped.suggest_text(q["text"]))]
    assert len(strong) <= 1


def test_suggestions_stored_by_an_earlier_scoring_are_recomputed(project, monkeypatch):
    from qualkit.suggest import refresh

    project.refresh_suggestions()
    assert project.suggestions_to_refresh() == []
    monkeypatch.setattr(refresh, "SCORING", refresh.SCORING + 1)
    assert project.suggestions_to_refresh() == project.transcript_ids()
