"""Load locations (Place IDs) from a CSV: validate every row first, refuse the whole file on any error."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.inputs import CsvImportError, CsvRow, LoadResult, Source, apply_values, read_csv, source_name
from core.models import AdminArea, Location, LocationAlias

REQUIRED_COLUMNS = ("place_id", "name_en", "name_ar", "lat", "lon", "district_pcode")
# Iraq's bounding box with a little margin (the country spans about 29.06-37.38 N, 38.79-48.57 E).
LAT_RANGE = (29.0, 38.0)
LON_RANGE = (38.0, 49.0)
DEMO_FILE = "demo_locations.csv"


@dataclass(frozen=True)
class _LocationRow:
    """A validated CSV row, ready to upsert."""

    place_id: int
    name_en: str
    name_ar: str
    name_ckb: str | None
    aliases: tuple[str, ...]
    lat: float
    lon: float
    district: AdminArea


def _coordinate(raw: str, what: str, bounds: tuple[float, float], problems: list[str]) -> float:
    """Parse a latitude or longitude and check it lies within Iraq's box."""
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{what} {raw!r} is not a number" if raw else f"{what} is missing")
        return 0.0
    if not bounds[0] <= value <= bounds[1]:
        problems.append(f"{what} {value} is outside Iraq ({bounds[0]}..{bounds[1]})")
    return value


def _validate(
    row: CsvRow, districts: dict[str, AdminArea], seen: dict[int, int]
) -> tuple[_LocationRow | None, list[str]]:
    """Check one row; return the parsed row or the list of reasons it is bad."""
    problems: list[str] = []
    raw_id = row.get("place_id")
    place_id = 0
    if not raw_id.isascii() or not raw_id.isdigit():
        problems.append(f"place_id {raw_id!r} is not a whole number" if raw_id else "place_id is missing")
    else:
        place_id = int(raw_id)
        if place_id in seen:
            problems.append(f"place_id {place_id} repeats line {seen[place_id]}")
        else:
            seen[place_id] = row.line
    for column in ("name_en", "name_ar"):
        if not row.get(column):
            problems.append(f"{column} is missing")
    lat = _coordinate(row.get("lat"), "lat", LAT_RANGE, problems)
    lon = _coordinate(row.get("lon"), "lon", LON_RANGE, problems)
    pcode = row.get("district_pcode").upper()
    district = districts.get(pcode)
    if district is None:
        problems.append(f"unknown district P-code {pcode!r}" if pcode else "district_pcode is missing")
    if problems:
        return None, problems
    aliases = tuple(dict.fromkeys(a.strip() for a in row.get("aliases").split("|") if a.strip()))
    parsed = _LocationRow(
        place_id=place_id,
        name_en=row.get("name_en"),
        name_ar=row.get("name_ar"),
        name_ckb=row.get("name_ckb") or None,
        aliases=aliases,
        lat=lat,
        lon=lon,
        district=district,  # type: ignore[arg-type]
    )
    return parsed, []


def _upsert(session: Session, row: _LocationRow, existing: Location | None, synthetic: bool) -> str:
    """Create or update one location; return 'created', 'updated' or 'unchanged'."""
    values = {
        "name_en": row.name_en,
        "name_ar": row.name_ar,
        "name_ckb": row.name_ckb,
        "lat": row.lat,
        "lon": row.lon,
        "admin_area_id": row.district.id,
        "is_synthetic": synthetic,
    }
    if existing is None:
        location = Location(place_id=row.place_id, **values)
        location.aliases = [LocationAlias(alias=a) for a in row.aliases]
        session.add(location)
        return "created"
    changed = apply_values(existing, values)
    if [a.alias for a in existing.aliases] != list(row.aliases):
        # Replace rather than patch: the file is the truth for this location's aliases.
        keep = {a.alias: a for a in existing.aliases if a.alias in row.aliases}
        existing.aliases = [keep.get(a) or LocationAlias(alias=a) for a in row.aliases]
        changed = True
    return "updated" if changed else "unchanged"


def load_locations_csv(session: Session, source: Source, *, synthetic: bool = False) -> LoadResult:
    """Upsert locations by Place ID from a CSV; raise CsvImportError (nothing written) on any bad row.

    Columns: place_id, name_en, name_ar, lat, lon, district_pcode; optional name_ckb and aliases (`|`).
    """
    name = source_name(source)
    _header, rows = read_csv(source, required=REQUIRED_COLUMNS)
    districts = {a.pcode: a for a in session.scalars(select(AdminArea).where(AdminArea.level == 2))}
    errors: list[tuple[int, str]] = []
    parsed: list[_LocationRow] = []
    seen: dict[int, int] = {}
    for row in rows:
        good, problems = _validate(row, districts, seen)
        errors += [(row.line, p) for p in problems]
        if good is not None:
            parsed.append(good)
    if errors:
        raise CsvImportError(name, errors)
    if not parsed:
        raise CsvImportError(name, [(1, "no locations in the file")])

    ids = [p.place_id for p in parsed]
    existing: dict[int, Location] = {}
    for chunk in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        batch = select(Location).where(Location.place_id.in_(ids[chunk : chunk + 500]))
        existing.update({loc.place_id: loc for loc in session.scalars(batch)})
    result = LoadResult()
    for good in parsed:
        outcome = _upsert(session, good, existing.get(good.place_id), synthetic)
        setattr(result, outcome, getattr(result, outcome) + 1)
    session.flush()
    return result


def load_demo_locations(session: Session) -> LoadResult:
    """Load the shipped SYNTHETIC demo locations, flagged is_synthetic (needs the gazetteer loaded)."""
    with resources.files("core.data").joinpath(DEMO_FILE).open("rb") as stream:
        return load_locations_csv(session, stream, synthetic=True)
