"""The in-memory gazetteer index: Place IDs, names in three scripts, aliases, the KI's own places first."""

from __future__ import annotations

from engine_world import AINKAWA, ASKARI, DARASHAKRAN, INDEX, QAYYARAH, TAMEEM


def top(text: str, prefer=()) -> int | None:
    matches = INDEX.search(text, prefer=prefer)
    return matches[0].location.place_id if matches else None


def test_by_place_id() -> None:
    assert INDEX.by_place_id(10234) == ASKARI
    assert INDEX.by_place_id(1) is None


def test_names_in_every_language_and_aliases() -> None:
    assert top("Darashakran") == DARASHAKRAN.place_id
    assert top("دار شكران") == DARASHAKRAN.place_id
    assert top("دارەشەکران") == DARASHAKRAN.place_id
    assert top("دارەشكران") == DARASHAKRAN.place_id  # Arabic kaf in a Sorani name
    assert top("Ankawa") == AINKAWA.place_id
    assert top("عنکاوه") == AINKAWA.place_id  # keheh and heh for kaf and teh marbuta
    assert top("qayara") == QAYYARAH.place_id
    assert top("العسكري") == ASKARI.place_id


def test_numbers_are_place_ids() -> None:
    assert top("10235") == TAMEEM.place_id
    assert INDEX.search("99999") == []
    assert isinstance(INDEX.search("¹²"), list)  # superscripts are "digits" to str.isdigit() only


def test_own_locations_are_preferred() -> None:
    plain = {m.location.place_id: m.score for m in INDEX.search("hay")}
    boosted = {m.location.place_id: m.score for m in INDEX.search("hay", prefer=(TAMEEM,))}
    assert boosted[TAMEEM.place_id] > plain[TAMEEM.place_id]
    assert top("hay", prefer=(TAMEEM,)) == TAMEEM.place_id


def test_noise_finds_nothing() -> None:
    assert INDEX.search("") == []
    assert INDEX.search("zzzz qqq", prefer=(ASKARI,)) == []
