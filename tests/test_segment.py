"""Speaker turns and sentences, with exact offsets into the stored text."""

from qualkit.corpus.segment import count_words, sentences, turns

TEXT = """\
Inspelningen startar.
I: Hur har det varit med kontakten med din SIUS?
D: Hon lyssnar verkligen på mig, alltså. Hon bryr sig om hur jag mår, t.ex. när jag var sjuk.
   Jag fick praktik på en restaurang … jag vet inte, bra? Ja.

[00:12:03] I: Och nu?
Maria: Det känns bra...
Sen så. Jag sa: nej.
Case manager: Vi ses på tisdag."""


def spans(found):
    return [(s.speaker, TEXT[s.start : s.end]) for s in found]


def test_turns_start_at_labels_and_exclude_them():
    assert spans(turns(TEXT)) == [
        (None, "Inspelningen startar."),
        ("I", "Hur har det varit med kontakten med din SIUS?"),
        (
            "D",
            "Hon lyssnar verkligen på mig, alltså. Hon bryr sig om hur jag mår, t.ex. när jag var "
            "sjuk.\n   Jag fick praktik på en restaurang … jag vet inte, bra? Ja.",
        ),
        ("I", "Och nu?"),
        ("Maria", "Det känns bra...\nSen så. Jag sa: nej."),
        ("Case manager", "Vi ses på tisdag."),
    ]


def test_sentences_split_within_turns_keeping_abbreviations_and_pauses():
    found = sentences(TEXT, turns(TEXT))
    assert spans(found) == [
        (None, "Inspelningen startar."),
        ("I", "Hur har det varit med kontakten med din SIUS?"),
        ("D", "Hon lyssnar verkligen på mig, alltså."),
        ("D", "Hon bryr sig om hur jag mår, t.ex. när jag var sjuk."),
        ("D", "Jag fick praktik på en restaurang … jag vet inte, bra?"),
        ("D", "Ja."),
        ("I", "Och nu?"),
        ("Maria", "Det känns bra..."),
        ("Maria", "Sen så."),
        ("Maria", "Jag sa: nej."),
        ("Case manager", "Vi ses på tisdag."),
    ]
    assert [s.turn for s in found] == [0, 1, 2, 2, 2, 2, 3, 4, 4, 4, 5]
    assert [s.index for s in found] == list(range(11))


def test_a_label_alone_on_its_line_starts_a_turn_on_the_next():
    text = "Intervjuare:\nHur länge har du varit inskriven?\nIP: Två år."
    assert [(s.speaker, text[s.start : s.end]) for s in turns(text)] == [
        ("Intervjuare", "Hur länge har du varit inskriven?"),
        ("IP", "Två år."),
    ]


def test_words_are_counted_without_punctuation():
    assert count_words("Jag mår, typ … bättre! [skratt]") == 5


def test_a_line_of_millions_of_characters_is_split_in_bounded_pieces(monkeypatch):
    import qualkit.corpus.segment as segment

    monkeypatch.setattr(segment, "MAX_PIECE", 50)
    text = "D: " + " ".join(f"ord{i}" for i in range(40)) + ". Slut."
    found = sentences(text, turns(text))
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in found)
    assert " ".join(text[s.start : s.end] for s in found) == text[3:]
    assert max(s.end - s.start for s in found) <= 50


def test_an_opening_bracket_or_quote_starts_the_next_sentence():
    text = (
        'D: Lite nervöst. [skratt] Men okej. Hon sa nej. "Jag vet inte." Sen (paus) gick hon. '
        "(suckar) Ja."
    )
    assert [text[s.start : s.end] for s in sentences(text, turns(text))] == [
        "Lite nervöst.",
        "[skratt] Men okej.",
        "Hon sa nej.",
        '"Jag vet inte."',
        "Sen (paus) gick hon.",
        "(suckar) Ja.",
    ]


def test_a_quoted_question_followed_by_lower_case_is_one_sentence():
    text = 'D: Hon frågade alltid "vad tycker du?" och "är det okej?". Bra.'
    assert [text[s.start : s.end] for s in sentences(text, turns(text))] == [
        'Hon frågade alltid "vad tycker du?" och "är det okej?".',
        "Bra.",
    ]
