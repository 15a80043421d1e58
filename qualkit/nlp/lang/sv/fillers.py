"""Fillers and back-channels of spoken Swedish, as they appear in verbatim transcripts."""

FILLERS = frozenset(
    """
    eh ehm ehh öh öhm hm hmm mm mmm mhm aa ah åh asså liksom typ ba va nä näe jaa
    """.split()
)
