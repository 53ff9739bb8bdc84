"""The gazetteer: load Iraq's governorates and districts from package data, and look areas up by any name."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.gazetteer_csv import load_demo_locations, load_locations_csv
from core.inputs import InputError, LoadResult, apply_values
from core.models import AdminArea

__all__ = [
    "GazetteerError",
    "find_admin_area",
    "governorate_for",
    "load_demo_locations",
    "load_gazetteer",
    "load_locations_csv",
    "normalise_name",
]

# Natural Earth still uses Kirkuk's pre-2006 name At-Ta'mim and its HASC code IQ.TS; ISO says IQ-KI.
HASC_TO_ISO_SUFFIX = {"TS": "KI"}


class GazetteerError(InputError):
    """The package data is inconsistent (a bug in the shipped files, not in user input)."""


def _data_text(name: str) -> str:
    """Read one of the shipped data files in core/data."""
    return resources.files("core.data").joinpath(name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    """Read a shipped CSV, skipping '#' comment lines."""
    lines = [ln for ln in _data_text(name).splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def normalise_name(text: str) -> str:
    """Fold a place name for matching: case, accents, punctuation and a leading Arabic article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text).strip()
    # "Al-Anbar", "An-Najaf", "As-Sulaymaniyah" and "Anbar" are the same place.
    text = re.sub(r"^(al|an|as|at|ad|ar|el)\s+", "", text)
    return text.replace(" ", "")


def _code_forms(pcode: str) -> list[str]:
    """Other spellings of a P-code seen in DTM files: IQ-G01 (older DTM), IRQ-G01Q01 (DTM API)."""
    forms = [f"IRQ-{pcode[2:]}"]
    if len(pcode) == 5:
        forms.insert(0, f"IQ-{pcode[2:]}")
    return forms


def _dedupe(items: list[str]) -> list[str]:
    """Keep the first of each distinct item, in order."""
    seen: set[str] = set()
    out = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _geometries() -> dict[str, dict]:
    """Map ISO 3166-2 code -> GeoJSON geometry from the Natural Earth file."""
    features = json.loads(_data_text("iraq_governorates_naturalearth.geojson"))["features"]
    out = {}
    for feature in features:
        suffix = feature["properties"]["code_hasc"].split(".")[1]
        out[f"IQ-{HASC_TO_ISO_SUFFIX.get(suffix, suffix)}"] = feature["geometry"]
    return out


def _governorate_values() -> dict[str, dict]:
    """Build the column values of the 18 governorates, keyed by P-code."""
    extra = {row["pcode"]: row for row in _csv_rows("governorate_names.csv")}
    geometries = _geometries()
    out = {}
    for row in _csv_rows("governorates.csv"):
        pcode = row["ocha_pcode_2019"]
        iso = row["iso_3166_2"]
        if pcode not in extra or iso not in geometries:
            raise GazetteerError(f"package data incomplete for governorate {pcode} ({iso})")
        aliases = [row["ocha_name"], *extra[pcode]["aliases"].split("|"), *_code_forms(pcode)]
        out[pcode] = {
            "level": 1,
            "iso_code": iso,
            "name_en": row["dtm_name"],
            "name_ar": row["arabic"],
            "name_ckb": extra[pcode]["name_ckb"],
            "aliases": [a for a in _dedupe(aliases) if a != row["dtm_name"]],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "geometry": geometries[iso],
        }
    return out


def _district_aliases(pcode: str, name: str) -> list[str]:
    """Aliases of a district: the name without its article ("Falluja") and the DTM API code form."""
    bare = re.sub(r"^(Al|An|As|At|Ad|Ar)-", "", name)
    return _dedupe([a for a in [bare, *_code_forms(pcode)] if a != name])


def load_gazetteer(session: Session) -> LoadResult:
    """Upsert the 18 governorates and 101 districts by P-code; a second run changes nothing."""
    result = LoadResult()
    existing = {a.pcode: a for a in session.scalars(select(AdminArea).where(AdminArea.level <= 2))}

    def upsert(pcode: str, values: dict) -> AdminArea:
        area = existing.get(pcode)
        if area is None:
            area = AdminArea(pcode=pcode, **values)
            session.add(area)
            existing[pcode] = area
            result.created += 1
        elif apply_values(area, values):
            result.updated += 1
        else:
            result.unchanged += 1
        return area

    for pcode, values in _governorate_values().items():
        upsert(pcode, values)
    session.flush()  # districts need their governorate's id

    for row in _csv_rows("iraq_admin_pcodes.csv"):
        if row["admin_level"] != "2":
            continue
        parent = existing.get(row["parent_pcode"])
        if parent is None:
            raise GazetteerError(f"district {row['pcode']} has unknown parent {row['parent_pcode']}")
        pcode, name = row["pcode"], row["name_en"]
        upsert(
            pcode,
            {"level": 2, "parent_id": parent.id, "name_en": name, "aliases": _district_aliases(pcode, name)},
        )
    session.flush()
    return result


def find_admin_area(session: Session, text: str, *, level: int | None = None) -> AdminArea | None:
    """Find an area by P-code (any code form), ISO code, or English/Arabic/Kurdish name or alias."""
    text = text.strip()
    if not text:
        return None
    query = select(AdminArea)
    if level is not None:
        query = query.where(AdminArea.level == level)
    code = text.upper()
    code = re.sub(r"^IRQ-", "IQ", code) if code.startswith("IRQ-") else code
    code = re.sub(r"^IQ-G", "IQG", code)
    found = session.scalars(query.where((AdminArea.pcode == code) | (AdminArea.iso_code == code))).first()
    if found is not None:
        return found
    wanted = normalise_name(text)
    for area in session.scalars(query.order_by(AdminArea.level, AdminArea.pcode)):
        names = [area.name_en, area.name_ar, area.name_ckb, *(area.aliases or [])]
        if any(n and normalise_name(n) == wanted for n in names):
            return area
    return None


def governorate_for(session: Session, text: str) -> AdminArea:
    """Resolve a governorate given by P-code, ISO code or name; raise InputError when unknown."""
    area = find_admin_area(session, text, level=1)
    if area is None:
        raise InputError(
            f"unknown governorate {text!r} (use a P-code like IQG08, ISO code like IQ-BG, or name)"
        )
    return area
