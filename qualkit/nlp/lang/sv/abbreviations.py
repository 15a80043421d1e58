"""Abbreviations that end in a full stop but do not end a sentence.

Transcribers write these mid-sentence ("vi har t.ex. trepartsmöten"); without them the
sentence splitter would cut the sentence after "t.ex.".
"""

ABBREVIATIONS = (
    "bl.a.",
    "ca.",
    "d.v.s.",
    "dr.",
    "dvs.",
    "etc.",
    "f.d.",
    "fr.o.m.",
    "jfr.",
    "kl.",
    "m.fl.",
    "m.m.",
    "mfl.",
    "nr.",
    "o.d.",
    "o.s.v.",
    "osv.",
    "p.g.a.",
    "pga.",
    "resp.",
    "s.k.",
    "st.",
    "t.ex.",
    "t.o.m.",
    "tex.",
    "tf.",
    "ung.",
    "vs.",
)
