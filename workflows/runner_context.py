"""Load the read-only facts the engine needs (`Context`) for one sender, with a per-process gazetteer cache."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from core.models import AdminArea, KeyInformant, KIUrn, Location, LocationAlias, Report, Round
from core.rounds import current_round
from workflows.engine.types import Context, KIProfile, LocationRef, ReportSummary, RoundRef
from workflows.location_index import GazetteerIndex
from workflows.runtime import Runtime

Governorate = tuple[str, str, str, str]


def location_ref(loc: Location) -> LocationRef:
    """Return the engine's view of a location."""
    return LocationRef(
        id=loc.id, place_id=loc.place_id, name_en=loc.name_en, name_ar=loc.name_ar, name_ckb=loc.name_ckb
    )


def load_ki(*, session: Session, urn: str) -> KeyInformant | None:
    """Return the KI reachable at `urn`, with their locations, or None for an unknown sender."""
    return (
        session.execute(
            select(KeyInformant)
            .join(KIUrn, KIUrn.ki_id == KeyInformant.id)
            .where(KIUrn.urn == urn)
            .options(joinedload(KeyInformant.locations))
        )
        .unique()
        .scalar_one_or_none()
    )


def ki_profile(ki: KeyInformant) -> KIProfile:
    """Return the engine's view of a KI."""
    return KIProfile(
        id=ki.id,
        name=ki.name,
        language=ki.language,
        status=ki.status,
        locations=tuple(location_ref(loc) for loc in ki.locations),
    )


def last_report(*, session: Session, ki_id: int) -> ReportSummary | None:
    """Return the KI's latest report that still counts (not superseded), for STATUS."""
    row = session.execute(
        select(Report, Location, Round)
        .join(Location, Location.id == Report.location_id)
        .join(Round, Round.id == Report.round_id)
        .where(Report.ki_id == ki_id, Report.status != "superseded")
        .order_by(Report.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    report, loc, rnd = row
    return ReportSummary(
        ref=report.ref,
        location=location_ref(loc),
        families=report.families,
        individuals=report.individuals,
        status=report.status,
        round_number=rnd.number,
    )


@dataclass(frozen=True)
class Gazetteer:
    """The location index and governorate list, built together from one snapshot of the tables."""

    index: GazetteerIndex
    governorates: tuple[Governorate, ...]


class GazetteerCache:
    """Builds the gazetteer once per process and database, rebuilding when the tables change.

    A change is noticed through a cheap fingerprint (row counts and max ids), read at most every
    `check_every` seconds (three queries per message would be a fifth of a message's database work); as
    name edits keep both, the cache is also rebuilt after `max_age` seconds.
    """

    def __init__(self, max_age: float = 300.0, check_every: float = 5.0):
        self._max_age = max_age
        self._check_every = check_every
        self._lock = threading.Lock()
        # database -> (fingerprint, built at, fingerprint checked at, gazetteer)
        self._entries: dict[str, tuple[tuple, float, float, Gazetteer]] = {}

    def get(self, *, session: Session) -> Gazetteer:
        """Return the current gazetteer for the session's database."""
        key = session.get_bind().engine.url.render_as_string(hide_password=True)
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
        if entry and now - entry[2] < self._check_every and now - entry[1] < self._max_age:
            return entry[3]
        fingerprint = self._fingerprint(session)
        if entry and entry[0] == fingerprint and now - entry[1] < self._max_age:
            with self._lock:
                self._entries[key] = (fingerprint, entry[1], now, entry[3])
            return entry[3]
        built = self._build(session)
        with self._lock:
            self._entries[key] = (fingerprint, now, now, built)
        return built

    def clear(self) -> None:
        """Forget every cached gazetteer."""
        with self._lock:
            self._entries.clear()

    @staticmethod
    def _fingerprint(session: Session) -> tuple:
        """Return counts and max ids of the gazetteer tables."""
        locs = session.execute(select(func.count(Location.id), func.max(Location.id))).one()
        aliases = session.execute(select(func.count(LocationAlias.id), func.max(LocationAlias.id))).one()
        areas = session.execute(select(func.count(AdminArea.id), func.max(AdminArea.id))).one()
        return (*locs, *aliases, *areas)

    @staticmethod
    def _build(session: Session) -> Gazetteer:
        """Read every location with its aliases, and the governorates."""
        aliases: dict[int, list[str]] = {}
        for location_id, alias in session.execute(select(LocationAlias.location_id, LocationAlias.alias)):
            aliases.setdefault(location_id, []).append(alias)
        entries = [
            (location_ref(loc), tuple(aliases.get(loc.id, ())))
            for loc in session.execute(select(Location).order_by(Location.place_id)).scalars()
        ]
        governorates = tuple(
            (a.pcode, a.name_en, a.name_ar or a.name_en, a.name_ckb or a.name_en)
            for a in session.execute(
                select(AdminArea).where(AdminArea.level == 1).order_by(AdminArea.pcode)
            ).scalars()
        )
        return Gazetteer(index=GazetteerIndex(entries), governorates=governorates)


GAZETTEER = GazetteerCache()


@dataclass
class Loaded:
    """What the runner loaded for one message: the engine's context and the rows behind it."""

    context: Context
    ki: KeyInformant | None
    round: Round | None


def load_context(*, session: Session, urn: str, received_at: datetime | None, rt: Runtime) -> Loaded:
    """Load everything `step` may read for a message from `urn` (filed in the round open on arrival)."""
    ki = load_ki(session=session, urn=urn)
    rnd = current_round(session, at=received_at)
    gazetteer = GAZETTEER.get(session=session)
    context = Context(
        ki=ki_profile(ki) if ki else None,
        round=RoundRef(id=rnd.id, number=rnd.number) if rnd else None,
        locations=gazetteer.index,
        last_report=last_report(session=session, ki_id=ki.id) if ki else None,
        family_size=rt.family_size,
        session_ttl=timedelta(hours=rt.session_ttl_hours),
        governorates=gazetteer.governorates,
    )
    return Loaded(context=context, ki=ki, round=rnd)
