"""The UI's pure logic: finding codes by what is typed, wrapping a transcript into rows, and
when garbage is collected."""

import pytest

from qualkit.codebook import check_codebook_text, load_codebook
from qualkit.demo import shipped_codebook
from qualkit.model import Segment
from qualkit.tui.layout import Layout, trim, word_after, word_before, word_bounds
from qualkit.tui.picking import find_codes, short_label

from .conftest import MINI_CODEBOOK


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(shipped_codebook())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bem", "bemotande"),
        ("bemot", "bemotande"),
        ("bemöt", "bemotande"),
        ("BEMÖTANDE", "bemotande"),
        ("lyssn", "bemotande"),  # a keyword
        ("bemötandet", "bemotande"),  # an instance of the pattern bemöt*
        ("halsa", "halsa"),
        ("hälsa", "halsa"),
        ("maende", "halsa/maende"),
        ("kontakt med vården", "halsa/kontakt_med_varden"),
        ("soka_arbete", "arbete/soka_arbete"),
        ("trettio", "risker/trettioarsgransen"),
    ],
)
def test_the_best_match_for_what_a_coder_types(codebook, typed, expected):
    assert find_codes(codebook, typed)[0].code.id == expected


def test_a_keyword_match_says_which_keyword(codebook):
    best = find_codes(codebook, "lyssn")[0]
    assert best.why.startswith("lyssn")


def test_recent_codes_come_first_and_break_ties(codebook):
    everything = find_codes(codebook, "", recent=["insatser", "halsa"])
    assert [m.code.id for m in everything[:3]] == ["insatser", "halsa", "bemotande"]
    assert len(everything) == len(codebook)
    plain = [m.code.id for m in find_codes(codebook, "arbete")]
    assert plain.index("arbete/motivation") < plain.index("arbete/pa_arbetsplats")
    recent = [m.code.id for m in find_codes(codebook, "arbete", recent=["arbete/pa_arbetsplats"])]
    assert recent.index("arbete/pa_arbetsplats") < recent.index("arbete/motivation")
    assert recent[0] == "arbete"  # an exact name still wins


def test_nothing_matches_nonsense(codebook):
    assert find_codes(codebook, "qqqzzz") == []


def test_a_code_without_a_short_label_gets_one():
    codebook = check_codebook_text(MINI_CODEBOOK).codebook
    labels = {code.id: short_label(code) for code in codebook}
    assert labels["bemotande"] == "BEM"  # given in the codebook
    assert labels["arbete/pa_arbetsplats"] == "PAA"  # from "På arbetsplatsen", folded


TEXT = "I: Hur har det varit?\nD: Hon lyssnar verkligen på mig, alltså. Hon bryr sig.\n\nslut"


def turns():
    return [Segment("turn", 0, 3, 21, "I"), Segment("turn", 1, 25, 76, "D")]


def test_rows_keep_every_offset_and_indent_under_the_label():
    layout = Layout(TEXT, turns(), width=22)
    shown = [TEXT[r.start : r.end] for r in layout.rows]
    assert shown == [
        "I: Hur har det varit?",
        "D: Hon lyssnar",
        "verkligen på mig,",
        "alltså. Hon bryr",
        "sig.",
        "",
        "slut",
    ]
    assert [r.indent for r in layout.rows] == [0, 0, 3, 3, 3, 0, 0]
    assert [r.label for r in layout.rows] == [3, 3, 0, 0, 0, 0, 0]
    for row in layout.rows:
        assert layout.row_of(row.start) == layout.rows.index(row)


def test_a_word_longer_than_the_width_is_cut():
    layout = Layout("x" * 50, [], width=20)
    assert [(r.start, r.end) for r in layout.rows] == [(0, 20), (20, 40), (40, 50)]


def test_offsets_under_cells_and_spans_by_row():
    layout = Layout(TEXT, turns(), width=22)
    assert layout.offset_at(2, 3) == layout.rows[2].start  # the indent maps to the row start
    assert layout.offset_at(2, 100) == layout.rows[2].end
    hon = TEXT.index("Hon lyssnar")
    by_row = layout.spans_by_row([(hon, TEXT.index("alltså")), (0, 2)])
    assert by_row[:5] == [[1], [0], [0], [], []]
    assert list(layout.rows_of(hon, len(TEXT))) == [1, 2, 3, 4, 5, 6]


def test_word_steps_and_trimming():
    start = TEXT.index("lyssnar")
    assert TEXT[start : word_after(TEXT, start)] == "lyssnar"
    assert word_before(TEXT, start + 3) == start
    assert word_bounds(TEXT, start + 2) == (start, start + len("lyssnar"))
    assert trim(TEXT, start - 1, start + len("lyssnar") + 1) == (start, start + 7)


def test_suggestions_by_place_show_a_one_sentence_turn_once_and_route_in_order():
    from qualkit.model import Suggestion
    from qualkit.tui.suggesting import SuggestionsByPlace

    turn_list = [Segment("turn", 0, 3, 21, "I"), Segment("turn", 1, 25, 76, "D")]
    sentence_list = [
        Segment("sentence", 0, 3, 21, "I", 0),
        Segment("sentence", 1, 25, 64, "D", 1),
        Segment("sentence", 2, 65, 76, "D", 1),
        Segment("sentence", 3, 78, 82, None, None),
    ]

    def made(kind, start, end, code, score, status="open"):
        return Suggestion("t", start, end, code, score, (), "rules", kind, (), status)

    found = [
        made("sentence", 65, 76, "bemotande", 0.4),
        made("sentence", 25, 64, "bemotande", 0.9),
        made("sentence", 25, 64, "arbete", 0.95, "rejected"),
        made("turn", 25, 76, "bemotande", 0.7),
        made("turn", 25, 76, "halsa", 0.5),
        made("sentence", 3, 21, "halsa", 0.3),
        made("turn", 3, 21, "halsa", 0.3),  # the same passage as the sentence: shown once
    ]
    places = SuggestionsByPlace(found, sentence_list, turn_list)
    assert [(s.kind, s.code) for s in places.at(0)] == [("sentence", "halsa")]
    assert [(s.kind, s.code) for s in places.at(1)] == [
        ("sentence", "arbete"),
        ("sentence", "bemotande"),
        ("turn", "bemotande"),
        ("turn", "halsa"),
    ]
    assert places.at(3) == [] and places.at(99) == []
    # rejected ones are not visited; the turn's at its first sentence only
    assert places.route() == [(0, 0), (1, 1), (1, 2), (1, 3), (2, 0)]
    assert places.open_count() == 5
    assert places.step(1, 1, forward=True) == (1, 2, False)
    assert places.step(2, 0, forward=True) == (0, 0, True)
    assert places.step(0, None, forward=False) == (2, 0, True)
    assert places.step(0, None, forward=True) == (0, 0, False)
    best_only = SuggestionsByPlace(found, sentence_list, turn_list, top=1)
    assert [(s.kind, s.code) for s in best_only.at(1)] == [
        ("sentence", "arbete"),
        ("turn", "bemotande"),
    ]


def test_garbage_is_collected_when_the_coder_pauses_and_nothing_stays_frozen(monkeypatch):
    import gc

    from qualkit.tui import memory

    clock = [100.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: clock[0])
    collector = memory.Collector()
    collector.settle()
    assert gc.get_freeze_count() > 0  # what was loaded is left out of collections

    class Cycle:
        pass

    def litter() -> None:
        first, second = Cycle(), Cycle()
        first.other, second.other = second, first

    def cycles() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, Cycle))

    collector.input_seen()
    gc.disable()  # only the collector collects here
    try:
        litter()
        clock[0] += memory.QUIET_SECONDS / 2
        collector.tick()
        assert cycles() == 2  # keys are still coming: nothing is collected
        clock[0] += memory.QUIET_SECONDS
        collector.tick()
        assert cycles() == 0  # a pause: the garbage of the keys is gone
    finally:
        gc.enable()
        collector.stop()
    assert gc.get_freeze_count() == 0
