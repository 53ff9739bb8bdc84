"""The gazetteer loads 18 governorates and 101 districts idempotently, and locations all-or-nothing."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from core.gazetteer import (
    find_admin_area,
    governorate_for,
    load_demo_locations,
    load_gazetteer,
    load_locations_csv,
)
from core.inputs import CsvImportError, InputError
from core.models import AdminArea, Location


@pytest.fixture
def session(session_factory):
    with session_factory() as s:
        load_gazetteer(s)
        s.commit()
        yield s


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _inside(ring, x, y) -> bool:
    """Ray casting: is (x, y) inside a linear ring?"""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def _in_geometry(geometry, lon, lat) -> bool:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return any(_inside(p[0], lon, lat) and not any(_inside(h, lon, lat) for h in p[1:]) for p in polygons)


def test_loads_18_governorates_and_101_districts(session):
    assert _count(session, AdminArea, AdminArea.level == 1) == 18
    assert _count(session, AdminArea, AdminArea.level == 2) == 101
    orphans = _count(session, AdminArea, AdminArea.level == 2, AdminArea.parent_id.is_(None))
    assert orphans == 0


def test_governorates_have_codes_names_centroids_and_polygons(session):
    governorates = session.scalars(select(AdminArea).where(AdminArea.level == 1)).all()
    for g in governorates:
        assert g.iso_code and g.iso_code.startswith("IQ-")
        assert g.name_ar and g.name_ckb
        assert 29 < g.lat < 38 and 38 < g.lon < 49
        assert g.geometry["type"] in ("Polygon", "MultiPolygon")
    # OCHA centroids and Natural Earth's coarse outlines disagree near borders (Baghdad's centroid lies
    # just outside its NE polygon), so check the polygons are the right ones by a city inside each instead.
    by_pcode = {g.pcode: g for g in governorates}
    for pcode, (lon, lat) in {
        "IQG08": (44.36, 33.31),
        "IQG15": (43.13, 36.34),
        "IQG02": (47.78, 30.51),
    }.items():
        assert _in_geometry(by_pcode[pcode].geometry, lon, lat), pcode
    assert {g.iso_code for g in governorates} >= {"IQ-KI", "IQ-AR", "IQ-DA", "IQ-SU", "IQ-BG"}


def test_kirkuk_gets_the_ts_polygon(session):
    kirkuk = governorate_for(session, "Kirkuk")
    assert kirkuk.pcode == "IQG13" and kirkuk.iso_code == "IQ-KI"
    assert _in_geometry(kirkuk.geometry, 44.39, 35.47)  # Kirkuk city


@pytest.mark.parametrize(
    ("text", "pcode"),
    [
        ("IQG01", "IQG01"),
        ("IQ-G01", "IQG01"),
        ("IRQ-G01", "IQG01"),
        ("iq-an", "IQG01"),
        ("Al Anbar", "IQG01"),
        ("Anbar", "IQG01"),
        ("Babil", "IQG07"),
        ("Babylon", "IQG07"),
        ("Dihok", "IQG09"),
        ("Duhok", "IQG09"),
        ("Al Diwaniya", "IQG05"),
        ("Missan", "IQG14"),
        ("Dhi Qar", "IQG17"),
        ("Salahal Din", "IQG16"),
        ("Wasit", "IQG18"),
        ("Karbala", "IQG12"),
        ("أربيل", "IQG11"),
        ("هەولێر", "IQG11"),
    ],
)
def test_governorate_name_variants(session, text, pcode):
    assert governorate_for(session, text).pcode == pcode


def test_district_lookup_by_code_forms(session):
    assert find_admin_area(session, "IRQ-G01Q01", level=2).name_en == "Al-Falluja"
    assert find_admin_area(session, "Falluja", level=2).pcode == "IQG01Q01"
    with pytest.raises(InputError, match="unknown governorate"):
        governorate_for(session, "Narnia")


def test_load_twice_changes_nothing(session):
    before = {a.pcode: (a.name_en, a.aliases, a.parent_id) for a in session.scalars(select(AdminArea))}
    again = load_gazetteer(session)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 119)
    assert not session.dirty
    after = {a.pcode: (a.name_en, a.aliases, a.parent_id) for a in session.scalars(select(AdminArea))}
    assert before == after


def test_demo_locations_are_synthetic_and_inside_their_governorate(session):
    result = load_demo_locations(session)
    assert result.created >= 40
    locations = session.scalars(select(Location)).all()
    assert all(loc.is_synthetic for loc in locations)
    assert all(loc.place_id > 100000 and loc.name_ar for loc in locations)
    for loc in locations:
        governorate = loc.admin_area.parent
        assert _in_geometry(governorate.geometry, loc.lon, loc.lat), (loc.place_id, loc.name_en)
    assert load_demo_locations(session).unchanged == result.created


GOOD_CSV = """place_id,name_en,name_ar,name_ckb,aliases,lat,lon,district_pcode
# a comment line is skipped
5001,Hay Test,حي تجربة,,Test Quarter|Al-Test,36.19,44.01,IQG11Q02
5002,Qarya Test,قرية تجربة,گوندی تاقی,,35.47,44.39,iqg13q04
"""


def test_user_csv_loads_and_reloads_idempotently(session):
    result = load_locations_csv(session, io.StringIO(GOOD_CSV))
    assert (result.created, result.updated) == (2, 0)
    loc = session.scalar(select(Location).where(Location.place_id == 5001))
    assert not loc.is_synthetic
    assert loc.admin_area.pcode == "IQG11Q02"
    assert [a.alias for a in loc.aliases] == ["Test Quarter", "Al-Test"]
    again = load_locations_csv(session, io.StringIO(GOOD_CSV))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = GOOD_CSV.replace("Hay Test,", "Hay Renamed,").replace("Test Quarter|Al-Test", "Renamed")
    third = load_locations_csv(session, io.StringIO(changed))
    assert (third.created, third.updated) == (0, 1)
    assert [a.alias for a in loc.aliases] == ["Renamed"]


BAD_CSV = """place_id,name_en,name_ar,lat,lon,district_pcode
6001,Fine,جيد,36.19,44.01,IQG11Q02
abc,No Id,لا,36.19,44.01,IQG11Q02
6001,Again,مكرر,36.19,44.01,IQG11Q02
6003,,مفقود,36.19,44.01,IQG11Q02
6004,Paris,باريس,48.85,2.35,IQG11Q02
6005,Nowhere,لا مكان,36.19,44.01,IQG99Q99
"""


def test_bad_csv_is_refused_whole_with_line_numbers(session):
    with pytest.raises(CsvImportError) as caught:
        load_locations_csv(session, io.StringIO(BAD_CSV))
    lines = {line for line, _ in caught.value.errors}
    assert lines == {3, 4, 5, 6, 7}
    message = str(caught.value)
    assert "line 3: place_id 'abc' is not a whole number" in message
    assert "line 4: place_id 6001 repeats line 2" in message
    assert "line 5: name_en is missing" in message
    assert "line 6: lat 48.85 is outside Iraq" in message and "lon 2.35" in message
    assert "line 7: unknown district P-code 'IQG99Q99'" in message
    assert "\n" not in message
    assert _count(session, Location) == 0


def test_csv_missing_columns_and_missing_file(session, tmp_path):
    with pytest.raises(CsvImportError, match="line 1: missing column"):
        load_locations_csv(session, io.StringIO("place_id,name_en\n1,x\n"))
    with pytest.raises(InputError, match="file not found"):
        load_locations_csv(session, tmp_path / "nope.csv")


def test_csv_from_file_with_bom(session, tmp_path):
    path = tmp_path / "locs.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_CSV.encode())
    assert load_locations_csv(session, path).created == 2
