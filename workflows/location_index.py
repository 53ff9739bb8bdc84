"""An in-memory `LocationIndex` over the gazetteer: Place ID lookup and fuzzy name search in en/ar/ckb.

The runner builds it from the database (locations with their aliases) and hands it to the engine in the
`Context`; it holds plain data only. Names are compared in their folded form (see `normalize.fold`), so
أ/ا, ي/ی, ك/ک and Sorani letters typed on an Arabic keyboard still match.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from workflows.engine.normalize import fold
from workflows.engine.types import LocationMatch, LocationRef

PREFER_BOOST = 10.0  # a KI mostly names their own locations; lift those over look-alikes elsewhere
BOOST_FROM = 70.0  # ...but only plausible matches: a boost must not turn noise into a candidate
_ARTICLES = ("al ", "el ", "ال")


def _key(name: str) -> str:
    """Return the comparison key of a name: folded, hyphens as spaces, leading articles dropped."""
    key = fold(name.replace("-", " "))
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            key = key[len(article) :]
    return key


class GazetteerIndex:
    """Finds locations by Place ID or by any of their names and aliases."""

    def __init__(self, locations: Sequence[tuple[LocationRef, Sequence[str]]]) -> None:
        self._by_place_id = {loc.place_id: loc for loc, _ in locations}
        self._keys: list[str] = []
        self._owners: list[LocationRef] = []
        for loc, aliases in locations:
            for name in {loc.name_en, loc.name_ar, loc.name_ckb, *aliases}:
                if name and _key(name):
                    self._keys.append(_key(name))
                    self._owners.append(loc)

    def by_place_id(self, place_id: int) -> LocationRef | None:
        """Return the location with this Place ID, if any."""
        return self._by_place_id.get(place_id)

    def search(self, text: str, prefer: tuple[LocationRef, ...] = (), limit: int = 3) -> list[LocationMatch]:
        """Return up to `limit` locations best matching text (0–100), the KI's own ones boosted."""
        query = _key(text)
        if not query:
            return []
        if query.isascii() and query.isdigit():  # "¹" is a digit to isdigit() but not to int()
            loc = self.by_place_id(int(query))
            return [LocationMatch(loc, 100.0)] if loc else []
        preferred = {loc.id for loc in prefer}
        best: dict[int, LocationMatch] = {}
        hits = process.extract(
            query, self._keys, scorer=fuzz.WRatio, limit=max(20, limit * 5), score_cutoff=50
        )
        for _, score, index in hits:
            loc = self._owners[index]
            boost = PREFER_BOOST if loc.id in preferred and score >= BOOST_FROM else 0.0
            score = min(100.0, score + boost)
            if loc.id not in best or best[loc.id].score < score:
                best[loc.id] = LocationMatch(loc, score)
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.location.place_id))
        return ranked[:limit]
