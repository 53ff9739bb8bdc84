"""Input normalisation for parsing and matching what KIs type in Arabic, Sorani and English.

Two levels, because Sorani spells with letters that Arabic keyboards lack:

* `normalize(text)` is safe for parsing: digits become ASCII, Arabic punctuation becomes its ASCII twin,
  tatweel and harakat go, whitespace collapses and Latin is case-folded. Letters are kept as written.
* `fold(text)` is for *comparison only* (labels, commands, need words, place names): it also maps letter
  variants to one canonical form (ی/ي/ى -> ي, ک/ك -> ك, أ/إ/آ -> ا, ڕ -> ر, ۆ -> و ...), so a Sorani word
  typed on an Arabic keyboard still matches. Never show folded text to anyone.
"""

from __future__ import annotations

import re

# Arabic-Indic (U+0660–0669) and Extended Arabic-Indic / Persian (U+06F0–06F9) digits.
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}

_PUNCT = {
    0x066C: None,  # Arabic thousands separator: "١٬٢٠٠" is 1200
    0x066B: ".",  # Arabic decimal separator
    0x060C: ",",  # Arabic comma
    0x061B: ";",  # Arabic semicolon
    0x061F: "?",  # Arabic question mark
    0x0640: None,  # tatweel (kashida) only stretches letters
    0x200C: None,  # zero-width non-joiner, common in Sorani typing
    0x200D: None,
    0x200E: None,  # LRM / RLM / ALM: invisible direction marks pasted from other apps
    0x200F: None,
    0x061C: None,
    0xFEFF: None,
}
# Harakat (U+064B–U+065F) and the superscript alef (U+0670) are optional vowel marks.
_MARKS = {cp: None for cp in [*range(0x064B, 0x0660), 0x0670]}

_PARSE_TABLE = {**_DIGITS, **_PUNCT, **_MARKS}

# Canonical letters for comparison: Arabic and Sorani variants of the same sound/letter.
_FOLD_TABLE = str.maketrans(
    {
        "ی": "ي",  # Farsi/Sorani yeh
        "ى": "ي",  # alef maksura
        "ێ": "ي",  # Sorani yeh with small v
        "ئ": "ي",
        "ک": "ك",  # keheh (Sorani/Persian kaf)
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ۆ": "و",  # Sorani o
        "ۇ": "و",
        "ڕ": "ر",  # Sorani heavy r
        "ڵ": "ل",  # Sorani heavy l
        "ە": "ه",  # Sorani ae
        "ھ": "ه",  # heh doachashmee
        "ة": "ه",  # teh marbuta, often typed as heh
        "ڤ": "ف",
        "گ": "ك",
        "ۋ": "و",
    }
)

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return text with ASCII digits, ASCII punctuation, no tatweel/harakat, single spaces, Latin folded."""
    text = text.translate(_PARSE_TABLE)
    return _SPACE.sub(" ", text).strip().casefold()


def fold(text: str) -> str:
    """Return the comparison key of text: `normalize` plus one canonical form for letter variants."""
    return normalize(text).translate(_FOLD_TABLE)
