"""Read the answer to one guided question: a number, picks from a numbered list, yes/no, access levels.

Each reader returns the value or an error code (a `str` starting with "!") that the question turns into a
short re-ask. Telegram buttons send their label back ("3 Rented housing"), so readers take the leading
number and ignore the words after it.
"""

from __future__ import annotations

from typing_extensions import TypeIs

from workflows.engine.grammar import MAX_FAMILIES, MAX_INDIVIDUALS, match_need, tokenize
from workflows.engine.normalize import fold
from workflows.engine.vocab import ACCESS_WORDS, DONT_KNOW

_MAX_DIGITS = 9


def is_error(value: object) -> TypeIs[str]:
    """Return True when a reader returned an error code (readers return text only for errors: "!bad")."""
    return isinstance(value, str)


def number(text: str, limit: int = MAX_INDIVIDUALS) -> int | str:
    """Read one whole non-negative number ("120", "١٢٠", "120 families")."""
    tokens = tokenize(text)
    nums = [t for t in tokens if t.kind == "num"]
    if any(t.kind == "junk" for t in tokens) or len(nums) != 1 or tokens[0].kind != "num":
        return "!bad"
    key = nums[0].key
    if key.startswith("-"):
        return "!negative"
    if len(key.lstrip("0")) > _MAX_DIGITS or int(key) > limit:
        return "!too_large"
    return int(key)


def families(text: str) -> int | str:
    """Read a number of families."""
    return number(text, MAX_FAMILIES)


def dont_know(text: str) -> bool:
    """Return True when the KI says they do not know ("?", "don't know", "لا أعرف", "نازانم")."""
    key = fold(text).strip(" .!")
    return key in DONT_KNOW or key.startswith("?") or key.startswith("؟")


def pick(text: str, count: int) -> int | str:
    """Read one option number 1..count (a Telegram button label works too)."""
    tokens = tokenize(text)
    if not tokens or tokens[0].kind != "num" or sum(t.kind == "num" for t in tokens) != 1:
        return "!bad"
    key = tokens[0].key
    if key.startswith("-") or len(key) > 3 or not 1 <= int(key) <= count:
        return "!bad"
    return int(key)


def picks(text: str, count: int, names: dict[str, int] | None = None, allow_zero: bool = False) -> list | str:
    """Read option numbers 1..count ("8 15", "8,15"); words are looked up in names (folded -> number).

    Returns [] for "0" when allow_zero (the KI does not know / none). Words next to numbers are ignored,
    which is what a Telegram button label ("8 Baghdad") needs.
    """
    tokens = tokenize(text)
    if any(t.kind == "junk" for t in tokens) or not tokens:
        return "!bad"
    nums = [t.key for t in tokens if t.kind == "num"]
    if not nums:
        key = " ".join(t.key for t in tokens)
        return [names[key]] if names and key in names else "!bad"
    if allow_zero and nums == ["0"]:
        return []
    chosen: list[int] = []
    for key in nums:
        if key.startswith("-") or len(key) > 3 or not 1 <= int(key) <= count:
            return "!bad"
        if int(key) not in chosen:
            chosen.append(int(key))
    return chosen


def counts(text: str, expected: int) -> list[int] | str:
    """Read exactly `expected` non-negative numbers (families per origin or per shelter type)."""
    tokens = tokenize(text)
    nums = [t.key for t in tokens if t.kind == "num"]
    if any(t.kind == "junk" for t in tokens) or len(nums) != expected:
        return "!bad"
    if any(k.startswith("-") for k in nums):
        return "!negative"
    if any(len(k) > _MAX_DIGITS or int(k) > MAX_FAMILIES for k in nums):
        return "!too_large"
    return [int(k) for k in nums]


def needs(text: str, codes: tuple[str, ...]) -> list[str] | str:
    """Read up to 3 ranked needs: numbers 1–12 or words in any language; "0" means none."""
    tokens = tokenize(text)
    if not tokens or any(t.kind == "junk" for t in tokens):
        return "!bad"
    if [t.key for t in tokens] == ["0"]:
        return []
    has_numbers = any(t.kind == "num" for t in tokens)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        if has_numbers and tokens[i].kind == "word":  # a button label after its number
            i += 1
            continue
        need, used = match_need(tokens, i)
        if need is None:
            return "!bad"
        if need not in found:
            found.append(need)
        i += used
    return found if len(found) <= 3 else "!too_many"


_ACCESS_BY_NUMBER = {"1": "yes", "2": "partly", "3": "no"}


def access(text: str) -> list[str] | str:
    """Read three access levels (water, health, education): "1 2 3", "123" or words yes/partly/no."""
    tokens = tokenize(text)
    if len(tokens) == 1 and tokens[0].kind == "num" and len(tokens[0].key) == 3:
        tokens = tokenize(" ".join(tokens[0].key))  # "123" typed without spaces
    levels = []
    for tok in tokens:
        level = _ACCESS_BY_NUMBER.get(tok.key) if tok.kind == "num" else ACCESS_WORDS.get(tok.key)
        if level is None:
            return "!bad"
        levels.append(level)
    return levels if len(levels) == 3 else "!bad"


def yes_no(text: str) -> bool | str:
    """Read 1/yes or 2/no in any language."""
    tokens = tokenize(text)
    if tokens and tokens[0].kind == "num":
        return {"1": True, "2": False}.get(tokens[0].key, "!bad")
    level = ACCESS_WORDS.get(" ".join(t.key for t in tokens))
    return {"yes": True, "no": False}.get(level or "", "!bad")
