"""The compact one-SMS report: `DTM <place-id> F <families> [I <individuals>] [N <need> ...]`.

Accepted shapes (after `normalize`, so Arabic-Indic/Persian digits work):

    dtm 10234 f120 i700 n 1 2          labels may be glued to numbers
    تقرير ١٠٢٣٤ ع ١٢٠ ف ٧٠٠ ح غذاء ماء   keyword and labels in Arabic, need words
    ڕاپۆرت ۱۰۲۳۴ خ ۱۲۰ ک ۷۰۰            Sorani
    DTM F 120                           place left out (the flow allows it for one-location KIs)
    DTM 10234 120 700                   no labels: place, families, individuals in that order

Separators are space , ، ; : = / - . and newline. A `-` right before a digit and after a separator (or at
the start of a word) is a minus sign, so `F -5` is refused as negative; `F-5` reads as `F 5`. A `.` between
digits is a decimal point and refused (`bad_number`). Without labels the place must come first:
`DTM 120 700` means place 120, families 700 — predictable beats clever.

`parse_compact` returns None when the text does not start with a report keyword, else a `Compact` or a
`GrammarError` whose code tells the flow exactly which message to send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models.reports import NEEDS
from workflows.engine.normalize import fold, normalize
from workflows.engine.vocab import LABELS, NEED_MAX_WORDS, NEED_WORDS, REPORT_KEYWORDS

MAX_FAMILIES = 50_000  # the biggest Iraqi camps held ~10k families; more is a typo
MAX_INDIVIDUALS = 500_000
MAX_NEEDS = 3
_MAX_DIGITS = 9  # also keeps int() far from Python's 4300-digit limit

# `-` is a minus sign only before a digit and after the start, whitespace or another separator.
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s,;:=/]))-(?=[0-9])")
_SEPARATORS = re.compile(r"[\s,;:=/]+|-|(?<![0-9])\.|\.(?![0-9])")
_PIECE = re.compile(r"~?[0-9]+|[^\W\d_]+")


@dataclass(frozen=True)
class Compact:
    """A syntactically valid compact report."""

    place_id: int | None
    families: int
    individuals: int | None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class GrammarError:
    """Why a compact report was refused; `detail` is the offending word or number, when there is one."""

    code: str
    detail: str | None = None


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num" | "word" | "junk"
    text: str  # normalised text as typed (for messages)
    key: str  # folded (words) or digits with optional leading "-" (numbers)


def tokenize(text: str) -> list[_Tok]:
    """Split normalised text into number, word and junk tokens; labels glued to numbers come apart."""
    marked = _MINUS.sub("~", normalize(text))  # protect minus signs from the separator split
    tokens: list[_Tok] = []
    for chunk in _SEPARATORS.split(marked):
        if not chunk:
            continue
        pieces = _PIECE.findall(chunk)
        if "".join(pieces) != chunk:  # e.g. "12.5", "#", "1~2": not a clean run of letters and digits
            tokens.append(_Tok("junk", chunk.replace("~", "-"), chunk))
            continue
        for piece in pieces:
            if piece[0] in "~0123456789":
                tokens.append(_Tok("num", piece.replace("~", "-"), piece.replace("~", "-")))
            else:
                tokens.append(_Tok("word", piece, fold(piece)))
    return tokens


def is_report_keyword(word: str) -> bool:
    """Return True for DTM / REPORT / تقرير / ڕاپۆرت in any spelling."""
    return fold(word) in REPORT_KEYWORDS


def match_need(tokens: list[_Tok], i: int) -> tuple[str | None, int]:
    """Return (need code, tokens used) for the need at tokens[i]: a code 1–12 or a word in any language."""
    tok = tokens[i]
    if tok.kind == "num":
        code = int(tok.key) if len(tok.key) <= 3 else 0
        return (NEEDS[code - 1], 1) if 1 <= code <= len(NEEDS) else (None, 1)
    for width in range(NEED_MAX_WORDS, 0, -1):  # longest match first: "drinking water" before "water"
        words = tokens[i : i + width]
        if len(words) == width and all(w.kind == "word" for w in words):
            phrase = " ".join(w.key for w in words)
            if phrase in NEED_WORDS:
                return NEED_WORDS[phrase], width
            if width == 1 and phrase.startswith("و") and phrase[1:] in NEED_WORDS:  # Arabic "and": وماء
                return NEED_WORDS[phrase[1:]], 1
    return None, 1


def _number(tok: _Tok | None, label: str | None = None) -> int | GrammarError:
    """Return the value of a number token or the error it deserves (label: what the number belongs to)."""
    if tok is None or tok.kind == "word":
        return (
            GrammarError("missing_number", label)
            if label
            else GrammarError("bad_number", tok.text if tok else None)
        )
    if tok.kind == "junk":
        return GrammarError("bad_number", tok.text)
    if tok.key.startswith("-"):
        return GrammarError("negative_number", tok.text)
    if len(tok.key.lstrip("0")) > _MAX_DIGITS:
        return GrammarError("too_large", tok.text)
    return int(tok.key)


def parse_compact(text: str) -> Compact | GrammarError | None:
    """Parse a compact report; None when text does not start with a report keyword."""
    tokens = tokenize(text)
    if not tokens or tokens[0].kind != "word" or tokens[0].key not in REPORT_KEYWORDS:
        return None
    rest = tokens[1:]
    if not rest:
        return GrammarError("keyword_only")
    if any(t.kind != "num" for t in rest):
        return _parse_labelled(rest)
    return _parse_unlabelled(rest)


def _parse_unlabelled(tokens: list[_Tok]) -> Compact | GrammarError:
    """Parse `<place> <families> [<individuals>]`."""
    values = []
    for tok in tokens:
        value = _number(tok)
        if isinstance(value, GrammarError):
            return value
        values.append(value)
    if len(values) < 2:
        return GrammarError("missing_families")
    if len(values) > 3:
        return GrammarError("unexpected_number", tokens[3].text)
    return _finish(values[0], values[1], values[2] if len(values) == 3 else None, [])


def _parse_labelled(tokens: list[_Tok]) -> Compact | GrammarError:
    """Parse `[<place>] <label> <value> ...`."""
    place_id: int | None = None
    i = 0
    if tokens[0].kind != "word":
        value = _number(tokens[0])
        if isinstance(value, GrammarError):
            return value
        place_id, i = value, 1
    fields: dict[str, int] = {}
    needs: list[str] = []
    seen: set[str] = set()
    while i < len(tokens):
        tok = tokens[i]
        label = LABELS.get(tok.key) if tok.kind == "word" else None
        if label is None:
            if i == 0 and tok.kind == "word":  # where the Place ID goes: "DTM Askari F 120"
                return GrammarError("place_not_number", tok.text)
            code = "unexpected_number" if tok.kind == "num" else "unknown_label"
            return GrammarError(code, tok.text)
        if label in seen:
            return GrammarError("duplicate_label", tok.text.upper())
        seen.add(label)
        i += 1
        if label == "needs":
            i, error = _parse_needs(tokens, i, needs)
            if error:
                return error
            continue
        value = _number(tokens[i] if i < len(tokens) else None, tok.text.upper())
        if isinstance(value, GrammarError):
            return value
        fields[label] = value
        i += 1
    if "families" not in fields:
        return GrammarError("missing_families")
    return _finish(place_id, fields["families"], fields.get("individuals"), needs)


def _parse_needs(tokens: list[_Tok], i: int, needs: list[str]) -> tuple[int, GrammarError | None]:
    """Collect needs from tokens[i:] up to the next label; return the next index and any error."""
    start = i
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "word" and tok.key in LABELS:
            break
        if tok.kind == "junk":
            return i, GrammarError("unknown_need", tok.text)
        need, used = match_need(tokens, i)
        if need is None:
            return i, GrammarError("unknown_need", tok.text)
        if need not in needs:  # "N 1 1" is a slip, not an error
            needs.append(need)
        i += used
    if i == start:
        return i, GrammarError("unknown_need")
    if len(needs) > MAX_NEEDS:
        return i, GrammarError("too_many_needs")
    return i, None


def _finish(place_id: int | None, families: int, individuals: int | None, needs: list[str]):
    """Apply the checks that make a report impossible rather than merely surprising."""
    if families > MAX_FAMILIES or (individuals or 0) > MAX_INDIVIDUALS:
        return GrammarError("too_large", str(max(families, individuals or 0)))
    if individuals is not None and individuals < families:
        return GrammarError("individuals_less_than_families")
    return Compact(place_id, families, individuals, tuple(needs))
