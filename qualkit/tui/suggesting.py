"""Which stored suggestions the reader shows where, and the way `n` walks through them.

Pure logic (no widgets). At a sentence the coder sees the sentence's best suggestions (as
many as `qualkit suggest` lists by default), then those of its speaker turn (a turn of one
sentence shows them once). Walking with `n`, a turn's suggestions come at the turn's first
sentence, after that sentence's own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import replace

from qualkit.model import Segment, Suggestion


class SuggestionsByPlace:
    """A transcript's suggestions arranged by sentence, for the side panel and for `n`."""

    def __init__(
        self,
        suggestions: Sequence[Suggestion],
        sentences: Sequence[Segment],
        turns: Sequence[Segment],
        top: int | None = None,
    ) -> None:
        """`top`: how many of each passage's suggestions to show (all when None)."""
        self.sentences = sentences
        self.turns = turns
        self._by_span: dict[tuple[str, int, int], list[Suggestion]] = {}
        for suggestion in suggestions:
            key = (suggestion.kind, suggestion.start, suggestion.end)
            self._by_span.setdefault(key, []).append(suggestion)
        # where each passage and code is listed (as a sentence's, a turn's, or both)
        self._places: dict[tuple[int, int, str], list[tuple[list[Suggestion], int]]] = {}
        for found in self._by_span.values():
            found.sort(key=lambda s: (-s.score, s.id or 0))
            if top is not None:
                del found[top:]
            for number, s in enumerate(found):
                self._places.setdefault((s.start, s.end, s.code), []).append((found, number))
        self._decided = {
            key for key, at in self._places.items() if at[0][0][at[0][1]].status != "open"
        }
        self._route: list[tuple[int, int]] | None = None

    def set_statuses(
        self,
        accepted: Collection[tuple[int, int, str]],
        rejected: Collection[tuple[int, int, str]],
    ) -> None:
        """The coder's verdicts, as (start, end, code) of the passages they coded so and of
        the suggestions they rejected: a coding counts first, as in the store. Only the
        suggestions whose verdict may have changed are looked at."""
        decided = {key for key in (*accepted, *rejected) if key in self._places}
        for key in decided | self._decided:
            status = "accepted" if key in accepted else "rejected" if key in rejected else "open"
            for found, number in self._places[key]:
                if found[number].status != status:
                    found[number] = replace(found[number], status=status)
                    self._route = None
        self._decided = decided

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_span.values())

    def at(self, index: int) -> list[Suggestion]:
        """What the panel lists at sentence `index`: the sentence's, then its turn's."""
        if not 0 <= index < len(self.sentences):
            return []
        sentence = self.sentences[index]
        own = self._by_span.get(("sentence", sentence.start, sentence.end), [])
        turn = self._turn_of(sentence)
        if turn is None:
            return list(own)
        seen = {(s.start, s.end, s.code) for s in own}
        wider = self._by_span.get(("turn", turn.start, turn.end), [])
        return [*own, *(s for s in wider if (s.start, s.end, s.code) not in seen)]

    def open_count(self) -> int:
        """Open suggestions, each passage and code once (as `n` visits them)."""
        return len(self._places) - len(self._decided)

    def route(self) -> list[tuple[int, int]]:
        """(sentence, place in the panel) of every open suggestion, in the order `n` takes."""
        if self._route is None:
            route = []
            for index, sentence in enumerate(self.sentences):
                first_of_turn = index == 0 or self.sentences[index - 1].turn != sentence.turn
                for place, suggestion in enumerate(self.at(index)):
                    if suggestion.status != "open":
                        continue
                    if suggestion.kind == "turn" and not first_of_turn:
                        continue  # visited at the turn's first sentence
                    route.append((index, place))
            self._route = route
        return self._route

    def step(self, index: int, place: int | None, forward: bool) -> tuple[int, int, bool] | None:
        """The open suggestion after (or before) the one at (sentence `index`, `place`):
        (sentence, place, wrapped round the transcript's end). None when none is open."""
        route = self.route()
        if not route:
            return None
        here = (index, -1 if place is None else place)
        if forward:
            at = bisect_left(route, (here[0], here[1] + 1))
            return (*route[at], False) if at < len(route) else (*route[0], True)
        at = bisect_left(route, here) - 1
        return (*route[at], False) if at >= 0 else (*route[-1], True)

    def _turn_of(self, sentence: Segment) -> Segment | None:
        if sentence.turn is None or not 0 <= sentence.turn < len(self.turns):
            return None
        return self.turns[sentence.turn]
