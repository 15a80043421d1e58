"""Codebook loading and validation: every problem named with its line."""

import textwrap

import pytest

from qualkit.codebook import check_codebook, check_codebook_text, load_codebook
from qualkit.errors import QualkitError

from .conftest import MINI_CODEBOOK


def check(text: str):
    return check_codebook_text(textwrap.dedent(text), "kb.yaml")


def test_a_valid_codebook_loads_as_a_tree(codebook_file):
    codebook = load_codebook(codebook_file)
    assert [c.id for c in codebook] == [
        "bemotande",
        "arbete",
        "arbete/motivation",
        "arbete/pa_arbetsplats",
    ]
    assert codebook.get("arbete/motivation").parent == "arbete"
    assert codebook.ancestors("arbete/motivation") == ["arbete"]
    assert codebook.descendants("arbete") == ["arbete/motivation", "arbete/pa_arbetsplats"]
    assert codebook.get("bemotande").keywords == ("lyssna", "bemöt*", "bry sig om")
    assert codebook.get("bemotande").color == "#4E79A7"
    assert codebook.title == "Testkodbok"


def test_explicit_parents_work_for_flat_ids():
    result = check(
        """
        codes:
          - {id: risker, name: Risker}
          - {id: regelverk, name: Regelverk, parent: risker}
        """
    )
    assert result.errors == ()
    assert result.codebook.ancestors("regelverk") == ["risker"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "  - {id: a, name: A}\n  - {id: a, name: B}\n",
            "kb.yaml:3: duplicate id 'a' (first on line 2)",
        ),
        ("  - {id: Arbete, name: A}\n", "kb.yaml:2: malformed id 'Arbete'"),
        ("  - {id: a/b c, name: A}\n", "kb.yaml:2: malformed id 'a/b c'"),
        ("  - {id: arbete/motivation, name: M}\n", "kb.yaml:2: unknown parent 'arbete'"),
        (
            "  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
            "kb.yaml:2: code 'a' is its own ancestor",
        ),
        (
            "  - {id: a, name: A}\n  - {id: x/y, name: Y, parent: a}\n",
            "kb.yaml:3: parent 'a' contradicts the id path 'x/y'",
        ),
        ("  - {id: a}\n", "kb.yaml:2: code 'a' has no name"),
        ("  - {name: A}\n", "kb.yaml:2: code without an 'id'"),
        ("  - {id: a, name: A, color: blue}\n", "kb.yaml:2: colour 'blue' is not of the form"),
        ("  - {id: a, name: A, color: '#12345'}\n", "kb.yaml:2: colour '#12345'"),
        ("  - {id: a, name: A, keyword: [x]}\n", "unknown field 'keyword' (did you mean"),
        ("  - id: a\n    name: A\n    keywords:\n      - ''\n", "kb.yaml:5: empty keyword"),
        ("  - id: a\n    name: A\n    keywords: ['*jobb']\n", "kb.yaml:4: invalid keyword pattern"),
        ("  - id: a\n    name: A\n    keywords: ['jo*bb']\n", "kb.yaml:4: invalid keyword pattern"),
        ("  - id: a\n    name: A\n    keywords: ['ar*']\n", "needs a prefix of at least 3 letters"),
        ("  - id: a\n    name: A\n    keywords: [job(b)]\n", "invalid keyword pattern 'job(b)'"),
        ("  - id: a\n    name: A\n    keywords: [jobb, Jobb]\n", "keyword 'Jobb' is listed twice"),
        ("  - id: a\n    name: A\n    keywords: jobb\n", "kb.yaml:4: expected a list"),
    ],
)
def test_problems_name_their_line(body, message):
    result = check_codebook_text("codes:\n" + body, "kb.yaml")
    assert result.codebook is None
    assert any(message in error for error in result.errors), result.errors


def test_all_problems_are_reported_at_once():
    result = check(
        """
        codes:
          - {id: a, name: A, color: red}
          - {id: B, name: B}
        """
    )
    assert len(result.errors) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes:\n  - {id: a, name: A\n  - {id: b}\n", "kb.yaml:3: not valid YAML"),
        ("- a\n- b\n", "kb.yaml:1: a codebook is a mapping"),
        ("title: x\n", "'codes:' must be a non-empty list"),
        ("codes: []\ntitel: x\n", "unknown field 'titel' (did you mean 'title'?)"),
    ],
)
def test_malformed_files(text, message):
    result = check_codebook_text(text, "kb.yaml")
    assert any(message in error for error in result.errors), result.errors


def test_keywords_that_match_everything_are_warnings_not_errors():
    result = check(
        """
        codes:
          - id: a
            name: A
            keywords: [och, inte, det är, var*, lyssna]
        """
    )
    assert result.errors == ()
    assert [w.split(": ", 2)[2] for w in result.warnings] == [
        "keyword 'och' is a common word and will match nearly everything",
        "keyword 'inte' is a common word and will match nearly everything",
        "keyword 'det är' is a common word and will match nearly everything",
        "keyword 'var*' also matches common words (var, vara, varför)",
    ]
    assert result.warnings[0].startswith("kb.yaml:5: warning:")


def test_load_raises_with_every_problem(tmp_path):
    path = tmp_path / "kb.yaml"
    path.write_text(MINI_CODEBOOK.replace("#4E79A7", "#ZZZZZZ"), encoding="utf-8")
    with pytest.raises(QualkitError, match=r"kb.yaml:6: colour '#ZZZZZZ'"):
        load_codebook(path)


def test_a_missing_or_non_utf8_file(tmp_path):
    assert check_codebook(tmp_path / "nope.yaml").errors[0].endswith("nope.yaml: no such file")
    path = tmp_path / "latin.yaml"
    path.write_bytes("codes:\n  - {id: a, name: Bemötande}\n".encode("latin-1"))
    assert check_codebook(path).errors[0].endswith("latin.yaml:2: not UTF-8 text")
