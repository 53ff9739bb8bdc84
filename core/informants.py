"""Key informants: add one, import many from CSV (all-or-nothing), turn phones and Telegram ids into URNs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.inputs import CsvImportError, InputError, LoadResult, Source, apply_values, read_csv, source_name
from core.models import KeyInformant, KIUrn, Location
from core.models.people import LANGUAGES

DEFAULT_REGION = "IQ"
# What operators type in the language column, mapped to our codes.
LANGUAGE_ALIASES = {
    "en": "en",
    "english": "en",
    "ar": "ar",
    "arabic": "ar",
    "عربي": "ar",
    "ckb": "ckb",
    "ku": "ckb",
    "kurdish": "ckb",
    "sorani": "ckb",
    "کوردی": "ckb",
}


def phone_urn(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """Normalise a phone number (local `0770...` or international) to a `tel:+964...` URN."""
    text = raw.strip().removeprefix("tel:")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InputError(f"bad phone number {raw!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InputError(f"bad phone number {raw!r} (not a valid number for {region} or abroad)")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def telegram_urn(raw: str | int) -> str:
    """Turn a Telegram user id (digits, or `telegram:123`) into a `telegram:123` URN."""
    text = str(raw).strip().removeprefix("telegram:")
    if not text.isascii() or not text.isdigit() or int(text) == 0:
        raise InputError(f"bad Telegram id {raw!r} (a positive number, as Telegram shows it)")
    return f"telegram:{int(text)}"


def normalise_language(raw: str) -> str:
    """Map a language name or code to en, ar or ckb."""
    lang = LANGUAGE_ALIASES.get(raw.strip().casefold())
    if lang is None:
        raise InputError(f"unknown language {raw!r} (choose from {', '.join(LANGUAGES)})")
    return lang


def locations_by_place_id(session: Session, place_ids: Iterable[int | str]) -> list[Location]:
    """Return locations for Place IDs, in the given order; raise InputError naming any unknown ones."""
    ids: list[int] = []
    for raw in place_ids:
        text = str(raw).strip()
        if not text.isascii() or not text.isdigit():
            raise InputError(f"bad place id {raw!r} (a whole number)")
        if int(text) not in ids:
            ids.append(int(text))
    found = {loc.place_id: loc for loc in session.scalars(select(Location).where(Location.place_id.in_(ids)))}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise InputError(f"unknown place id(s): {', '.join(unknown)}")
    return [found[i] for i in ids]


def find_ki_by_urn(session: Session, urn: str) -> KeyInformant | None:
    """Return the KI reachable at a URN, or None."""
    return session.scalar(select(KeyInformant).join(KIUrn).where(KIUrn.urn == urn))


def _urns(phone: str | None, telegram_id: str | int | None) -> list[str]:
    """Build and check a KI's URNs: at least one way to reach them."""
    urns = []
    if phone:
        urns.append(phone_urn(phone))
    if telegram_id not in (None, ""):
        urns.append(telegram_urn(telegram_id))  # type: ignore[arg-type]
    if not urns:
        raise InputError("a key informant needs a phone number or a Telegram id")
    return urns


def add_ki(
    session: Session,
    *,
    name: str,
    phone: str | None = None,
    telegram_id: str | int | None = None,
    language: str = "ar",
    place_ids: Iterable[int | str] = (),
    role: str | None = None,
) -> KeyInformant:
    """Register a key informant with their URNs and locations; refuse URNs already in use."""
    name = name.strip()
    if not name:
        raise InputError("a key informant needs a name")
    urns = _urns(phone, telegram_id)
    for urn in urns:
        other = find_ki_by_urn(session, urn)
        if other is not None:
            raise InputError(f"{urn} already belongs to key informant #{other.id} ({other.name})")
    ki = KeyInformant(
        name=name,
        role=role or None,
        language=normalise_language(language),
        urns=[KIUrn(urn=u) for u in urns],
        locations=locations_by_place_id(session, place_ids),
    )
    session.add(ki)
    session.flush()
    return ki


@dataclass(frozen=True)
class _KiRow:
    """A validated KI row from a CSV."""

    line: int
    name: str
    urns: tuple[str, ...]
    language: str
    role: str | None
    locations: tuple[Location, ...]


def _check_row(session: Session, row, seen_urns: dict[str, int]) -> tuple[_KiRow | None, list[str]]:
    """Validate one CSV row; return the parsed row or the reasons it is bad."""
    problems: list[str] = []
    urns: list[str] = []
    if not row.get("name"):
        problems.append("name is missing")
    for column, build in (("phone", phone_urn), ("telegram", telegram_urn)):
        if row.get(column):
            try:
                urns.append(build(row.get(column)))
            except InputError as exc:
                problems.append(str(exc))
    if not urns and not problems:
        problems.append("needs a phone or a telegram id")
    for urn in urns:
        if urn in seen_urns:
            problems.append(f"{urn} repeats line {seen_urns[urn]}")
        else:
            seen_urns[urn] = row.line
    language = "ar"
    try:
        language = normalise_language(row.get("language") or "ar")
    except InputError as exc:
        problems.append(str(exc))
    locations: list[Location] = []
    place_ids = row.get("place_ids").replace("|", " ").replace(";", " ").split()
    if not place_ids:
        problems.append("place_ids is missing")
    else:
        try:
            locations = locations_by_place_id(session, place_ids)
        except InputError as exc:
            problems.append(str(exc))
    if problems:
        return None, problems
    parsed = _KiRow(
        row.line, row.get("name"), tuple(urns), language, row.get("role") or None, tuple(locations)
    )
    return parsed, []


def import_kis_csv(session: Session, source: Source) -> LoadResult:
    """Create or update KIs from a CSV, matched by phone/Telegram URN; refuse the whole file on any bad row.

    Columns: name, phone, telegram, language (en|ar|ckb), place_ids (separated by `|` or spaces), role.
    """
    name = source_name(source)
    header, rows = read_csv(source, required=("name", "place_ids"))
    if "phone" not in header and "telegram" not in header:
        raise CsvImportError(name, [(1, "needs a phone or a telegram column")])
    errors: list[tuple[int, str]] = []
    parsed: list[tuple[_KiRow, KeyInformant | None]] = []
    seen_urns: dict[str, int] = {}
    for row in rows:
        good, problems = _check_row(session, row, seen_urns)
        errors += [(row.line, p) for p in problems]
        if good is None:
            continue
        owners = {ki.id: ki for u in good.urns if (ki := find_ki_by_urn(session, u)) is not None}
        if len(owners) > 1:
            errors.append((row.line, f"phone and telegram belong to different KIs ({sorted(owners)})"))
            continue
        parsed.append((good, next(iter(owners.values()), None)))
    if errors:
        raise CsvImportError(name, errors)
    if not parsed:
        raise CsvImportError(name, [(1, "no key informants in the file")])

    result = LoadResult()
    for good, ki in parsed:
        values = {"name": good.name, "language": good.language, "role": good.role}
        if ki is None:
            ki = KeyInformant(
                **values, urns=[KIUrn(urn=u) for u in good.urns], locations=list(good.locations)
            )
            session.add(ki)
            result.created += 1
            continue
        changed = apply_values(ki, values)
        missing = [u for u in good.urns if u not in {x.urn for x in ki.urns}]
        ki.urns += [KIUrn(urn=u) for u in missing]
        if {loc.id for loc in ki.locations} != {loc.id for loc in good.locations}:
            ki.locations = list(good.locations)
            changed = True
        if changed or missing:
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


def get_ki(session: Session, ki_id: int) -> KeyInformant | None:
    """Return a KI with URNs and locations loaded, or None."""
    query = select(KeyInformant).where(KeyInformant.id == ki_id)
    return session.scalar(
        query.options(selectinload(KeyInformant.urns), selectinload(KeyInformant.locations))
    )
