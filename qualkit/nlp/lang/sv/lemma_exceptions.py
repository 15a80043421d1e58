"""Lemmas simplemma gets wrong in interview speech, given here instead.

Spoken forms ("mej", "sen") and past tenses that simplemma reads as adjectives or rarer
nouns ("bytte" -> "bytta", "mått" -> the noun). Only words frequent in interviews about
work, health and agencies are listed; everything else is simplemma's.
"""

LEMMA_EXCEPTIONS = {
    # spoken forms
    "mej": "jag",
    "dej": "du",
    "sej": "sig",
    "sen": "sedan",
    "nåra": "någon",
    "nåt": "någon",
    "nånting": "någonting",
    "sånt": "sådan",
    "ba": "bara",
    # past tenses read as other words
    "bytte": "byta",
    "bytt": "byta",
    "brydde": "bry",
    "vågade": "våga",
    "bestämde": "bestämma",
    "mått": "må",
    "kändes": "kännas",
    "träffades": "träffa",
    "sågs": "se",
}
